package io.github.tokenvalidator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the authorization server says about a token: the RFC 7662 introspection claims plus MobileFirst's
 * own.
 *
 * <p>The standard claims have typed getters ({@link #scope()}, {@link #expiresAt()}, …); every claim of
 * the answer, standard or not, is in {@link #claims()} as parsed JSON ({@code String}, {@code Boolean},
 * {@code Long}, {@code Double}, {@code java.math.BigInteger}, {@code List}, {@code Map} or null).
 * {@link #mobileFirst()} reads the {@code mfp-*} objects into typed values. Getters of absent claims
 * return null.
 *
 * <p>Instances are immutable and thread-safe. {@link #builder()} makes them for tests and for other ways
 * of turning a token into data.
 */
public final class TokenInfo {
  private final boolean active;
  private final Scope scope;
  private final String clientId;
  private final String username;
  private final String subject;
  private final String tokenType;
  private final Instant expiresAt;
  private final Instant issuedAt;
  private final Instant notBefore;
  private final String issuer;
  private final List<String> audience;
  /** The configured issuer that answered: {@code default} or a group's name; null when not set. */
  private final String issuerGroup;
  /** Where the claims come from when they are read on first use; null once read or when given whole. */
  private volatile Supplier<? extends Map<String, ?>> claimSource;
  /**
   * Every claim once read or when given whole; until then, the few {@link Builder#lazyClaims(Supplier, Map)} read
   * ahead (no extra field: a cached answer keeps its size).
   */
  private volatile Map<String, Object> claims;
  private volatile MobileFirst mobileFirst;

  private TokenInfo(Builder builder) {
    this.active = builder.active;
    this.scope = builder.scope;
    this.clientId = builder.clientId;
    this.username = builder.username;
    this.subject = builder.subject;
    this.tokenType = builder.tokenType;
    this.expiresAt = builder.expiresAt;
    this.issuedAt = builder.issuedAt;
    this.notBefore = builder.notBefore;
    this.issuer = builder.issuer;
    this.audience = List.copyOf(builder.audience);
    this.issuerGroup = builder.issuerGroup;
    if (builder.claimSource != null) {
      this.claims = readAhead(builder.readAhead);
      this.claimSource = builder.claimSource;
    } else {
      this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(builder.claims));
    }
  }

  /**
   * A builder with {@code active = true} and every other value absent.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return {@code known}, kept rather than copied (a resolver shares one for many answers)} */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> readAhead(Map<String, ?> known) {
    return (Map<String, Object>) known;
  }

  /** {@return a new builder holding this token's values} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the {@code active} claim: whether the server considers the token usable at all} */
  public boolean isActive() {
    return active;
  }

  /** {@return the {@code scope} claim; empty when absent} */
  public Scope scope() {
    return scope;
  }

  /** {@return the {@code client_id} claim} */
  public String clientId() {
    return clientId;
  }

  /** {@return the {@code username} claim} */
  public String username() {
    return username;
  }

  /** {@return the {@code sub} claim} */
  public String subject() {
    return subject;
  }

  /** {@return the {@code token_type} claim} */
  public String tokenType() {
    return tokenType;
  }

  /** {@return the {@code exp} claim, read as seconds or milliseconds since the epoch (MobileFirst uses both)} */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** {@return the {@code iat} claim} */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** {@return the {@code nbf} claim} */
  public Instant notBefore() {
    return notBefore;
  }

  /** {@return the {@code iss} claim} */
  public String issuer() {
    return issuer;
  }

  /**
   * {@return the configured issuer that answered for this token: {@code default} for the issuer of the settings
   * without a group, else the issuer group's name ({@code tokenvalidator.issuers.<name>.*}); null for token data
   * no validator resolved} Unlike {@link #issuer()}, the token's own {@code iss} claim, this names the
   * configuration whose server or keys vouched for the token. Not part of {@link #equals}: it tells who
   * answered, not what.
   */
  public String issuerGroup() {
    return issuerGroup;
  }

  /**
   * {@return this token data, naming {@code group} as the configured issuer that answered} The claims are
   * shared, not copied or parsed. For validators and tests.
   *
   * @param group {@code default} or an issuer group's name
   */
  public TokenInfo withIssuerGroup(String group) {
    Objects.requireNonNull(group, "group");
    return group.equals(issuerGroup) ? this : new TokenInfo(this, group);
  }

  private TokenInfo(TokenInfo from, String group) {
    this.active = from.active;
    this.scope = from.scope;
    this.clientId = from.clientId;
    this.username = from.username;
    this.subject = from.subject;
    this.tokenType = from.tokenType;
    this.expiresAt = from.expiresAt;
    this.issuedAt = from.issuedAt;
    this.notBefore = from.notBefore;
    this.issuer = from.issuer;
    this.audience = from.audience;
    this.issuerGroup = group;
    synchronized (from) {
      // as claims() reads them: under the source's lock, so a parse under way is seen whole
      this.claims = from.claims;
      this.claimSource = from.claimSource;
    }
  }

  /** {@return the {@code aud} claim, one string or an array in the answer; empty when absent} */
  public List<String> audience() {
    return audience;
  }

  /**
   * {@return every claim of the answer, in its order, as parsed JSON values} A cached answer keeps the server's
   * bytes and parses them here on first use, so an answer nobody reads the claims of stays small.
   */
  public Map<String, Object> claims() {
    // claimSource is cleared after claims is set: once it reads null, claims holds every claim
    if (claimSource == null) {
      return claims;
    }
    synchronized (this) {
      if (claimSource != null) {
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claimSource.get()));
        claimSource = null;
      }
      return claims;
    }
  }

  /**
   * {@return one claim as parsed JSON, or null} A claim the token's resolver read ahead (an introspection
   * answer's {@code cnf}, which every request is checked for) is answered without reading the others.
   *
   * @param name the claim's name
   */
  public Object claim(String name) {
    if (claimSource != null) {
      // before the claims are read, claims holds those read ahead; after, all of them: either answers name
      Map<String, Object> known = claims;
      if (known.containsKey(name)) {
        return known.get(name);
      }
    }
    return claims().get(name);
  }

  /** {@return whether the claims were read: false while a lazily built answer keeps only its source} For tests. */
  boolean claimsRead() {
    return claimSource == null;
  }

  /** {@return the MobileFirst {@code mfp-*} claims as typed values (each part null when absent); read on first use} */
  public MobileFirst mobileFirst() {
    MobileFirst view = mobileFirst;
    if (view == null) {
      view = MobileFirst.from(claims());
      mobileFirst = view; // the same value whichever thread wins
    }
    return view;
  }

  /**
   * {@return whether the token is active and, when it has {@code exp} or {@code nbf}, inside them at {@code now}}
   *
   * @param now the instant to check against
   */
  public boolean isUsableAt(Instant now) {
    if (!active) {
      return false;
    }
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      return false;
    }
    return notBefore == null || !now.isBefore(notBefore);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof TokenInfo)) {
      return false;
    }
    TokenInfo that = (TokenInfo) other;
    return active == that.active && scope.equals(that.scope) && Objects.equals(clientId, that.clientId)
        && Objects.equals(username, that.username) && Objects.equals(subject, that.subject)
        && Objects.equals(tokenType, that.tokenType) && Objects.equals(expiresAt, that.expiresAt)
        && Objects.equals(issuedAt, that.issuedAt) && Objects.equals(notBefore, that.notBefore)
        && Objects.equals(issuer, that.issuer) && audience.equals(that.audience)
        && claims().equals(that.claims());
  }

  @Override
  public int hashCode() {
    return Objects.hash(active, scope, clientId, username, subject, expiresAt);
  }

  /** A summary for logs: no claim values beyond the standard identifiers. */
  @Override
  public String toString() {
    return "TokenInfo{active=" + active + ", scope=" + scope + ", clientId=" + clientId
        + ", username=" + username + ", subject=" + subject + ", expiresAt=" + expiresAt + '}';
  }

  /**
   * Builds a {@link TokenInfo}. Not thread-safe.
   */
  public static final class Builder {
    private boolean active = true;
    private Scope scope = Scope.empty();
    private String clientId;
    private String username;
    private String subject;
    private String tokenType;
    private Instant expiresAt;
    private Instant issuedAt;
    private Instant notBefore;
    private String issuer;
    private List<String> audience = List.of();
    private String issuerGroup;
    private Map<String, Object> claims = new LinkedHashMap<>();
    private Supplier<? extends Map<String, ?>> claimSource;
    private Map<String, ?> readAhead = Map.of();

    Builder() {}

    Builder(TokenInfo token) {
      this.active = token.active;
      this.scope = token.scope;
      this.clientId = token.clientId;
      this.username = token.username;
      this.subject = token.subject;
      this.tokenType = token.tokenType;
      this.expiresAt = token.expiresAt;
      this.issuedAt = token.issuedAt;
      this.notBefore = token.notBefore;
      this.issuer = token.issuer;
      this.audience = token.audience;
      this.issuerGroup = token.issuerGroup;
      this.claims = new LinkedHashMap<>(token.claims());
    }

    /**
     * Sets the {@code active} claim.
     *
     * @param active the {@code active} claim
     * @return this builder
     */
    public Builder active(boolean active) {
      this.active = active;
      return this;
    }

    /**
     * Sets the {@code scope} claim.
     *
     * @param scope the {@code scope} claim
     * @return this builder
     */
    public Builder scope(Scope scope) {
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /**
     * Sets the {@code scope} claim, as space-separated elements.
     *
     * @param scope the {@code scope} claim, as space-separated elements
     * @return this builder
     */
    public Builder scope(String scope) {
      return scope(Scope.of(scope));
    }

    /**
     * Sets the {@code client_id} claim, or null.
     *
     * @param clientId the {@code client_id} claim, or null
     * @return this builder
     */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /**
     * Sets the {@code username} claim, or null.
     *
     * @param username the {@code username} claim, or null
     * @return this builder
     */
    public Builder username(String username) {
      this.username = username;
      return this;
    }

    /**
     * Sets the {@code sub} claim, or null.
     *
     * @param subject the {@code sub} claim, or null
     * @return this builder
     */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * Sets the {@code token_type} claim, or null.
     *
     * @param tokenType the {@code token_type} claim, or null
     * @return this builder
     */
    public Builder tokenType(String tokenType) {
      this.tokenType = tokenType;
      return this;
    }

    /**
     * Sets the {@code exp} claim, or null.
     *
     * @param expiresAt the {@code exp} claim, or null
     * @return this builder
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /**
     * Sets the {@code iat} claim, or null.
     *
     * @param issuedAt the {@code iat} claim, or null
     * @return this builder
     */
    public Builder issuedAt(Instant issuedAt) {
      this.issuedAt = issuedAt;
      return this;
    }

    /**
     * Sets the {@code nbf} claim, or null.
     *
     * @param notBefore the {@code nbf} claim, or null
     * @return this builder
     */
    public Builder notBefore(Instant notBefore) {
      this.notBefore = notBefore;
      return this;
    }

    /**
     * Sets the {@code iss} claim, or null.
     *
     * @param issuer the {@code iss} claim, or null
     * @return this builder
     */
    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    /**
     * Sets the {@code aud} claim; empty for none.
     *
     * @param audience the {@code aud} claim; empty for none
     * @return this builder
     */
    public Builder audience(List<String> audience) {
      this.audience = List.copyOf(audience);
      return this;
    }

    /**
     * Replaces all raw claims; the typed getters are set separately and are not derived from these.
     *
     * @param claims every raw claim, by name
     * @return this builder
     */
    public Builder claims(Map<String, ?> claims) {
      this.claims = new LinkedHashMap<>(claims);
      this.claimSource = null;
      this.readAhead = Map.of();
      return this;
    }

    /**
     * Replaces all raw claims with ones read on first use of {@link TokenInfo#claims()}: for a resolver
     * that keeps the server's bytes rather than the parsed map. {@code source} is called at most once, from
     * any thread, and must not fail (the answer was parsed once already).
     *
     * @param source reads every raw claim, by name
     * @return this builder
     */
    public Builder lazyClaims(Supplier<? extends Map<String, ?>> source) {
      return lazyClaims(source, Map.of());
    }

    /**
     * As {@link #lazyClaims(Supplier)}, with some claims read ahead: {@link TokenInfo#claim(String)} answers a
     * name {@code known} holds without reading the other claims, for the claims a validator asks of every
     * answer (the validator checks each for {@code cnf}). {@code known} maps each such name to what
     * {@code source} holds under it, null for a claim the answer lacks; it is kept, not copied, so it must not
     * change, and one map may serve many answers.
     *
     * @param source reads every raw claim, by name
     * @param known claims {@code source} holds, read already, by name
     * @return this builder
     */
    public Builder lazyClaims(Supplier<? extends Map<String, ?>> source, Map<String, ?> known) {
      this.claimSource = Objects.requireNonNull(source, "source");
      this.readAhead = Objects.requireNonNull(known, "known");
      this.claims = new LinkedHashMap<>();
      return this;
    }

    /**
     * Adds or replaces one raw claim.
     *
     * @param name the claim's name
     * @param value its parsed JSON value
     * @return this builder
     */
    public Builder claim(String name, Object value) {
      if (claimSource != null) {
        claims = new LinkedHashMap<>(claimSource.get());
        claimSource = null;
        readAhead = Map.of();
      }
      this.claims.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** {@return the token data of this builder's values} */
    public TokenInfo build() {
      return new TokenInfo(this);
    }
  }

  /**
   * The MobileFirst view of a token: the {@code mfp-application}, {@code mfp-device}, {@code mfp-user}
   * and {@code mfp-checks} claims. Immutable and thread-safe.
   */
  public static final class MobileFirst {
    private static final MobileFirst NONE = new MobileFirst(null, null, null, Map.of());

    private final Application application;
    private final Device device;
    private final User user;
    private final Map<String, Object> checks;

    private MobileFirst(Application application, Device device, User user, Map<String, Object> checks) {
      this.application = application;
      this.device = device;
      this.user = user;
      this.checks = checks;
    }

    static MobileFirst from(Map<String, Object> claims) {
      Map<String, Object> app = object(claims.get("mfp-application"));
      Map<String, Object> dev = object(claims.get("mfp-device"));
      Map<String, Object> usr = object(claims.get("mfp-user"));
      Map<String, Object> chk = object(claims.get("mfp-checks"));
      if (app == null && dev == null && usr == null && chk == null) {
        return NONE;
      }
      return new MobileFirst(
          app == null ? null : new Application(string(app, "id"), string(app, "clientPlatform"),
              string(app, "version"), string(app, "packageName")),
          dev == null ? null : new Device(string(dev, "id"), string(dev, "hardware"),
              string(dev, "platform"), string(dev, "displayName"), string(dev, "status")),
          usr == null ? null : new User(string(usr, "id"), string(usr, "displayName"),
              string(usr, "authenticatedBy"), usr.get("authenticatedAt"),
              object(usr.get("attributes")) == null ? Map.of() : object(usr.get("attributes"))),
          chk == null ? Map.of() : chk);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
      return value instanceof Map ? (Map<String, Object>) value : null;
    }

    private static String string(Map<String, Object> object, String name) {
      Object value = object.get(name);
      return value == null ? null : value.toString();
    }

    /** {@return the {@code mfp-application} claim, or null} */
    public Application application() {
      return application;
    }

    /** {@return the {@code mfp-device} claim, or null} */
    public Device device() {
      return device;
    }

    /** {@return the {@code mfp-user} claim, or null (MobileFirst sends null when no user is authenticated)} */
    public User user() {
      return user;
    }

    /** {@return the {@code mfp-checks} claim: security-check name to that check's custom data; empty when absent} */
    public Map<String, Object> checks() {
      return checks;
    }

    @Override
    public String toString() {
      return "MobileFirst{application=" + application + ", device=" + device + ", user=" + user
          + ", checks=" + checks.keySet() + '}';
    }
  }

  /** The MobileFirst application the token was issued to ({@code mfp-application}). */
  public record Application(String id, String clientPlatform, String version, String packageName) {}

  /**
   * The MobileFirst device the token was issued to ({@code mfp-device}); {@code status} is one of
   * {@code ACTIVE}, {@code LOST}, {@code STOLEN}, {@code EXPIRED}, {@code DISABLED}.
   */
  public record Device(String id, String hardware, String platform, String displayName, String status) {}

  /**
   * The MobileFirst user ({@code mfp-user}); {@code authenticatedAt} is as the server sent it (usually
   * epoch milliseconds) and {@code attributes} is empty when absent.
   */
  public record User(String id, String displayName, String authenticatedBy, Object authenticatedAt,
      Map<String, Object> attributes) {}
}
