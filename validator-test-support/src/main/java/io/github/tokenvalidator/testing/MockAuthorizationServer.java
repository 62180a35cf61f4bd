package io.github.tokenvalidator.testing;

import io.github.tokenvalidator.TokenValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A MobileFirst-speaking authorization server on MockWebServer, for tests of core and the adapters.
 *
 * <p>It answers {@code POST /mfp/api/az/v1/token} (client {@code test}/{@code test}, Basic auth) with own
 * tokens {@code own-1}, {@code own-2}, … valid for one hour, and {@code POST /mfp/api/az/v1/introspection}
 * (requiring {@code Authorization: Bearer own-N}) from a table of client tokens registered with
 * {@link #activeToken}. Unknown tokens are inactive. {@link #enqueueIntrospection} makes the next
 * introspection answer something else (a 500, garbage, a 409…). Thread-safe.
 */
public final class MockAuthorizationServer implements AutoCloseable {
  public static final String CLIENT_ID = "test";
  public static final String CLIENT_SECRET = "test";
  public static final String RUNTIME_PATH = "/mfp/api";

  private final MockWebServer server = new MockWebServer();
  private final Map<String, String> introspectionBodies = new ConcurrentHashMap<>();
  private final Queue<MockResponse> scriptedIntrospections = new ConcurrentLinkedQueue<>();
  private final Queue<MockResponse> scriptedTokenResponses = new ConcurrentLinkedQueue<>();
  private final AtomicInteger ownTokens = new AtomicInteger();
  private final AtomicInteger introspections = new AtomicInteger();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final Queue<Hold> introspectionHolds = new ConcurrentLinkedQueue<>();
  private final Queue<Hold> tokenHolds = new ConcurrentLinkedQueue<>();
  private final Clock clock;

  /**
   * Keeps one request's answer back until the test releases it: a deterministic stand-in for a slow
   * server, so tests wait for events, not for time. Thread-safe.
   */
  public static final class Hold {
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);

    /** Lets the held request be answered. */
    public void release() {
      released.countDown();
    }

    /** Waits until the held request has reached the server. */
    public void awaitArrival() throws InterruptedException {
      if (!arrived.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new AssertionError("the held request never arrived");
      }
    }

    void hold() {
      arrived.countDown();
      try {
        released.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private MockAuthorizationServer(Clock clock) {
    this.clock = clock;
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request);
      }
    });
  }

  /** Starts a server on a free loopback port; expiry times are computed from the system clock. */
  public static MockAuthorizationServer start() {
    return start(Clock.systemUTC());
  }

  /** Starts a server whose {@code exp} values are computed from {@code clock}. */
  public static MockAuthorizationServer start(Clock clock) {
    MockAuthorizationServer fake = new MockAuthorizationServer(clock);
    try {
      fake.server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fake;
  }

  /** The MobileFirst runtime API base, e.g. {@code http://127.0.0.1:PORT/mfp/api}. */
  public String serverUrl() {
    return "http://127.0.0.1:" + server.getPort() + RUNTIME_PATH;
  }

  /** A validator builder pointed at this server with the {@code test} client. */
  public TokenValidator.Builder validatorBuilder() {
    return TokenValidator.builder().serverUrl(serverUrl()).clientCredentials(CLIENT_ID, CLIENT_SECRET);
  }

  /** Registers an active client token with this scope, user {@code username}, valid for one hour. */
  public MockAuthorizationServer activeToken(String token, String scope, String username) {
    return activeToken(token, scope, username, clock.instant().plusSeconds(3600));
  }

  /** Registers an active client token with this scope and user, expiring at {@code expiresAt}. */
  public MockAuthorizationServer activeToken(String token, String scope, String username, Instant expiresAt) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("active", true);
    claims.put("scope", scope);
    claims.put("client_id", "mobile-app");
    claims.put("username", username);
    claims.put("exp", expiresAt.getEpochSecond());
    claims.put("mfp-application", Map.of("id", "com.example.bank", "clientPlatform", "android", "version", "1.0"));
    claims.put("mfp-device", Map.of("id", "device-1", "hardware", "Pixel", "platform", "android", "status", "ACTIVE"));
    claims.put("mfp-user", username == null ? null : Map.of("id", username, "displayName", username,
        "authenticatedBy", "UserLogin", "authenticatedAt", 1_700_000_000_000L));
    claims.put("mfp-checks", Map.of());
    introspectionBodies.put(token, json(claims));
    return this;
  }

  /**
   * Registers an active token of client {@code agent} with this scope and audience, valid for one hour, with
   * {@code extra} claims ({@code acr}, {@code auth_time}, …) beside them.
   */
  public MockAuthorizationServer activeTokenFor(String token, String scope, String audience,
      Map<String, Object> extra) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("active", true);
    claims.put("scope", scope);
    claims.put("client_id", "agent");
    claims.put("aud", audience);
    claims.put("exp", clock.instant().getEpochSecond() + 3600);
    claims.putAll(extra);
    introspectionBodies.put(token, json(claims));
    return this;
  }

  /** Registers the exact introspection JSON for a client token. */
  public MockAuthorizationServer introspectionBody(String token, String json) {
    introspectionBodies.put(token, json);
    return this;
  }

  /** Makes the next introspection call answer {@code response} instead of the table. */
  public MockAuthorizationServer enqueueIntrospection(MockResponse response) {
    scriptedIntrospections.add(response);
    return this;
  }

  /** Makes the next token-endpoint call answer {@code response}. */
  public MockAuthorizationServer enqueueTokenResponse(MockResponse response) {
    scriptedTokenResponses.add(response);
    return this;
  }

  /** Holds the next introspection call's answer until the returned hold is released. */
  public Hold holdNextIntrospection() {
    Hold hold = new Hold();
    introspectionHolds.add(hold);
    return hold;
  }

  /** Holds the next token-endpoint call's answer until the returned hold is released. */
  public Hold holdNextTokenRequest() {
    Hold hold = new Hold();
    tokenHolds.add(hold);
    return hold;
  }

  /** Introspection calls received so far. */
  public int introspectionCount() {
    return introspections.get();
  }

  /** Token-endpoint calls received so far. */
  public int tokenRequestCount() {
    return tokenRequests.get();
  }

  /** The underlying MockWebServer, for recorded requests. */
  public MockWebServer mockWebServer() {
    return server;
  }

  @Override
  public void close() {
    introspectionHolds.forEach(Hold::release);
    tokenHolds.forEach(Hold::release);
    try {
      server.shutdown();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MockResponse answer(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    if (path.equals(RUNTIME_PATH + "/az/v1/token") && "POST".equals(request.getMethod())) {
      tokenRequests.incrementAndGet();
      Hold hold = tokenHolds.poll();
      if (hold != null) {
        hold.hold();
      }
      MockResponse scripted = scriptedTokenResponses.poll();
      if (scripted != null) {
        return scripted;
      }
      String expected = "Basic " + Base64.getEncoder()
          .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(request.getHeader("Authorization"))) {
        return jsonResponse(400, "{\"error\":\"invalid_client\"}");
      }
      return jsonResponse(200, "{\"access_token\":\"own-" + ownTokens.incrementAndGet()
          + "\",\"token_type\":\"Bearer\",\"expires_in\":3599,\"scope\":\"authorization.introspect\"}");
    }
    if (path.equals(RUNTIME_PATH + "/az/v1/introspection") && "POST".equals(request.getMethod())) {
      introspections.incrementAndGet();
      Hold hold = introspectionHolds.poll();
      if (hold != null) {
        hold.hold();
      }
      MockResponse scripted = scriptedIntrospections.poll();
      if (scripted != null) {
        return scripted;
      }
      String authorization = request.getHeader("Authorization");
      if (authorization == null || !authorization.startsWith("Bearer own-")) {
        return new MockResponse().setResponseCode(401);
      }
      String token = formField(request.getBody().clone().readUtf8(), "token");
      String body = token == null ? null : introspectionBodies.get(token);
      return jsonResponse(200, body == null ? "{\"active\":false}" : body);
    }
    return new MockResponse().setResponseCode(404);
  }

  private static MockResponse jsonResponse(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  private static String formField(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String json(Map<String, Object> claims) {
    return TestJson.write(claims);
  }
}
