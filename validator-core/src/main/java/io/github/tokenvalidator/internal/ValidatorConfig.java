package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.TokenValidator.ClientAuthentication;
import io.github.tokenvalidator.TokenValidator.TokenFormat;
import io.github.tokenvalidator.ValidationListener;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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
 * The validator's complete, checked configuration. Immutable and thread-safe; {@link #toString()} masks
 * the client secret.
 */
public final class ValidatorConfig {
  static final String MOBILEFIRST_TOKEN_PATH = "/az/v1/token";
  static final String MOBILEFIRST_INTROSPECTION_PATH = "/az/v1/introspection";

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
  private final SSLContext sslContext;
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

  private ValidatorConfig(Values v) {
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
    this.sslContext = v.sslContext;
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
      checkJwt(v);
    }
  }

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

  private void checkJwt(Values v) {
    String format = tokenFormat.settingValue();
    if (issuer == null) {
      throw new InvalidConfigurationException("issuer", "is required for token-format " + format
          + " (the exact iss of the tokens)");
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

  /** Beyond this, a skew is no longer a clock difference but a policy change. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private void check(Values v) {
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

  static boolean isLoopback(String host) {
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

  public SSLContext sslContext() {
    return sslContext;
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

  Set<JwsAlgorithm> jwtAlgorithms() {
    return jwtAlgorithms;
  }

  /** The accepted {@code typ} values, lower case, the empty string for an absent one. */
  Set<String> jwtTypes() {
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

  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  @Override
  public String toString() {
    return "{introspectionEndpoint=" + introspectionEndpoint + ", tokenEndpoint=" + tokenEndpoint
        + ", clientId=" + clientId + ", clientSecret=" + mask(clientSecret)
        + ", clientAuth=" + clientAuthentication.settingValue() + ", introspectionScope=" + introspectionScope
        + ", realm=" + realm + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
        + ", cache.maxSize=" + cacheMaxSize + ", cache.maxTtl=" + cacheMaxTtl
        + ", cache.negativeTtl=" + cacheNegativeTtl + ", staleIfError=" + staleIfError
        + ", allowInsecureHttp=" + allowInsecureHttp + ", tokenFormat=" + tokenFormat.settingValue()
        + ", issuer=" + issuer + ", jwksUri=" + jwksUri + ", audience=" + audiences + '}';
  }

  static String mask(String secret) {
    return secret == null ? "null" : "****";
  }

  /** The builder's mutable values, with every default. Not thread-safe. */
  public static final class Values {
    public URI serverUrl;
    public URI introspectionEndpoint;
    public URI tokenEndpoint;
    public String clientId;
    public String clientSecret;
    public ClientAuthentication clientAuthentication;
    public Scope introspectionScope = Scope.of("authorization.introspect");
    public String realm;
    public Duration connectTimeout = Duration.ofSeconds(2);
    public Duration requestTimeout = Duration.ofSeconds(5);
    public long cacheMaxSize = 50_000;
    public Duration cacheMaxTtl = Duration.ofMinutes(5);
    public Duration cacheNegativeTtl = Duration.ofSeconds(30);
    public boolean staleIfError = true;
    public boolean allowInsecureHttp;
    public int maxResponseSize = 1024 * 1024;
    public int maxTokenLength = 8192;
    public int maxConcurrentIntrospections = 64;
    public int failureThreshold = 3;
    public Duration failureBackoff = Duration.ofSeconds(5);
    public double renewalRatio = 0.8;
    public SSLContext sslContext;
    public Clock clock = Clock.systemUTC();
    public Ticker ticker = Ticker.system();
    public Executor executor;
    public ValidationListener listener = ValidationListener.NONE;
    public TokenFormat tokenFormat = TokenFormat.OPAQUE;
    public String issuer;
    public URI jwksUri;
    public List<String> audiences = List.of();
    public Duration clockSkew = Duration.ofSeconds(30);
    public List<String> jwtAlgorithms = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
        "ES256", "ES384", "ES512", "EdDSA");
    public boolean rfc9068Profile;
    public Duration jwksMinRefetchInterval = Duration.ofSeconds(5);
    public Duration jwksRefreshInterval = Duration.ofMinutes(5);
    public Duration jwksMaxAgeFloor = Duration.ofSeconds(30);
    public Duration jwksMaxAgeCeiling = Duration.ofHours(24);
    public Duration jwksOutageRetention = Duration.ofHours(1);

    public ValidatorConfig toConfig() {
      return new ValidatorConfig(this);
    }

    @Override
    public String toString() {
      return "{serverUrl=" + serverUrl + ", introspectionEndpoint=" + introspectionEndpoint
          + ", tokenEndpoint=" + tokenEndpoint + ", clientId=" + clientId
          + ", clientSecret=" + mask(clientSecret) + ", clientAuth=" + clientAuthentication
          + ", realm=" + realm + '}';
    }
  }
}
