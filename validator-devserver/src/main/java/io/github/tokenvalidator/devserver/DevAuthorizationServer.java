package io.github.tokenvalidator.devserver;

import com.sun.net.httpserver.HttpServer;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.internal.dpop.TokenRequestProofs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MobileFirst-compatible authorization server for development and tests; never for production.
 *
 * <p>It runs on the JDK's built-in HTTP server, on loopback by default, and speaks the MobileFirst
 * protocol under a runtime path ({@code /mfp/api} by default): {@code POST {serverUrl}/az/v1/token} issues
 * opaque tokens to confidential clients by the client-credentials grant, and
 * {@code POST {serverUrl}/az/v1/introspection} tells what a token stands for. So a {@code TokenValidator}
 * pointed at {@link #serverUrl()} works as against a real MobileFirst server. Tokens live in memory and die
 * with the server. Without configured clients it knows MobileFirst's development client {@code test},
 * secret {@code test}, allowed scope {@code *}.
 *
 * <p>In a JUnit 5 test:
 *
 * <pre>{@code
 * class BalanceResourceTest {
 *   static DevAuthorizationServer authorizationServer;
 *   static TokenValidator validator;
 *
 *   @BeforeAll
 *   static void startAuthorizationServer() {
 *     authorizationServer = DevAuthorizationServer.start();  // free loopback port, client test/test
 *     validator = TokenValidator.builder()
 *         .serverUrl(authorizationServer.serverUrl())
 *         .clientCredentials("test", "test")
 *         .build();
 *   }
 *
 *   @AfterAll
 *   static void stopAuthorizationServer() {
 *     validator.close();
 *     authorizationServer.close();
 *   }
 *
 *   @Test
 *   void tokenForAccessRestrictedIsValid() {
 *     String token = authorizationServer.issueToken("mobile-app", "accessRestricted", "alice");
 *     ValidationResult result = validator.validate("Bearer " + token, "accessRestricted");
 *     assertTrue(result.isValid());
 *   }
 * }
 * }</pre>
 *
 * <p>With {@link Builder#jwt(JwtAlgorithm)} its access tokens are JWTs instead (RS256, ES256 or EdDSA, with
 * a {@code kid} and the RFC 9068 claims), its keys are published at {@link #jwksUri()} and its metadata at
 * {@code {serverUrl}/.well-known/openid-configuration}; {@link #rotateSigningKey()} changes the key on
 * demand. {@link Builder#appIdTenant(String)} adds IBM App ID's paths under {@code /oauth/v4/{tenantId}},
 * so code written for App ID can be tested without the cloud.
 *
 * <p>From the command line, {@link #main(String[])} takes {@code --port}, {@code --client},
 * {@code --token-lifetime}, {@code --mode} and more; {@code --help} lists them.
 *
 * <p>Whatever the mode, the RFC 8414 metadata of the issuer {@link #serverUrl()} is at its path-inserted
 * location, {@link #authorizationServerMetadataUrl()} ({@code /.well-known/oauth-authorization-server/mfp/api}),
 * as clients that start from a protected resource's RFC 9728 metadata look for it. The token endpoint takes
 * the RFC 8707 {@code resource} parameter, which becomes the token's {@code aud}.
 *
 * <p>Three extensions exist only here: the token request may carry {@code username=…}, which makes the
 * token a user's token (with {@code username} and {@code mfp-user} in its introspection answer), and
 * {@code acr_values=…}, which makes it the token of a login of that class (RFC 9470: {@code acr} is the first
 * value, {@code auth_time} the time of issue, in the JWT and the introspection answer); and
 * {@link #issueToken(String, String, String)} mints a token without HTTP.
 *
 * <p>Instances are thread-safe: they serve concurrent requests and may be used from any thread.
 */
public final class DevAuthorizationServer implements AutoCloseable {
  /** MobileFirst's default runtime API path. */
  public static final String DEFAULT_RUNTIME_PATH = "/mfp/api";
  /** How far a DPoP proof's {@code iat} may lie from the clock at the token endpoint. */
  private static final Duration DPOP_IAT_WINDOW = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(DevAuthorizationServer.class);
  /** RFC 8414 §3's well-known prefix, before the issuer's path. */
  private static final String AUTHORIZATION_SERVER_METADATA = "/.well-known/oauth-authorization-server";
  private static final Pattern RUNTIME_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)*");
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
  private static final Pattern JWT_TYPE = Pattern.compile("[\\x21-\\x7E]{0,64}");
  private static final String APP_ID_PATH = "/oauth/v4/";
  private static final String DEFAULT_JWT_TYPE = "at+jwt";
  private static final String APP_ID_JWT_TYPE = "JOSE";
  private static final int THREADS = 4;

  static {
    // The JDK server writes the headers and the body of an answer as two TCP segments; with Nagle's
    // algorithm on, the body waits for the client's delayed ACK of the headers, about 40 ms per request on
    // Linux. The property is read once, when the JDK's HTTP server is first used in this JVM; setting it
    // only speeds up any server there, and an explicit setting is respected.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Mode mode;
  private final Map<String, RegisteredClient> clients;
  private final boolean defaultClients;
  private final TokenIssuer issuer;
  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final String serverUrl;
  private final SigningKeys signingKeys;
  private final JwtFormat mobileFirstJwt;
  private final JwtFormat appIdJwt;
  private final String appIdTenant;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DevAuthorizationServer(Builder builder) throws IOException {
    this.mode = builder.mode;
    this.defaultClients = builder.clients.isEmpty();
    Map<String, RegisteredClient> clients = new LinkedHashMap<>(builder.clients);
    if (defaultClients) {
      clients.put("test", new RegisteredClient("test", "test", Scope.of("*")));
    }
    this.clients = Collections.unmodifiableMap(clients);
    this.issuer = new TokenIssuer(builder.clock, builder.tokenLifetime, builder.maxTokens);
    JwtAlgorithm algorithm = builder.jwtAlgorithm != null ? builder.jwtAlgorithm
        : builder.appIdTenant != null ? JwtAlgorithm.RS256 : null;
    // Keys are made before the port is bound, so nothing can fail between binding and serving.
    this.signingKeys = algorithm == null ? null : new SigningKeys(algorithm, builder.clock);
    this.appIdTenant = builder.appIdTenant;

    this.server = HttpServer.create(new InetSocketAddress(builder.bindAddress, builder.port), 0);
    InetAddress bound = server.getAddress().getAddress();
    String host = bound.isAnyLocalAddress() ? "127.0.0.1"
        : bound instanceof Inet6Address ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
    this.baseUrl = "http://" + host + ":" + server.getAddress().getPort();
    this.serverUrl = baseUrl + builder.runtimePath;

    Authorization authorization = new Authorization(this.clients);
    server.createContext("/", exchange -> FormEndpointHandler.send(exchange, FormEndpointHandler.notFound()));
    this.mobileFirstJwt = signingKeys == null ? null : new JwtFormat(signingKeys, serverUrl,
        typeOrDefault(builder.jwtType, DEFAULT_JWT_TYPE), builder.jwtAudience, null);
    // a random secret: nonces need agree with no other instance
    TokenRequestProofs proofs = new TokenRequestProofs(builder.clock, DPOP_IAT_WINDOW,
        builder.dpopNonces ? UUID.randomUUID() + "-" + UUID.randomUUID() : null);
    addForm(builder.runtimePath + "/az/v1/token", new TokenEndpoint(authorization, issuer, builder.maxTokens,
        mobileFirstJwt, builder.runtimePath + "/az/v1/token", proofs, builder.certificateThumbprint));
    addForm(builder.runtimePath + "/az/v1/introspection", new IntrospectionEndpoint(mode, authorization, issuer));
    this.appIdJwt = signingKeys == null || appIdTenant == null ? null : new JwtFormat(signingKeys,
        baseUrl + APP_ID_PATH + appIdTenant, typeOrDefault(builder.jwtType, APP_ID_JWT_TYPE), builder.jwtAudience,
        appIdTenant);
    // RFC 8414 §3.1: the metadata of the issuer {serverUrl}, at the path-inserted well-known location
    addDocument(AUTHORIZATION_SERVER_METADATA + builder.runtimePath, JwtDocuments.discovery(serverUrl,
        tokenEndpoint(), introspectionEndpoint(), signingKeys == null ? null : jwksUri(), mode == Mode.RFC7662
            ? new String[] {"client_secret_basic", "client_secret_post"} : new String[0]));
    if (signingKeys != null) {
      Supplier<Answer> keySet = JwtDocuments.keySet(signingKeys);
      addDocument(builder.runtimePath + "/az/v1/jwks", keySet);
      addForm(builder.runtimePath + "/az/v1/jwks/rotate", new KeyRotationEndpoint(authorization, signingKeys));
      addDocument(builder.runtimePath + "/.well-known/openid-configuration", JwtDocuments.discovery(serverUrl,
          tokenEndpoint(), introspectionEndpoint(), jwksUri(), mode == Mode.RFC7662
              ? new String[] {"client_secret_basic", "client_secret_post"} : new String[0]));
      if (appIdTenant != null) {
        String appIdPath = APP_ID_PATH + appIdTenant;
        addForm(appIdPath + "/token", new TokenEndpoint(authorization, issuer, builder.maxTokens, appIdJwt,
            appIdPath + "/token", proofs, builder.certificateThumbprint));
        // App ID's introspection endpoint authenticates the caller as a client, whatever the mode.
        addForm(appIdPath + "/introspect", new IntrospectionEndpoint(Mode.RFC7662, authorization, issuer));
        addDocument(appIdPath + "/publickeys", keySet);
        addDocument(AUTHORIZATION_SERVER_METADATA + appIdPath, JwtDocuments.discovery(appIdIssuer(),
            appIdIssuer() + "/token", appIdIssuer() + "/introspect", appIdIssuer() + "/publickeys",
            "client_secret_basic", "client_secret_post"));
        addDocument(appIdPath + "/.well-known/openid-configuration", JwtDocuments.discovery(appIdIssuer(),
            appIdIssuer() + "/token", appIdIssuer() + "/introspect", appIdIssuer() + "/publickeys",
            "client_secret_basic", "client_secret_post"));
      }
    }
    this.executor = Executors.newFixedThreadPool(THREADS, new DaemonThreads());
    server.setExecutor(executor);
    server.start();
    log.debug("Dev authorization server (not for production) listening at {} in {} mode{}", serverUrl,
        mode.settingValue(), signingKeys == null ? "" : " with " + algorithm.joseName() + " JWTs");
  }

  private void addForm(String path, FormEndpointHandler.FormEndpoint endpoint) {
    server.createContext(path, new FormEndpointHandler(path, endpoint));
  }

  private void addDocument(String path, Supplier<Answer> document) {
    server.createContext(path, new JsonDocumentHandler(path, document));
  }

  /** The configured {@code typ}, or this issuer's default; null (no {@code typ}) for the empty string. */
  private static String typeOrDefault(String configured, String fallback) {
    String type = configured == null ? fallback : configured;
    return type.isEmpty() ? null : type;
  }

  /**
   * Starts a server with every setting at its default: a free loopback port, client {@code test}/{@code test}.
   *
   * @return the running server; close it when done
   */
  public static DevAuthorizationServer start() {
    return builder().start();
  }

  /**
   * A builder with every setting at its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the server from the command line until the process is stopped; {@code --help} lists the options.
   * Exits with status 2 on a bad option and 1 when the server cannot start.
   *
   * @param args the command-line options
   */
  public static void main(String[] args) {
    CommandLine.Launch launch = CommandLine.launch(args, System.out, System.err);
    DevAuthorizationServer server = launch.server();
    if (server == null) {
      if (launch.exitCode() != 0) {
        System.exit(launch.exitCode());
      }
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dev-authorization-server-shutdown"));
  }

  /**
   * {@return the MobileFirst runtime API base URL, e.g. {@code http://127.0.0.1:PORT/mfp/api}: what
   * {@code TokenValidator.Builder.serverUrl} takes}
   */
  public String serverUrl() {
    return serverUrl;
  }

  /** {@return the token endpoint, {@code {serverUrl}/az/v1/token}} */
  public String tokenEndpoint() {
    return serverUrl + "/az/v1/token";
  }

  /**
   * {@return the RFC 8414 metadata of the issuer {@link #serverUrl()}, at its path-inserted location:
   * {@code http://127.0.0.1:PORT/.well-known/oauth-authorization-server/mfp/api}}
   */
  public String authorizationServerMetadataUrl() {
    return baseUrl + AUTHORIZATION_SERVER_METADATA + serverUrl.substring(baseUrl.length());
  }

  /** {@return the introspection endpoint, {@code {serverUrl}/az/v1/introspection}} */
  public String introspectionEndpoint() {
    return serverUrl + "/az/v1/introspection";
  }

  /**
   * {@return whether access tokens are signed JWTs ({@link Builder#jwt(JwtAlgorithm)} or
   * {@link Builder#appIdTenant(String)}); else they are opaque}
   */
  public boolean issuesJwts() {
    return signingKeys != null;
  }

  /**
   * {@return the {@code iss} of the JWTs from {@link #tokenEndpoint()}: {@link #serverUrl()}, whose
   * {@code /.well-known/openid-configuration} is the discovery document}
   *
   * @throws IllegalStateException if this server issues opaque tokens
   */
  public String issuer() {
    requireJwts();
    return serverUrl;
  }

  /**
   * {@return the JSON Web Key Set, {@code {serverUrl}/az/v1/jwks}; App ID's {@code publickeys} serve the same keys}
   *
   * @throws IllegalStateException if this server issues opaque tokens
   */
  public String jwksUri() {
    requireJwts();
    return serverUrl + "/az/v1/jwks";
  }

  /**
   * {@return the App ID issuer, {@code http://HOST:PORT/oauth/v4/{tenantId}}: App ID's {@code oauthServerUrl}, under
   * which {@code /token}, {@code /introspect}, {@code /publickeys} and
   * {@code /.well-known/openid-configuration} live}
   *
   * @throws IllegalStateException if no App ID tenant is configured
   */
  public String appIdIssuer() {
    if (appIdTenant == null) {
      throw new IllegalStateException("No App ID tenant is configured; see Builder.appIdTenant");
    }
    return baseUrl + APP_ID_PATH + appIdTenant;
  }

  /**
   * Makes a new signing key current and returns its {@code kid}. New tokens are signed with it; the old key
   * stays in the key set until the last token it signed expires (on the server's clock), and leaves at once
   * if it signed none.
   *
   * @return the new key's {@code kid}
   * @throws IllegalStateException if this server issues opaque tokens, or is closed
   */
  public String rotateSigningKey() {
    requireJwts();
    if (closed.get()) {
      throw new IllegalStateException("The dev authorization server is closed");
    }
    String kid = signingKeys.rotate();
    log.debug("Dev authorization server at {} rotated its signing key to kid {}", serverUrl, kid);
    return kid;
  }

  private void requireJwts() {
    if (signingKeys == null) {
      throw new IllegalStateException("This dev server issues opaque tokens; turn JWTs on with Builder.jwt");
    }
  }

  /** {@return the port the server listens on (the one picked when port 0 was asked for)} */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@return how the introspection endpoint authenticates callers} */
  public Mode mode() {
    return mode;
  }

  /**
   * Mints a client token without HTTP and without client authentication, for tests: the token is as if
   * {@code clientId} had been granted {@code scope}, whether or not that client is registered.
   *
   * @param clientId the client the token is issued to
   * @param scope space-separated scope elements; empty for the default scope {@code RegisteredClient}
   * @return the access token, to send as {@code Authorization: Bearer <token>}
   * @throws IllegalArgumentException if the client id is empty or the scope is not a valid scope
   * @throws IllegalStateException if the server is closed or holds its maximum of live tokens
   */
  public String issueToken(String clientId, String scope) {
    return issueToken(clientId, scope, null);
  }

  /**
   * As {@link #issueToken(String, String)}, for a user: the introspection answer carries
   * {@code username} and an {@code mfp-user} object.
   *
   * @param clientId the client the token is issued to
   * @param scope space-separated scope elements; empty for the default scope {@code RegisteredClient}
   * @param username the user's name, or null for a client-only token
   * @return the access token, to send as {@code Authorization: Bearer <token>}
   */
  public String issueToken(String clientId, String scope, String username) {
    return issueToken(clientId, scope, username, null, null);
  }

  /**
   * As {@link #issueToken(String, String, String)}, for an RFC 8707 resource and a login of an RFC 9470 class:
   * as the token endpoint issues a token asked for with {@code resource} and {@code acr_values}.
   *
   * @param clientId the client the token is issued to
   * @param scope space-separated scope elements; empty for the default scope {@code RegisteredClient}
   * @param username the user's name, or null for a client-only token
   * @param resource the token's {@code aud}, or null for the usual one
   * @param acr the login's {@code acr}, with {@code auth_time} now; null for neither
   * @return the access token, to send as {@code Authorization: Bearer <token>}
   */
  public String issueToken(String clientId, String scope, String username, String resource, String acr) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(scope, "scope");
    if (clientId.isEmpty()) {
      throw new IllegalArgumentException("clientId must not be empty");
    }
    if (username != null && username.isEmpty()) {
      throw new IllegalArgumentException("username must not be empty; use null for no user");
    }
    if (closed.get()) {
      throw new IllegalStateException("The dev authorization server is closed");
    }
    Scope granted = Scope.of(scope);
    TokenIssuer.NewToken token = issuer.issue(clientId, granted.isEmpty() ? TokenEndpoint.DEFAULT_SCOPE : granted,
        username, mobileFirstJwt, resource, acr, null, null);
    if (token == null) {
      throw new IllegalStateException("The dev authorization server holds its maximum of live tokens");
    }
    return token.value();
  }

  /** Stops serving at once and releases the port; idempotent. Tokens issued so far are forgotten. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.debug("Dev authorization server at {} stopped", serverUrl);
  }

  /** The URL, mode and token format; never a secret. */
  @Override
  public String toString() {
    return "DevAuthorizationServer{" + serverUrl + ", mode=" + mode.settingValue()
        + (signingKeys == null ? "" : ", jwt=" + signingKeys.algorithm().joseName())
        + (appIdTenant == null ? "" : ", appIdTenant=" + appIdTenant) + ", clients=" + clients.keySet() + '}';
  }

  /** The clients this server knows, in configuration order, for the command line's banner; holds secrets. */
  Map<String, RegisteredClient> clients() {
    return clients;
  }

  /** Whether no client was configured, so the server knows only {@code test}/{@code test}. */
  boolean usesDefaultClient() {
    return defaultClients;
  }

  /** Whether only this machine can reach the server. */
  boolean isLoopbackOnly() {
    return server.getAddress().getAddress().isLoopbackAddress();
  }

  /** Tokens held, expired ones not yet purged included. */
  int storedTokens() {
    return issuer.storedTokens();
  }

  Duration tokenLifetime() {
    return issuer.lifetime();
  }

  /** The signing algorithm, or null for opaque tokens. */
  JwtAlgorithm jwtAlgorithm() {
    return signingKeys == null ? null : signingKeys.algorithm();
  }

  /** The {@code kid} new tokens are signed with. */
  String currentKid() {
    return signingKeys.currentKid();
  }

  /** The header {@code typ} of tokens from the MobileFirst paths, or null when they have none. */
  String jwtType() {
    return mobileFirstJwt.type();
  }

  /** The configured JWT {@code aud} values; empty when each token's is the id of the client it was issued to. */
  List<String> jwtAudience() {
    return mobileFirstJwt.configuredAudience();
  }

  /** The header {@code typ} of tokens from the App ID paths, or null when they have none. */
  String appIdJwtType() {
    return appIdJwt.type();
  }

  /** Whether App ID paths are served. */
  boolean servesAppId() {
    return appIdTenant != null;
  }

  /** How the introspection endpoint authenticates its callers. */
  public enum Mode {
    /**
     * MobileFirst: {@code Authorization: Bearer} with a token whose scope covers
     * {@code authorization.introspect}, as a resource server gets by the client-credentials grant.
     * Command-line value {@code mobilefirst}.
     */
    MOBILEFIRST("mobilefirst"),
    /**
     * RFC 7662: a registered client's credentials, by HTTP Basic or as {@code client_id} and
     * {@code client_secret} in the form. Command-line value {@code rfc7662}.
     */
    RFC7662("rfc7662");

    private final String settingValue;

    Mode(String settingValue) {
      this.settingValue = settingValue;
    }

    /** {@return the spelling on the command line} */
    public String settingValue() {
      return settingValue;
    }
  }

  /** The algorithm a dev server signs its JWT access tokens with; each key is freshly generated. */
  public enum JwtAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256, a 2048-bit RSA key: what App ID and most servers use. */
    RS256("RS256"),
    /** ECDSA on P-256 with SHA-256. */
    ES256("ES256"),
    /** EdDSA with an Ed25519 key (RFC 8037). */
    EDDSA("EdDSA");

    private final String joseName;

    JwtAlgorithm(String joseName) {
      this.joseName = joseName;
    }

    /** {@return the JOSE {@code alg} value, also the spelling on the command line} */
    public String joseName() {
      return joseName;
    }
  }

  /**
   * Configures and starts a {@link DevAuthorizationServer}. Setters check their argument at once. Not
   * thread-safe.
   */
  public static final class Builder {
    private static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(366);

    // Package-private so the command line's tests can read what it set.
    final Map<String, RegisteredClient> clients = new LinkedHashMap<>();
    int port;
    InetAddress bindAddress = loopback();
    String runtimePath = DEFAULT_RUNTIME_PATH;
    Duration tokenLifetime = Duration.ofHours(1);
    Clock clock = Clock.systemUTC();
    Mode mode = Mode.MOBILEFIRST;
    int maxTokens = 100_000;
    JwtAlgorithm jwtAlgorithm;
    String jwtType;
    List<String> jwtAudience = List.of();
    String appIdTenant;
    boolean dpopNonces;
    String certificateThumbprint;

    Builder() {}

    /**
     * Whether the token endpoint demands a server nonce in DPoP proofs (RFC 9449 §8): a proof without the
     * current one is answered 400 {@code use_dpop_nonce} with a {@code DPoP-Nonce} header; default false.
     * A client's DPoP proof gets a DPoP-bound token whatever this says.
     *
     * @param demand whether to demand nonces
     * @return this builder
     */
    public Builder dpopNonces(boolean demand) {
      this.dpopNonces = demand;
      return this;
    }

    /**
     * Binds every token issued to the client certificate of this SHA-256 thumbprint (RFC 8705
     * {@code cnf.x5t#S256}: base64url of the digest of its DER encoding), as an authorization server that
     * authenticated the client by that certificate would. The dev server speaks plain HTTP, so it takes the
     * thumbprint rather than a handshake's certificate. Default: none.
     *
     * @param x5tS256 the thumbprint, base64url without padding
     * @return this builder
     */
    public Builder certificateThumbprint(String x5tS256) {
      if (x5tS256 == null || !x5tS256.matches("[A-Za-z0-9_-]{43}")) {
        throw new IllegalArgumentException("certificateThumbprint must be a base64url SHA-256 digest (43 characters)");
      }
      this.certificateThumbprint = x5tS256;
      return this;
    }

    /**
     * The port to listen on; default 0, a free port ({@link #port()} tells which).
     *
     * @param port the port to listen on
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The address to listen on; default {@code 127.0.0.1}. Anyone who can reach a non-loopback address can
     * mint tokens with the configured clients.
      *
      * @param bindAddress the address to listen on
      * @return this builder
     */
    public Builder bindAddress(InetAddress bindAddress) {
      this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
      return this;
    }

    /**
     * The runtime API path under which the endpoints live; default {@code /mfp/api}. Empty, or
     * {@code /}-separated segments of letters, digits, {@code - . _ ~}, without a trailing slash.
      *
      * @param runtimePath the runtime API path under which the endpoints live
      * @return this builder
     */
    public Builder runtimePath(String runtimePath) {
      Objects.requireNonNull(runtimePath, "runtimePath");
      if (!RUNTIME_PATH.matcher(runtimePath).matches() || (runtimePath + "/").contains("/./")
          || (runtimePath + "/").contains("/../")) {
        throw new IllegalArgumentException("runtime path must be empty or like /mfp/api: \"" + runtimePath + "\"");
      }
      this.runtimePath = runtimePath;
      return this;
    }

    /**
     * Registers a confidential client. Its allowed scope is space-separated elements where {@code *} means
     * any run of characters ({@code send* push.application.*}; a lone {@code *} allows every scope), matched
     * by {@link Scope#covers(Scope)}. Once a client is registered the default {@code test} client is not.
     *
     * @param id the client id
     * @param secret the client secret
     * @param allowedScope the scope the client may ask for, with {@code *} wildcards
     * @return this builder
     * @throws IllegalArgumentException if the id or secret is empty, the id is already registered, or the
     *     allowed scope is empty or not a valid scope
     */
    public Builder client(String id, String secret, String allowedScope) {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(allowedScope, "allowedScope");
      if (id.isEmpty() || secret.isEmpty()) {
        throw new IllegalArgumentException("client id and secret must not be empty");
      }
      if (clients.containsKey(id)) {
        throw new IllegalArgumentException("client \"" + id + "\" is registered twice");
      }
      Scope allowed = Scope.of(allowedScope);
      if (allowed.isEmpty()) {
        throw new IllegalArgumentException("allowed scope of client \"" + id + "\" must not be empty");
      }
      clients.put(id, new RegisteredClient(id, secret, allowed));
      return this;
    }

    /**
     * How long a token lives; whole seconds, at least one; default one hour.
     *
     * @param tokenLifetime how long a token lives
     * @return this builder
     */
    public Builder tokenLifetime(Duration tokenLifetime) {
      Objects.requireNonNull(tokenLifetime, "tokenLifetime");
      if (tokenLifetime.getNano() != 0 || tokenLifetime.getSeconds() < 1
          || tokenLifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
        throw new IllegalArgumentException(
            "token lifetime must be whole seconds between 1 s and 366 days: " + tokenLifetime);
      }
      this.tokenLifetime = tokenLifetime;
      return this;
    }

    /**
     * The source of time for issuing and expiring tokens; default the system UTC clock.
     *
     * @param clock the source of time for issuing and expiring tokens
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How the introspection endpoint authenticates callers; default {@link Mode#MOBILEFIRST}.
     *
     * @param mode how the introspection endpoint authenticates callers
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The most live tokens held at once; default 100,000. Expired tokens are purged when the store is
     * full; while it is still full the token endpoint answers 503 {@code temporarily_unavailable}.
      *
      * @param maxTokens the most live tokens held at once
      * @return this builder
     */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1) {
        throw new IllegalArgumentException("max tokens must be at least 1: " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Issues access tokens as JWTs signed with {@code algorithm}, in place of opaque tokens, and publishes
     * the keys ({@link DevAuthorizationServer#jwksUri()}) and a discovery document. The tokens carry the
     * RFC 9068 claims and a {@code kid}; introspection still answers for them. Default: opaque tokens.
     *
     * @param algorithm the signature algorithm
     * @return this builder
     */
    public Builder jwt(JwtAlgorithm algorithm) {
      this.jwtAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * The JWT header's {@code typ}, e.g. {@code at+jwt}, {@code JOSE} or {@code JWT}; empty for no
     * {@code typ}. Default {@code at+jwt} (RFC 9068), and {@code JOSE} on App ID paths, as App ID sends.
     *
     * @throws IllegalArgumentException unless it is at most 64 visible ASCII characters
      *
      * @param type the JWT header's {@code typ}
      * @return this builder
     */
    public Builder jwtType(String type) {
      Objects.requireNonNull(type, "type");
      if (!JWT_TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException("JWT type must be at most 64 visible ASCII characters");
      }
      this.jwtType = type;
      return this;
    }

    /**
     * The JWT {@code aud}: one value is written as a string, several as an array. Default: the id of the
     * client the token is for, as App ID does.
     *
     * @throws IllegalArgumentException if no value is given or one is empty
      *
      * @param audience the JWT {@code aud}
      * @return this builder
     */
    public Builder jwtAudience(String... audience) {
      Objects.requireNonNull(audience, "audience");
      if (audience.length == 0) {
        throw new IllegalArgumentException("JWT audience needs at least one value");
      }
      for (String value : audience) {
        if (Objects.requireNonNull(value, "audience value").isEmpty()) {
          throw new IllegalArgumentException("JWT audience values must not be empty");
        }
      }
      this.jwtAudience = List.of(audience);
      return this;
    }

    /**
     * Also serves IBM App ID's paths for this tenant: {@code /oauth/v4/{tenantId}/token},
     * {@code /introspect}, {@code /publickeys} and {@code /.well-known/openid-configuration}, with issuer
     * {@link DevAuthorizationServer#appIdIssuer()}. Turns JWTs on (RS256 unless {@link #jwt} says
     * otherwise); App ID tokens carry header {@code typ} {@code JOSE} unless {@link #jwtType} says otherwise.
     *
     * @param tenantId the App ID tenant id, as in the paths
     * @return this builder
     * @throws IllegalArgumentException unless the id is 1 to 128 letters, digits, {@code - . _ ~}
     */
    public Builder appIdTenant(String tenantId) {
      Objects.requireNonNull(tenantId, "tenantId");
      if (!TENANT.matcher(tenantId).matches() || tenantId.equals(".") || tenantId.equals("..")) {
        throw new IllegalArgumentException("App ID tenant id must be 1 to 128 letters, digits, - . _ ~");
      }
      this.appIdTenant = tenantId;
      return this;
    }

    /**
     * Starts a server with these settings; it serves until {@link DevAuthorizationServer#close()}.
     *
     * @return the running server; close it when done
     * @throws IllegalStateException if a JWT setting is given while tokens are opaque
     * @throws UncheckedIOException if the address cannot be bound (for example, the port is in use)
     */
    public DevAuthorizationServer start() {
      if (jwtAlgorithm == null && appIdTenant == null && (jwtType != null || !jwtAudience.isEmpty())) {
        throw new IllegalStateException("jwtType and jwtAudience apply only to JWTs; turn them on with jwt(...)");
      }
      try {
        return new DevAuthorizationServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot listen on " + bindAddress.getHostAddress() + ":" + port + ": "
            + e.getMessage(), e);
      }
    }

    private static InetAddress loopback() {
      try {
        return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
      } catch (UnknownHostException e) {
        throw new IllegalStateException("A four-byte address is always valid", e);
      }
    }
  }

  /** Daemon threads, so a server a test forgot to close does not keep the JVM alive by its workers. */
  private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
    private static final AtomicInteger SERVERS = new AtomicInteger();
    private final int server = SERVERS.incrementAndGet();
    private final AtomicInteger threads = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "dev-authorization-server-" + server + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
