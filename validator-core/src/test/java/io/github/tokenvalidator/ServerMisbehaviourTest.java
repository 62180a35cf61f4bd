package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.testing.LogCapture;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When the authorization server cannot answer, the client's token is not to blame: 503, never a hang. */
@Timeout(30)
class ServerMisbehaviourTest {
  private final MutableClock clock = MutableClock.startingNow();
  private MockAuthorizationServer server;
  private TokenValidator validator;

  @BeforeEach
  void start() {
    server = MockAuthorizationServer.start(clock).activeToken("alice-token", "accessRestricted", "alice");
    validator = server.validatorBuilder().clock(clock).ticker(clock)
        .requestTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500))
        .maxResponseSize(4096).build();
    validator.validate("Bearer warm-up"); // own token in hand: what follows is about introspection
  }

  @AfterEach
  void stop() {
    validator.close();
    server.close();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  static Stream<Arguments> misbehaviours() {
    return Stream.of(
        Arguments.of("500", json(500, "{\"error\":\"server_error\"}")),
        Arguments.of("502 without body", new MockResponse().setResponseCode(502)),
        Arguments.of("503", json(503, "")),
        Arguments.of("404", json(404, "not found")),
        Arguments.of("302 redirect", new MockResponse().setResponseCode(302).setHeader("Location", "http://127.0.0.1:1/")),
        Arguments.of("HTML instead of JSON", new MockResponse().setBody("<html>maintenance</html>")),
        Arguments.of("empty 200", json(200, "")),
        Arguments.of("JSON array", json(200, "[{\"active\":true}]")),
        Arguments.of("active missing", json(200, "{\"scope\":\"accessRestricted\"}")),
        Arguments.of("active as string", json(200, "{\"active\":\"true\"}")),
        Arguments.of("truncated JSON", json(200, "{\"active\":true,\"scope\":\"accessRe")),
        Arguments.of("trailing garbage", json(200, "{\"active\":true} {\"active\":false}")),
        Arguments.of("duplicate key", json(200, "{\"active\":false,\"active\":true}")),
        Arguments.of("deeply nested", json(200, "{\"active\":true,\"x\":" + "[".repeat(100) + "]".repeat(100) + "}")),
        Arguments.of("oversized body", json(200, "{\"active\":true,\"pad\":\"" + "x".repeat(10_000) + "\"}")),
        Arguments.of("oversized chunked body", new MockResponse().setChunkedBody(
            "{\"active\":true,\"pad\":\"" + "x".repeat(10_000) + "\"}", 512)),
        Arguments.of("connection dropped", new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START)),
        Arguments.of("connection dropped mid-body", json(200, "{\"active\":true,\"scope\":\"accessRestricted\"}")
            .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY)),
        Arguments.of("no answer at all", new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE)),
        Arguments.of("headers too slow", json(200, "{\"active\":true}").setHeadersDelay(3, TimeUnit.SECONDS)),
        Arguments.of("body trickling", json(200, "{\"active\":true,\"scope\":\"accessRestricted\"}")
            .throttleBody(1, 200, TimeUnit.MILLISECONDS)));
  }

  /** Readable answers whose claims for this one token cannot be used: the token's problem, not the server's. */
  static Stream<Arguments> unusableClaims() {
    return Stream.of(
        Arguments.of("scope with a quote", json(200, "{\"active\":true,\"scope\":\"a\\\"b\"}")),
        Arguments.of("scope with a control character", json(200, "{\"active\":true,\"scope\":\"a\\u0007b\"}")),
        Arguments.of("scope with non-ASCII", json(200, "{\"active\":true,\"scope\":\"caf\u00e9\"}")),
        Arguments.of("scope of numbers", json(200, "{\"active\":true,\"scope\":[1,2]}")),
        Arguments.of("numeric client_id", json(200, "{\"active\":true,\"client_id\":42}")),
        Arguments.of("exp as string", json(200, "{\"active\":true,\"exp\":\"tomorrow\"}")),
        Arguments.of("exp astronomically large", json(200, "{\"active\":true,\"exp\":1" + "0".repeat(40) + "}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableClaims")
  void unusableClaimsRefuseThatTokenOnlyAndNeverOpenTheGate(String name, MockResponse response) {
    for (int i = 0; i < 5; i++) {
      server.enqueueIntrospection(response.clone());
      ValidationResult result = validator.validate("Bearer odd-" + i, "accessRestricted");
      assertThat(result.error().kind()).as("the token is refused, the server not blamed").isEqualTo(Kind.INVALID_TOKEN);
    }
    int calls = server.introspectionCount();

    assertThat(validator.validate("Bearer odd-0", "accessRestricted").error().kind()).isEqualTo(Kind.INVALID_TOKEN);
    assertThat(server.introspectionCount()).as("kept as a negative answer").isEqualTo(calls);
    assertThat(validator.validate("Bearer alice-token", "accessRestricted").isValid())
        .as("another client's new token is still introspected").isTrue();
    assertThat(validator.health().status()).isEqualTo(Health.Status.UP);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misbehaviours")
  void misbehavingServerGivesUnavailableWithRetryAfterAndNoInvalidToken(String name, MockResponse response) {
    server.enqueueIntrospection(response);
    long started = System.nanoTime();

    ValidationResult result = validator.validate("Bearer alice-token", "accessRestricted");

    assertThat(result.isValid()).isFalse();
    assertThat(result.error().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(result.error().status()).isEqualTo(503);
    assertThat(result.error().wwwAuthenticate()).isNull();
    assertThat(result.error().headers()).containsKey("Retry-After");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered within the timeouts, not hung")
        .isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void answerWithoutActiveIsLoggedWithoutDoubledWords() {
    server.enqueueIntrospection(json(200, "{\"scope\":\"accessRestricted\"}"));

    try (LogCapture logs = LogCapture.start()) {
      assertThat(validator.validate("Bearer alice-token", "accessRestricted").error().kind())
          .isEqualTo(Kind.UNAVAILABLE);

      assertThat(logs.text()).contains("Introspection failed: introspection answer has no boolean \"active\"")
          .doesNotContainIgnoringCase("introspection introspection");
    }
  }

  @Test
  void refusedConnectionGivesUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (TokenValidator nowhere = TokenValidator.builder().serverUrl("http://127.0.0.1:" + closedPort + "/mfp/api")
        .clientCredentials("test", "test").build()) {
      ValidationResult result = nowhere.validate("Bearer alice-token");
      assertThat(result.error().kind()).isEqualTo(Kind.UNAVAILABLE);
    }
  }

  @Test
  void staleAnswerInsideExpIsServedWhileServerFails() {
    validator.validate("Bearer alice-token", "accessRestricted");
    clock.advance(Duration.ofMinutes(6)); // past max-ttl (5 min), well inside exp (1 h)
    server.enqueueIntrospection(new MockResponse().setResponseCode(500));

    ValidationResult result = validator.validate("Bearer alice-token", "accessRestricted");

    assertThat(result.isValid()).isTrue();
    assertThat(server.introspectionCount()).as("it did ask").isEqualTo(3);
  }

  @Test
  void staleAnswerIsNotServedWhenStaleIfErrorIsOff() {
    try (TokenValidator strict = server.validatorBuilder().clock(clock).ticker(clock).staleIfError(false).build()) {
      strict.validate("Bearer alice-token", "accessRestricted");
      clock.advance(Duration.ofMinutes(6));
      server.enqueueIntrospection(new MockResponse().setResponseCode(500));
      assertThat(strict.validate("Bearer alice-token", "accessRestricted").error().kind()).isEqualTo(Kind.UNAVAILABLE);
    }
  }

  @Test
  void staleAnswerIsNotServedPastExp() {
    server.activeToken("short", "a", "bob", clock.instant().plus(Duration.ofMinutes(7)));
    validator.validate("Bearer short", "a");
    clock.advance(Duration.ofMinutes(8));
    server.enqueueIntrospection(new MockResponse().setResponseCode(500));
    assertThat(validator.validate("Bearer short", "a").error().kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void revokedTokenIsNotServedStaleWhenNegativeTtlIsZero() {
    try (TokenValidator noNegativeCache = server.validatorBuilder().clock(clock).ticker(clock).cacheNegativeTtl(Duration.ZERO).build()) {
      assertThat(noNegativeCache.validate("Bearer alice-token", "accessRestricted").isValid()).isTrue();
      clock.advance(Duration.ofMinutes(6));
      server.introspectionBody("alice-token", "{\"active\":false}");
      assertThat(noNegativeCache.validate("Bearer alice-token", "accessRestricted").error().kind())
          .isEqualTo(Kind.INVALID_TOKEN);
      server.enqueueIntrospection(new MockResponse().setResponseCode(500));

      ValidationResult duringOutage = noNegativeCache.validate("Bearer alice-token", "accessRestricted");

      assertThat(duringOutage.isValid()).as("the revoked token's old answer is gone").isFalse();
    }
  }

  @Test
  void perTokenClientErrorsDoNotMakeEveryoneFailFast() {
    for (int i = 0; i < 5; i++) {
      server.enqueueIntrospection(json(400, "{\"error\":\"invalid_request\"}"));
      assertThat(validator.validate("Bearer odd-" + i).error().kind()).isEqualTo(Kind.UNAVAILABLE);
    }
    assertThat(validator.validate("Bearer alice-token", "accessRestricted").isValid())
        .as("a legitimate token is still introspected").isTrue();
  }

  @Test
  void longestAllowedMaxTtlAndFarFutureExpDoNotBreakCaching() throws Exception {
    server.activeToken("far", "accessRestricted", "alice", java.time.Instant.parse("3000-01-01T00:00:00Z"));
    try (TokenValidator longLived = server.validatorBuilder().clock(clock).ticker(clock).cacheMaxTtl(Duration.ofDays(365))
        .failureBackoff(Duration.ofDays(365)).build()) {
      assertThat(longLived.validateAsync("Bearer far", "accessRestricted").get(10, TimeUnit.SECONDS).isValid()).isTrue();
      assertThat(longLived.validate("Bearer far", "accessRestricted").isValid()).isTrue();
      assertThat(server.introspectionCount()).isEqualTo(2); // warm-up and one for "far"
    }
  }

  @Test
  void afterRepeatedFailuresMissesFailFastUntilBackoffEnds() {
    for (int i = 0; i < 3; i++) {
      server.enqueueIntrospection(new MockResponse().setResponseCode(503));
      validator.validate("Bearer other-" + i);
    }
    int callsWhenOpened = server.introspectionCount();

    for (int i = 0; i < 50; i++) {
      ValidationResult result = validator.validate("Bearer fresh-" + i);
      assertThat(result.error().kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(result.error().headers().get("Retry-After")).isEqualTo("5");
    }
    assertThat(server.introspectionCount()).as("no call reached the dead server").isEqualTo(callsWhenOpened);

    clock.advance(Duration.ofSeconds(5));
    assertThat(validator.validate("Bearer alice-token", "accessRestricted").isValid()).isTrue();
    assertThat(validator.validate("Bearer unknown").error().kind()).isEqualTo(Kind.INVALID_TOKEN);
  }
}
