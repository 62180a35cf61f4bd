package io.github.tokenvalidator.internal.config;

import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.internal.jwt.JwsAlgorithm;
import io.github.tokenvalidator.internal.jwt.JwtRules;
import io.github.tokenvalidator.internal.transport.TrustStores;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * The validator's complete, checked configuration. Immutable and thread-safe.
 *
 * <p>Made once per validator by {@code TokenValidator.Builder} through {@link #builder()}. The engine reads
 * it through package-private accessors, so nothing outside this package can read a value back, the client
 * secret least of all; {@link #toString()} masks the secret.
 */
public final class ValidatorConfig {
  public static final String MOBILEFIRST_TOKEN_PATH = "/az/v1/token";
  public static final String MOBILEFIRST_INTROSPECTION_PATH = "/az/v1/introspection";

  private final URI introspectionEndpoint;
  private final URI tokenEndpoint;
  private final String clientId;
  private final String clientSecret;
  private final ClientAuthentication clientAuthentication;
  private final Scope introspectionScope;
  private final String realm;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final long cacheMaxSize;
  private final Duration cacheMaxTtl;
  private final Duration cacheNegativeTtl;
  private final boolean staleIfError;
  private final boolean allowInsecureHttp;
  private final int maxResponseSize;
  private final int maxTokenLength;
  private final int maxConcurrentIntrospections;
  private final int failureThreshold;
  private final Duration failureBackoff;
  private final double renewalRatio;
  private final boolean eagerStart;
  private final SSLContext sslContext;
  private final InetSocketAddress proxy;
  private final Clock clock;
  private final Ticker ticker;
  private final Executor executor;
  private final ValidationListener listener;
  private final TokenFormat tokenFormat;
  private final String issuer;
  private final URI jwksUri;
  private final List<String> audiences;
  private final Duration clockSkew;
  private final Set<JwsAlgorithm> jwtAlgorithms;
  private final boolean rfc9068Profile;
  private final Duration jwksMinRefetchInterval;
  private final Duration jwksRefreshInterval;
  private final Duration jwksMaxAgeFloor;
  private final Duration jwksMaxAgeCeiling;
  private final Duration jwksOutageRetention;

  private ValidatorConfig(Builder v) {
    URI base = v.serverUrl == null ? null : withoutTrailingSlash(v.serverUrl);
    this.introspectionEndpoint = v.introspectionEndpoint != null ? v.introspectionEndpoint
        : base == null ? null : URI.create(base + MOBILEFIRST_INTROSPECTION_PATH);
    this.tokenEndpoint = v.tokenEndpoint != null ? v.tokenEndpoint
        : base == null ? null : URI.create(base + MOBILEFIRST_TOKEN_PATH);
    this.clientAuthentication = v.clientAuthentication != null ? v.clientAuthentication
        : tokenEndpoint != null ? ClientAuthentication.MOBILEFIRST_BEARER : ClientAuthentication.BASIC;
    this.clientId = v.clientId;
    this.clientSecret = v.clientSecret;
    this.introspectionScope = v.introspectionScope;
    this.realm = v.realm;
    this.connectTimeout = v.connectTimeout;
    this.requestTimeout = v.requestTimeout;
    this.cacheMaxSize = v.cacheMaxSize;
    this.cacheMaxTtl = v.cacheMaxTtl;
    this.cacheNegativeTtl = v.cacheNegativeTtl;
    this.staleIfError = v.staleIfError;
    this.allowInsecureHttp = v.allowInsecureHttp;
    this.maxResponseSize = v.maxResponseSize;
    this.maxTokenLength = v.maxTokenLength;
    this.maxConcurrentIntrospections = v.maxConcurrentIntrospections;
    this.failureThreshold = v.failureThreshold;
    this.failureBackoff = v.failureBackoff;
    this.renewalRatio = v.renewalRatio;
    this.eagerStart = v.eagerStart;
    if (v.trustStore != null && v.sslContext != null) {
      throw new InvalidConfigurationException("trust-store", "set either trust-store or the builder's sslContext,"
          + " not both");
    }
    this.sslContext = v.trustStore != null
        ? TrustStores.sslContext(v.trustStore, v.trustStorePassword, v.trustStoreType) : v.sslContext;
    this.proxy = v.proxy;
    if (v.trustStorePassword != null && v.trustStore == null) {
      throw new InvalidConfigurationException("trust-store-password", "is set, but trust-store is not");
    }
    this.clock = v.clock;
    this.ticker = v.ticker;
    this.executor = v.executor;
    this.listener = v.listener;
    this.tokenFormat = v.tokenFormat;
    this.issuer = v.issuer;
    this.jwksUri = v.jwksUri;
    this.audiences = List.copyOf(v.audiences);
    this.clockSkew = v.clockSkew;
    this.jwtAlgorithms = algorithms(v.jwtAlgorithms);
    this.rfc9068Profile = v.rfc9068Profile;
    this.jwksMinRefetchInterval = v.jwksMinRefetchInterval;
    this.jwksRefreshInterval = v.jwksRefreshInterval;
    this.jwksMaxAgeFloor = v.jwksMaxAgeFloor;
    this.jwksMaxAgeCeiling = v.jwksMaxAgeCeiling;
    this.jwksOutageRetention = v.jwksOutageRetention;
    if (tokenFormat != TokenFormat.JWT) {
      check(v);
    }
    if (tokenFormat != TokenFormat.OPAQUE) {
      checkJwt();
    }
  }

  /** Beyond this, a skew is no longer a clock difference but a policy change. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private static Set<JwsAlgorithm> algorithms(List<String> names) {
    Set<JwsAlgorithm> algorithms = EnumSet.noneOf(JwsAlgorithm.class);
    for (String name : names) {
      JwsAlgorithm algorithm = JwsAlgorithm.forSetting(name);
      if (algorithm == null) {
        List<String> accepted = new ArrayList<>();
        for (JwsAlgorithm known : JwsAlgorithm.values()) {
          accepted.add(known.name());
        }
        throw new InvalidConfigurationException("jwt.algorithms", "names an algorithm the validator does not "
            + "verify: " + name + " (accepted: " + String.join(", ", accepted) + "; none and HS* never)");
      }
      algorithms.add(algorithm);
    }
    if (algorithms.isEmpty()) {
      throw new InvalidConfigurationException("jwt.algorithms", "must name at least one algorithm");
    }
    return algorithms;
  }

  private void checkJwt() {
    if (issuer == null) {
      throw new InvalidConfigurationException("issuer", "is required for token-format "
          + tokenFormat.settingValue() + " (the exact iss of the tokens)");
    }
    if (jwksUri != null) {
      checkTransport("jwks-uri", jwksUri);
    } else {
      URI issuerUri;
      try {
        issuerUri = new URI(issuer);
      } catch (java.net.URISyntaxException e) {
        throw new InvalidConfigurationException("issuer", "must be a URL when jwks-uri is not set (the keys"
            + " are found by discovery)");
      }
      checkTransport("issuer", issuerUri);
      if (issuerUri.getRawQuery() != null || issuerUri.getRawFragment() != null) {
        throw new InvalidConfigurationException("issuer", "must have no query or fragment (RFC 8414)");
      }
    }
    if (clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new InvalidConfigurationException("clock-skew", "must be at most " + MAX_CLOCK_SKEW.toMinutes()
          + " minutes");
    }
    if (jwksMaxAgeFloor.compareTo(jwksMinRefetchInterval) < 0) {
      throw new InvalidConfigurationException("jwks.max-age-floor",
          "must be at least jwks.min-refetch-interval (" + jwksMinRefetchInterval + ")");
    }
    if (jwksMaxAgeCeiling.compareTo(jwksMaxAgeFloor) < 0) {
      throw new InvalidConfigurationException("jwks.max-age-ceiling", "must be at least jwks.max-age-floor");
    }
    if (jwksRefreshInterval.compareTo(jwksMaxAgeFloor) < 0 || jwksRefreshInterval.compareTo(jwksMaxAgeCeiling) > 0) {
      throw new InvalidConfigurationException("jwks.refresh-interval",
          "must lie between jwks.max-age-floor and jwks.max-age-ceiling");
    }
  }

  private void check(Builder v) {
    if (introspectionEndpoint == null) {
      throw new InvalidConfigurationException("server-url",
          "is required (or set introspection-endpoint for an RFC 7662 server)");
    }
    if (clientId == null) {
      throw new InvalidConfigurationException("client-id", "is required");
    }
    if (clientSecret == null) {
      throw new InvalidConfigurationException("client-secret", "is required");
    }
    if (clientAuthentication == ClientAuthentication.MOBILEFIRST_BEARER && tokenEndpoint == null) {
      throw new InvalidConfigurationException("token-endpoint",
          "is required for client-auth mobilefirst-bearer (or set server-url)");
    }
    String introspectionKey = v.introspectionEndpoint != null ? "introspection-endpoint" : "server-url";
    checkTransport(introspectionKey, introspectionEndpoint);
    if (clientAuthentication == ClientAuthentication.MOBILEFIRST_BEARER) {
      checkTransport(v.tokenEndpoint != null ? "token-endpoint" : "server-url", tokenEndpoint);
    }
  }

  private void checkTransport(String key, URI endpoint) {
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return;
    }
    if (!scheme.equals("http")) {
      throw new InvalidConfigurationException(key, "must be an http:// or https:// URL");
    }
    if (!allowInsecureHttp && !isLoopback(endpoint.getHost())) {
      throw new InvalidConfigurationException(key, "http:// is only allowed to a loopback host; use https:// "
          + "or set tokenvalidator.allow-insecure-http=true (" + endpoint.getHost() + ")");
    }
  }

  public static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String lower = host.toLowerCase(Locale.ROOT);
    // Only the name itself: *.localhost goes to the system resolver, which may answer anything.
    if (lower.equals("localhost")) {
      return true;
    }
    boolean ipLiteral = lower.startsWith("[") || lower.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    if (!ipLiteral) {
      return false; // never resolve names at start-up: a DNS answer can change
    }
    try {
      return InetAddress.getByName(lower).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  public URI introspectionEndpoint() {
    return introspectionEndpoint;
  }

  public URI tokenEndpoint() {
    return tokenEndpoint;
  }

  public String clientId() {
    return clientId;
  }

  public String clientSecret() {
    return clientSecret;
  }

  public ClientAuthentication clientAuthentication() {
    return clientAuthentication;
  }

  public Scope introspectionScope() {
    return introspectionScope;
  }

  /**
   * The realm named in challenges, or null; not a secret, so the API may hand it out.
   *
   * @return the realm, or null
   */
  public String realm() {
    return realm;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public long cacheMaxSize() {
    return cacheMaxSize;
  }

  public Duration cacheMaxTtl() {
    return cacheMaxTtl;
  }

  public Duration cacheNegativeTtl() {
    return cacheNegativeTtl;
  }

  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  public boolean staleIfError() {
    return staleIfError;
  }

  public int maxResponseSize() {
    return maxResponseSize;
  }

  public int maxTokenLength() {
    return maxTokenLength;
  }

  public int maxConcurrentIntrospections() {
    return maxConcurrentIntrospections;
  }

  public int failureThreshold() {
    return failureThreshold;
  }

  public Duration failureBackoff() {
    return failureBackoff;
  }

  public double renewalRatio() {
    return renewalRatio;
  }

  public boolean eagerStart() {
    return eagerStart;
  }

  public SSLContext sslContext() {
    return sslContext;
  }

  /** The HTTP proxy for every call, unresolved; null for none. */
  public InetSocketAddress proxy() {
    return proxy;
  }

  public Clock clock() {
    return clock;
  }

  public Ticker ticker() {
    return ticker;
  }

  public Executor executor() {
    return executor;
  }

  public ValidationListener listener() {
    return listener;
  }

  public TokenFormat tokenFormat() {
    return tokenFormat;
  }

  public String issuer() {
    return issuer;
  }

  public URI jwksUri() {
    return jwksUri;
  }

  public List<String> audiences() {
    return audiences;
  }

  public Duration clockSkew() {
    return clockSkew;
  }

  public Set<JwsAlgorithm> jwtAlgorithms() {
    return jwtAlgorithms;
  }

  /** The accepted {@code typ} values, lower case, the empty string for an absent one. */
  public Set<String> jwtTypes() {
    return rfc9068Profile ? JwtRules.RFC9068_TYPES : JwtRules.DEFAULT_TYPES;
  }

  public Duration jwksMinRefetchInterval() {
    return jwksMinRefetchInterval;
  }

  public Duration jwksRefreshInterval() {
    return jwksRefreshInterval;
  }

  public Duration jwksMaxAgeFloor() {
    return jwksMaxAgeFloor;
  }

  public Duration jwksMaxAgeCeiling() {
    return jwksMaxAgeCeiling;
  }

  public Duration jwksOutageRetention() {
    return jwksOutageRetention;
  }

  /** Every setting but the secret, for logs and {@code toString()}: the secret is shown as {@code ****}. */
  @Override
  public String toString() {
    return "{introspectionEndpoint=" + introspectionEndpoint + ", tokenEndpoint=" + tokenEndpoint
        + ", clientId=" + clientId + ", clientSecret=" + mask(clientSecret)
        + ", clientAuth=" + clientAuthentication.settingValue() + ", introspectionScope=" + introspectionScope
        + ", realm=" + realm + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
        + ", cache.maxSize=" + cacheMaxSize + ", cache.maxTtl=" + cacheMaxTtl
        + ", cache.negativeTtl=" + cacheNegativeTtl + ", staleIfError=" + staleIfError
        + ", allowInsecureHttp=" + allowInsecureHttp + ", maxResponseSize=" + maxResponseSize
        + ", maxTokenLength=" + maxTokenLength + ", maxConcurrentIntrospections=" + maxConcurrentIntrospections
        + ", failureThreshold=" + failureThreshold + ", failureBackoff=" + failureBackoff
        + ", ownToken.renewalRatio=" + renewalRatio + ", eagerStart=" + eagerStart
        + ", tokenFormat=" + tokenFormat.settingValue() + ", issuer=" + issuer + ", jwksUri=" + jwksUri
        + ", audience=" + audiences + ", clockSkew=" + clockSkew + ", jwt.algorithms=" + jwtAlgorithms
        + ", jwt.profile=" + (rfc9068Profile ? "rfc9068" : "default")
        + ", jwks.minRefetchInterval=" + jwksMinRefetchInterval + ", jwks.refreshInterval=" + jwksRefreshInterval
        + ", jwks.maxAgeFloor=" + jwksMaxAgeFloor + ", jwks.maxAgeCeiling=" + jwksMaxAgeCeiling
        + ", jwks.outageRetention=" + jwksOutageRetention + '}';
  }

  public static String mask(String secret) {
    return secret == null ? "null" : "****";
  }

  /**
   * A builder with every default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects the values for one {@link ValidatorConfig}; {@code TokenValidator.Builder} keeps one privately
   * and has checked each value before it gets here, so these setters only store. Write-only: nothing read
   * back, the secret included. Not thread-safe.
   */
  public static final class Builder {
    private URI serverUrl;
    private URI introspectionEndpoint;
    private URI tokenEndpoint;
    private String clientId;
    private String clientSecret;
    private ClientAuthentication clientAuthentication;
    private Scope introspectionScope = Scope.of("authorization.introspect");
    private String realm;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private long cacheMaxSize = 50_000;
    private Duration cacheMaxTtl = Duration.ofMinutes(5);
    private Duration cacheNegativeTtl = Duration.ofSeconds(30);
    private boolean staleIfError = true;
    private boolean allowInsecureHttp;
    private int maxResponseSize = 1024 * 1024;
    private int maxTokenLength = 8192;
    private int maxConcurrentIntrospections = 64;
    private int failureThreshold = 3;
    private Duration failureBackoff = Duration.ofSeconds(5);
    private double renewalRatio = 0.8;
    private boolean eagerStart;
    private SSLContext sslContext;
    private InetSocketAddress proxy;
    private Path trustStore;
    private String trustStorePassword;
    private String trustStoreType = "PKCS12";
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private Executor executor;
    private ValidationListener listener = ValidationListener.NONE;
    private TokenFormat tokenFormat = TokenFormat.OPAQUE;
    private String issuer;
    private URI jwksUri;
    private List<String> audiences = List.of();
    private Duration clockSkew = Duration.ofSeconds(30);
    private List<String> jwtAlgorithms = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
        "ES256", "ES384", "ES512", "EdDSA");
    private boolean rfc9068Profile;
    private Duration jwksMinRefetchInterval = Duration.ofSeconds(5);
    private Duration jwksRefreshInterval = Duration.ofMinutes(5);
    private Duration jwksMaxAgeFloor = Duration.ofSeconds(30);
    private Duration jwksMaxAgeCeiling = Duration.ofHours(24);
    private Duration jwksOutageRetention = Duration.ofHours(1);

    private Builder() {}

    /**
     * Setting {@code server-url}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder serverUrl(URI value) {
      serverUrl = value;
      return this;
    }

    /**
     * Setting {@code introspection-endpoint}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder introspectionEndpoint(URI value) {
      introspectionEndpoint = value;
      return this;
    }

    /**
     * Setting {@code token-endpoint}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder tokenEndpoint(URI value) {
      tokenEndpoint = value;
      return this;
    }

    /**
     * Setting {@code client-id}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder clientId(String value) {
      clientId = value;
      return this;
    }

    /**
     * Setting {@code client-secret}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder clientSecret(String value) {
      clientSecret = value;
      return this;
    }

    /**
     * Setting {@code client-authentication}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder clientAuthentication(ClientAuthentication value) {
      clientAuthentication = value;
      return this;
    }

    /**
     * Setting {@code introspection-scope}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder introspectionScope(Scope value) {
      introspectionScope = value;
      return this;
    }

    /**
     * Setting {@code realm}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder realm(String value) {
      realm = value;
      return this;
    }

    /**
     * Setting {@code connect-timeout}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    /**
     * Setting {@code request-timeout}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    /**
     * Setting {@code cache.max-size}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder cacheMaxSize(long value) {
      cacheMaxSize = value;
      return this;
    }

    /**
     * Setting {@code cache.max-ttl}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder cacheMaxTtl(Duration value) {
      cacheMaxTtl = value;
      return this;
    }

    /**
     * Setting {@code cache.negative-ttl}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder cacheNegativeTtl(Duration value) {
      cacheNegativeTtl = value;
      return this;
    }

    /**
     * Setting {@code stale-if-error}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder staleIfError(boolean value) {
      staleIfError = value;
      return this;
    }

    /**
     * Setting {@code allow-insecure-http}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder allowInsecureHttp(boolean value) {
      allowInsecureHttp = value;
      return this;
    }

    /**
     * Setting {@code max-response-size}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder maxResponseSize(int value) {
      maxResponseSize = value;
      return this;
    }

    /**
     * Setting {@code max-token-length}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder maxTokenLength(int value) {
      maxTokenLength = value;
      return this;
    }

    /**
     * Setting {@code max-concurrent-introspections}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder maxConcurrentIntrospections(int value) {
      maxConcurrentIntrospections = value;
      return this;
    }

    /**
     * Setting {@code failure-threshold}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder failureThreshold(int value) {
      failureThreshold = value;
      return this;
    }

    /**
     * Setting {@code failure-backoff}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder failureBackoff(Duration value) {
      failureBackoff = value;
      return this;
    }

    /**
     * Setting {@code renewal-ratio}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder renewalRatio(double value) {
      renewalRatio = value;
      return this;
    }

    /**
     * Setting {@code eager-start}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder eagerStart(boolean value) {
      eagerStart = value;
      return this;
    }

    /**
     * The builder-only setting {@code sslContext}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder sslContext(SSLContext value) {
      sslContext = value;
      return this;
    }

    /**
     * The setting {@code proxy}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder proxy(InetSocketAddress value) {
      proxy = value;
      return this;
    }

    /**
     * The setting {@code trust-store}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder trustStore(Path value) {
      trustStore = value;
      return this;
    }

    /**
     * The setting {@code trust-store-password}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder trustStorePassword(String value) {
      trustStorePassword = value;
      return this;
    }

    /**
     * The setting {@code trust-store-type}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder trustStoreType(String value) {
      trustStoreType = value;
      return this;
    }

    /**
     * The builder-only setting {@code clock}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder clock(Clock value) {
      clock = value;
      return this;
    }

    /**
     * The builder-only setting {@code ticker}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder ticker(Ticker value) {
      ticker = value;
      return this;
    }

    /**
     * The builder-only setting {@code executor}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder executor(Executor value) {
      executor = value;
      return this;
    }

    /**
     * The builder-only setting {@code listener}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder listener(ValidationListener value) {
      listener = value;
      return this;
    }

    /**
     * Setting {@code token-format}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder tokenFormat(TokenFormat value) {
      tokenFormat = value;
      return this;
    }

    /**
     * Setting {@code issuer}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder issuer(String value) {
      issuer = value;
      return this;
    }

    /**
     * Setting {@code jwks-uri}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder jwksUri(URI value) {
      jwksUri = value;
      return this;
    }

    /**
     * Setting {@code audience}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder audiences(List<String> value) {
      audiences = List.copyOf(value);
      return this;
    }

    /**
     * Setting {@code clock-skew}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder clockSkew(Duration value) {
      clockSkew = value;
      return this;
    }

    /**
     * Algorithm names as given; {@link #build()} refuses unknown ones naming {@code jwt.algorithms}.
     *
     * @param value the algorithm names
     * @return this builder
     */
    public Builder jwtAlgorithms(List<String> value) {
      jwtAlgorithms = List.copyOf(value);
      return this;
    }

    /**
     * Setting {@code jwt.profile}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder rfc9068Profile(boolean value) {
      rfc9068Profile = value;
      return this;
    }

    /**
     * Setting {@code jwks.min-refetch-interval}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder jwksMinRefetchInterval(Duration value) {
      jwksMinRefetchInterval = value;
      return this;
    }

    /**
     * Setting {@code jwks.refresh-interval}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder jwksRefreshInterval(Duration value) {
      jwksRefreshInterval = value;
      return this;
    }

    /**
     * Setting {@code jwks.max-age-floor}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder jwksMaxAgeFloor(Duration value) {
      jwksMaxAgeFloor = value;
      return this;
    }

    /**
     * Setting {@code jwks.max-age-ceiling}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder jwksMaxAgeCeiling(Duration value) {
      jwksMaxAgeCeiling = value;
      return this;
    }

    /**
     * Setting {@code jwks.outage-retention}, as the public builder passes it.
     *
     * @param value the value, already parsed
     * @return this builder
     */
    public Builder jwksOutageRetention(Duration value) {
      jwksOutageRetention = value;
      return this;
    }

    /**
     * The checked configuration.
     *
     * @return the configuration
     * @throws InvalidConfigurationException naming the setting, if the whole is incomplete or an endpoint
     *     is {@code http://} to a non-loopback host without {@code allow-insecure-http}
     */
    public ValidatorConfig build() {
      return new ValidatorConfig(this);
    }

    /** The settings so far, with the client secret masked. */
    @Override
    public String toString() {
      return "{serverUrl=" + serverUrl + ", introspectionEndpoint=" + introspectionEndpoint
          + ", tokenEndpoint=" + tokenEndpoint + ", clientId=" + clientId
          + ", clientSecret=" + mask(clientSecret) + ", clientAuth=" + clientAuthentication
          + ", realm=" + realm + '}';
    }
  }
}
