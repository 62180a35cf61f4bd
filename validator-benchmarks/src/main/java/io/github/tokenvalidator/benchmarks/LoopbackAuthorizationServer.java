package io.github.tokenvalidator.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A MobileFirst-speaking authorization server on the JDK's HTTP server, bound to loopback, for benchmarks.
 *
 * <p>{@code POST /mfp/api/az/v1/token} grants own tokens to client {@value #CLIENT_ID} by the
 * client-credentials grant (HTTP Basic), with a configurable lifetime. {@code POST /mfp/api/az/v1/introspection}
 * accepts either an unexpired own token ({@code Authorization: Bearer}, MobileFirst style) or the client's
 * Basic credentials (RFC 7662 style), and answers every client token as active with a realistic MobileFirst
 * body of about 880 bytes whose user and device derive from the token, except tokens starting with
 * {@value #UNKNOWN_TOKEN_PREFIX}, which it does not know ({@code {"active":false}}). Answers can be delayed to
 * stand in for a real server's work. Its {@code iat}, {@code exp} and own-token expiries are read from a
 * {@link Clock} (the system clock unless {@link #clock(Clock)} sets another). For the JWT benchmarks,
 * {@code GET /mfp/api/az/v1/jwks} serves the key set given to {@link #serveKeys(String)} (404 before), with
 * {@code Cache-Control: public, max-age=3600}; the issuer of those tokens is {@link #serverUrl()}. It counts
 * the calls it receives.
 *
 * <p>A JDK server with a fixed pool of threads behaves more steadily under load than MockWebServer, which
 * matters when its latency is part of what is measured. Thread-safe.
 */
public final class LoopbackAuthorizationServer implements AutoCloseable {
  public static final String CLIENT_ID = "bench-resource-server";
  public static final String CLIENT_SECRET = "bench-secret-0123456789";
  public static final String RUNTIME_PATH = "/mfp/api";
  static final String TOKEN_PATH = RUNTIME_PATH + "/az/v1/token";
  static final String INTROSPECTION_PATH = RUNTIME_PATH + "/az/v1/introspection";
  static final String JWKS_PATH = RUNTIME_PATH + "/az/v1/jwks";
  /** Tokens starting with this are unknown to the server: it answers them {@code {"active":false}}. */
  public static final String UNKNOWN_TOKEN_PREFIX = "unknown-";

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: 40 ms stalls.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final String BASIC = "Basic " + Base64.getEncoder()
      .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Long> ownTokenExpiry = new ConcurrentHashMap<>();
  private final AtomicInteger ownTokenSequence = new AtomicInteger();
  private final AtomicLong introspections = new AtomicLong();
  private final AtomicLong tokenRequests = new AtomicLong();
  private final AtomicLong refusedOwnTokens = new AtomicLong();
  private final AtomicLong keyRequests = new AtomicLong();
  private volatile String keySet;
  private volatile long keyDelayNanos;
  private volatile Clock clock = Clock.systemUTC();
  private volatile long ownTokenLifetimeSeconds = 3599;
  private volatile long introspectionDelayNanos;
  private volatile long tokenDelayNanos;

  private LoopbackAuthorizationServer(int threads) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicInteger threadNumber = new AtomicInteger();
    executor = Executors.newFixedThreadPool(threads, work -> {
      Thread thread = new Thread(work, "loopback-az-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext(TOKEN_PATH, this::token);
    server.createContext(INTROSPECTION_PATH, this::introspection);
    server.createContext(JWKS_PATH, this::keys);
    server.start();
  }

  /** Starts a server on a free loopback port, answering on {@code threads} threads. */
  public static LoopbackAuthorizationServer start(int threads) {
    return new LoopbackAuthorizationServer(threads);
  }

  /** The MobileFirst runtime API base, e.g. {@code http://127.0.0.1:PORT/mfp/api}. */
  public String serverUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + RUNTIME_PATH;
  }

  /** The introspection endpoint's URL. */
  public String introspectionEndpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + INTROSPECTION_PATH;
  }

  /** The key set's URL ({@code jwks-uri}). */
  public String jwksUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + JWKS_PATH;
  }

  /** Serves {@code jwks}, a JSON Web Key Set, at {@link #jwksUri()} from now on. */
  public LoopbackAuthorizationServer serveKeys(String jwks) {
    keySet = Objects.requireNonNull(jwks, "jwks");
    return this;
  }

  /** How long each key-set answer is held back, standing in for a remote key server. */
  public LoopbackAuthorizationServer keyDelay(Duration delay) {
    keyDelayNanos = delay.toNanos();
    return this;
  }

  /** Key-set requests received so far. */
  public long keyRequestCount() {
    return keyRequests.get();
  }

  /**
   * The clock that stamps {@code iat} and {@code exp} and times own tokens; a fixed one makes two answers for
   * the same token identical, whenever they are asked for.
   */
  public LoopbackAuthorizationServer clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** The lifetime ({@code expires_in}) of own tokens granted from now on; default 3599 s as MobileFirst. */
  public LoopbackAuthorizationServer ownTokenLifetime(Duration lifetime) {
    ownTokenLifetimeSeconds = lifetime.toSeconds();
    return this;
  }

  /** How long each introspection answer is held back, standing in for a real server's work. */
  public LoopbackAuthorizationServer introspectionDelay(Duration delay) {
    introspectionDelayNanos = delay.toNanos();
    return this;
  }

  /** How long each token-endpoint answer is held back. */
  public LoopbackAuthorizationServer tokenDelay(Duration delay) {
    tokenDelayNanos = delay.toNanos();
    return this;
  }

  /** Introspection calls received so far. */
  public long introspectionCount() {
    return introspections.get();
  }

  /** Token-endpoint calls received so far. */
  public long tokenRequestCount() {
    return tokenRequests.get();
  }

  /** Introspection calls refused because their own token was unknown or expired. */
  public long refusedOwnTokenCount() {
    return refusedOwnTokens.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      readBody(exchange);
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "");
        return;
      }
      tokenRequests.incrementAndGet();
      pause(tokenDelayNanos);
      if (!BASIC.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        respond(exchange, 400, "{\"error\":\"invalid_client\"}");
        return;
      }
      long lifetime = ownTokenLifetimeSeconds;
      String ownToken = "own-" + ownTokenSequence.incrementAndGet();
      ownTokenExpiry.put(ownToken, clock.millis() + lifetime * 1000);
      respond(exchange, 200, "{\"access_token\":\"" + ownToken + "\",\"token_type\":\"Bearer\",\"expires_in\":"
          + lifetime + ",\"scope\":\"authorization.introspect\"}");
    }
  }

  private void introspection(HttpExchange exchange) throws IOException {
    try (exchange) {
      String form = readBody(exchange);
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "");
        return;
      }
      introspections.incrementAndGet();
      pause(introspectionDelayNanos);
      if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        refusedOwnTokens.incrementAndGet();
        respond(exchange, 401, "");
        return;
      }
      String token = formField(form, "token");
      boolean unknown = token == null || token.isEmpty() || token.startsWith(UNKNOWN_TOKEN_PREFIX);
      respond(exchange, 200, unknown ? "{\"active\":false}" : activeAnswer(token, clock.millis() / 1000));
    }
  }

  private void keys(HttpExchange exchange) throws IOException {
    try (exchange) {
      readBody(exchange);
      if (!"GET".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "");
        return;
      }
      keyRequests.incrementAndGet();
      pause(keyDelayNanos);
      String jwks = keySet;
      if (jwks == null) {
        respond(exchange, 404, "");
        return;
      }
      exchange.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
      respond(exchange, 200, jwks);
    }
  }

  private boolean authorized(String authorization) {
    if (authorization == null) {
      return false;
    }
    if (authorization.equals(BASIC)) {
      return true;
    }
    if (!authorization.startsWith("Bearer ")) {
      return false;
    }
    Long expiry = ownTokenExpiry.get(authorization.substring("Bearer ".length()));
    return expiry != null && clock.millis() < expiry;
  }

  /**
   * A MobileFirst introspection answer for {@code token} issued at {@code now} (epoch seconds): about 880
   * bytes, user and device from the token's hash.
   */
  static String activeAnswer(String token, long now) {
    int hash = token.hashCode();
    String user = String.format("user-%08x", hash);
    String device = String.format("%08x-4b1d-4e8a-9c3f-%012x", hash * 31, (hash & 0xFFFFFFFFL) * 7919);
    return "{\"active\":true"
        + ",\"scope\":\"RegisteredClient accessRestricted push.mobileclient\""
        + ",\"client_id\":\"3f1c9a5e-7b2d-4e8a-b6c1-2f4d8e9a0b7c\""
        + ",\"username\":\"" + user + "\""
        + ",\"exp\":" + (now + 3600)
        + ",\"iat\":" + now
        + ",\"token_type\":\"Bearer\""
        + ",\"mfp-application\":{\"id\":\"com.example.bank.mobile\",\"clientPlatform\":\"android\""
        + ",\"version\":\"4.12.0\",\"packageName\":\"com.example.bank.mobile\"}"
        + ",\"mfp-device\":{\"id\":\"" + device + "\",\"hardware\":\"Pixel 8 Pro\",\"platform\":\"android 14\""
        + ",\"deviceDisplayName\":\"Pixel of " + user + "\",\"status\":\"ACTIVE\"}"
        + ",\"mfp-user\":{\"id\":\"" + user + "\",\"displayName\":\"Customer " + user + "\""
        + ",\"authenticatedBy\":\"UserLogin\",\"authenticatedAt\":" + (now - 60) * 1000
        + ",\"attributes\":{\"segment\":\"retail\",\"locale\":\"en-GB\"}}"
        + ",\"mfp-checks\":{\"UserLogin\":{\"lastAuthenticated\":" + (now - 60) * 1000
        + ",\"expiresAt\":" + (now + 3600) * 1000 + ",\"rememberMe\":false}"
        + ",\"appAuthenticity\":{\"validated\":true,\"validatedAt\":" + (now - 3600) * 1000 + "}}"
        + "}";
  }

  private static String readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static void pause(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String formField(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.regionMatches(0, name, 0, eq) && eq == name.length()) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
