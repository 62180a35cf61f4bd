package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.ValidationListener.IntrospectionOutcome;
import io.github.tokenvalidator.testing.LogCapture;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine when time, the token endpoint or the queue misbehave: wall-clock steps, absurd lifetimes,
 * abandoned calls, and what the health view says. Time is the test's clock and ticker.
 */
class EngineFaultsTest {
  private final MutableClock clock = MutableClock.startingNow();
  private MockAuthorizationServer server;

  @BeforeEach
  void start() {
    server = MockAuthorizationServer.start(clock).activeToken("alice-token", "accessRestricted", "alice");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TokenValidator.Builder builder() {
    return server.validatorBuilder().clock(clock).ticker(clock);
  }

  private static MockResponse tokenAnswer(String expiresIn) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(
        "{\"access_token\":\"own-odd\",\"token_type\":\"Bearer\"" + (expiresIn == null ? "" : ",\"expires_in\":" + expiresIn) + "}");
  }

  @Test
  void aWallClockStepBackDoesNotProlongTheBackoff() {
    try (TokenValidator validator = builder().build()) {
      validator.validate("Bearer alice-token"); // own token fetched
      for (int i = 0; i < 3; i++) {
        server.enqueueIntrospection(new MockResponse().setResponseCode(503));
        validator.validate("Bearer other-" + i);
      }
      assertThat(validator.validate("Bearer fresh").error().kind()).isEqualTo(Kind.UNAVAILABLE);

      clock.set(clock.instant().minus(Duration.ofHours(1))); // an operator sets the clock back an hour
      clock.advance(Duration.ofSeconds(5));                  // the back-off has run out on the ticker
      server.activeToken("bob-token", "accessRestricted", "bob");

      assertThat(validator.validate("Bearer bob-token", "accessRestricted").isValid())
          .as("the probe goes through after 5 s of real time, not 1 h 5 s").isTrue();
    }
  }

  @Test
  void aWallClockStepBackDoesNotKeepAnEntryPastMaxTtl() {
    try (TokenValidator validator = builder().cacheMaxTtl(Duration.ofMinutes(1)).build()) {
      assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
      clock.set(clock.instant().minus(Duration.ofMinutes(30)));
      clock.advance(Duration.ofMinutes(1));

      assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
      assertThat(server.introspectionCount()).as("asked again after max-ttl of ticker time").isEqualTo(2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"100000000000000000", "9223372036854775807"})
  void anAbsurdOwnTokenLifetimeIsCappedAndEveryMissStillWorks(String expiresIn) throws Exception {
    server.enqueueTokenResponse(tokenAnswer(expiresIn));
    try (TokenValidator validator = builder().build()) {
      for (int i = 0; i < 3; i++) {
        server.activeToken("t" + i, "accessRestricted", "alice");
        assertThat(validator.validate("Bearer t" + i, "accessRestricted").isValid()).isTrue();
      }
      MockAuthorizationServer.Hold renewal = server.holdNextTokenRequest();
      clock.advance(Duration.ofDays(300)); // past 80 % of the one-year cap: renewed in the background
      server.activeToken("late", "accessRestricted", "alice");
      assertThat(validator.validate("Bearer late", "accessRestricted").isValid()).isTrue();
      renewal.awaitArrival();
      renewal.release();
      assertThat(server.tokenRequestCount()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "\"3600\"", "1.5", "1e17", "1.0E300", "null", "MISSING"})
  void anOddOwnTokenLifetimeAssumesAnHourWithOneWarning(String expiresIn) {
    server.enqueueTokenResponse(tokenAnswer(expiresIn.equals("MISSING") ? null : expiresIn));
    server.enqueueTokenResponse(tokenAnswer(expiresIn.equals("MISSING") ? null : expiresIn));
    try (LogCapture logs = LogCapture.start(); TokenValidator validator = builder().build()) {
      assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
      clock.advance(Duration.ofMinutes(59)); // renewed after 48 min, not immediately and not never
      assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
      clock.advance(Duration.ofMinutes(2));
      validator.validate("Bearer alice-token");

      assertThat(server.tokenRequestCount()).isEqualTo(2);
      assertThat(logs.messagesAt(Level.WARNING)).singleElement().asString()
          .contains("expires_in").contains("3600");
    }
  }

  @Test
  void healthIsDownWhileTheServerHasNeverAnswered() throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = socket.getLocalPort();
    }
    try (TokenValidator validator = TokenValidator.builder().serverUrl("http://127.0.0.1:" + deadPort + "/mfp/api")
        .clientCredentials("test", "test").clock(clock).ticker(clock).build()) {
      assertThat(validator.health()).isEqualTo(Health.up());

      assertThat(validator.validate("Bearer alice-token").error().kind()).isEqualTo(Kind.UNAVAILABLE);

      Health health = validator.health();
      assertThat(health.status()).isEqualTo(Health.Status.DOWN);
      assertThat(health.isMisconfigured()).isFalse();
      assertThat(health.detail()).contains("refused").contains(String.valueOf(deadPort));
    }
  }

  @Test
  void healthIsDownAndMisconfiguredWhenTheClientIsRefused() {
    server.enqueueTokenResponse(new MockResponse().setResponseCode(401)
        .setHeader("Content-Type", "application/json").setBody("{\"error\":\"invalid_client\"}"));
    try (TokenValidator validator = builder().build()) {
      validator.validate("Bearer alice-token");

      Health health = validator.health();
      assertThat(health.status()).isEqualTo(Health.Status.DOWN);
      assertThat(health.isMisconfigured()).isTrue();
      assertThat(health.detail()).contains("invalid_client").contains("'test'").doesNotContain("secret=");
    }
  }

  @Test
  void healthIsDegradedWhileAServerThatAnsweredFailsAndUpWhenItAnswersAgain() {
    try (TokenValidator validator = builder().build()) {
      assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
      for (int i = 0; i < 3; i++) {
        server.enqueueIntrospection(new MockResponse().setResponseCode(502));
        validator.validate("Bearer other-" + i);
      }
      assertThat(validator.health().status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(validator.health().detail()).contains("502");

      clock.advance(Duration.ofSeconds(5));
      validator.validate("Bearer another");
      assertThat(validator.health()).isEqualTo(Health.up());
    }
  }

  @Test
  void introspectionsQueuedBehindTheLimitAreNotSentOnceTheirCallersWereAnswered() throws Exception {
    // Each introspection hangs until the client's timeout: with one call at a time, the rest queue up
    // and their callers are answered 503 at the deadline; none of those queued calls may reach the server.
    // The callers' deadline (3 x request timeout + connect timeout = 1,350 ms) falls half-way between two
    // calls' own timeouts (every 300 ms), not on one: a call started at the same instant as the deadline
    // may reach the server after the count was read (it flaked at 300 + 300 ms, a 1,200 ms deadline).
    try (TokenValidator validator = builder().maxConcurrentIntrospections(1)
        .requestTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofMillis(450))
        .failureThreshold(1000).build()) {
      validator.validate("Bearer alice-token"); // own token fetched
      int before = server.introspectionCount();
      for (int i = 0; i < 8; i++) {
        server.enqueueIntrospection(new MockResponse().setHeadersDelay(2, TimeUnit.SECONDS)
            .setHeader("Content-Type", "application/json").setBody("{\"active\":false}"));
      }
      List<CompletableFuture<ValidationResult>> callers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        callers.add(validator.validateAsync("Bearer queued-" + i, Scope.empty()));
      }
      for (CompletableFuture<ValidationResult> caller : callers) {
        assertThat(caller.get(10, TimeUnit.SECONDS).error().kind()).isEqualTo(Kind.UNAVAILABLE);
      }
      int sentWhileAnswering = server.introspectionCount() - before;
      Thread.sleep(1500); // time for any call left in the queue to be (wrongly) sent

      assertThat(server.introspectionCount() - before)
          .as("no call was sent after its callers had their answer").isEqualTo(sentWhileAnswering);
      assertThat(sentWhileAnswering).isLessThan(8);
    }
  }

  @Test
  void closeAnswersEveryWaitingCallerAndSendsNothingMore() throws Exception {
    TokenValidator validator = builder().maxConcurrentIntrospections(1).build();
    validator.validate("Bearer alice-token");
    int before = server.introspectionCount();
    for (int i = 0; i < 4; i++) {
      server.enqueueIntrospection(new MockResponse().setHeadersDelay(1, TimeUnit.SECONDS)
          .setHeader("Content-Type", "application/json").setBody("{\"active\":false}"));
    }
    List<CompletableFuture<ValidationResult>> callers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      callers.add(validator.validateAsync("Bearer waiting-" + i, Scope.empty()));
    }

    validator.close();

    for (CompletableFuture<ValidationResult> caller : callers) {
      assertThat(caller.get(5, TimeUnit.SECONDS).error().kind()).isEqualTo(Kind.UNAVAILABLE);
    }
    Thread.sleep(1500);
    assertThat(server.introspectionCount() - before).as("only the call under way was sent").isLessThanOrEqualTo(1);
  }

  @Test
  void eagerStartFetchesTheOwnTokenDuringBuild() {
    try (TokenValidator validator = builder().eagerStart(true).build()) {
      assertThat(server.tokenRequestCount()).isEqualTo(1);
      assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
      assertThat(server.tokenRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void eagerStartFailsBuildNamingClientIdWhenTheClientIsRefused() {
    server.enqueueTokenResponse(new MockResponse().setResponseCode(401)
        .setHeader("Content-Type", "application/json").setBody("{\"error\":\"invalid_client\"}"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder().eagerStart(true).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("client-id").hasMessageContaining("invalid_client")
        .hasMessageNotContaining(MockAuthorizationServer.CLIENT_SECRET + "\"");
  }

  @Test
  void eagerStartRefusedByAnRfc7662ServerFailsBuildToo() {
    server.enqueueIntrospection(new MockResponse().setResponseCode(401));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenValidator.builder()
        .introspectionEndpoint(server.serverUrl() + "/az/v1/introspection").clientCredentials("test", "wrong")
        .clientAuthentication(ClientAuthentication.BASIC).eagerStart(true).build())
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("client-id");
  }

  @Test
  void eagerStartCarriesOnWhenTheServerIsUnreachable() throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = socket.getLocalPort();
    }
    try (LogCapture logs = LogCapture.start();
        TokenValidator validator = TokenValidator.builder().serverUrl("http://127.0.0.1:" + deadPort + "/mfp/api")
            .clientCredentials("test", "test").clock(clock).ticker(clock).eagerStart(true).build()) {
      assertThat(validator.health().status()).isEqualTo(Health.Status.DOWN);
      // One cause, one line (issue 22: it was logged twice).
      assertThat(logs.messagesAt(Level.WARNING)).singleElement().asString().contains("Eager start")
          .contains("refused");
    }
  }

  /** Latencies run on the injected ticker like every duration: a ticker that stands still reports none. */
  @Test
  void introspectionLatencyIsMeasuredOnTheInjectedTicker() {
    List<Duration> latencies = new java.util.concurrent.CopyOnWriteArrayList<>();
    ValidationListener listener = new ValidationListener() {
      @Override
      public void introspection(IntrospectionOutcome outcome, Duration latency) {
        latencies.add(latency);
      }

      @Override
      public void ownTokenRenewal(boolean success, Duration latency) {
        latencies.add(latency);
      }
    };
    try (TokenValidator validator = builder().listener(listener).build()) {
      assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
    }
    assertThat(latencies).hasSize(2).containsOnly(Duration.ZERO);
  }

  @Test
  void aRefusedEagerStartNeverSaysTheValidatorIsReady() {
    server.enqueueTokenResponse(new MockResponse().setResponseCode(401)
        .setBody("{\"error\":\"invalid_client\"}"));
    try (LogCapture logs = LogCapture.start()) {
      assertThatThrownBy(() -> builder().eagerStart(true).build()).isInstanceOf(InvalidConfigurationException.class);
      assertThat(logs.messagesAt(Level.INFO)).noneSatisfy(line -> assertThat(line).contains("ready"));
    }
  }

  @Test
  void aTokenEndpointFailureIsLoggedAsSuchNamingTheEndpoint() {
    server.enqueueTokenResponse(new MockResponse().setResponseCode(404));
    try (LogCapture logs = LogCapture.start(); TokenValidator validator = builder().build()) {
      assertThat(validator.validate("Bearer alice-token").error().kind())
          .isEqualTo(AuthenticationError.Kind.UNAVAILABLE);
      assertThat(logs.messagesAt(Level.SEVERE)).singleElement().asString()
          .contains("Own token request failed: token endpoint " + server.serverUrl() + "/az/v1/token answered HTTP 404")
          .doesNotContain("Introspection failed");
    }
  }

  @Test
  void startIsLoggedOnceAtInfoNamingModeAndEndpointsWithoutSecrets() {
    try (LogCapture logs = LogCapture.start(); TokenValidator validator = builder().build()) {
      assertThat(validator.health()).isEqualTo(Health.up());
      assertThat(logs.messagesAt(Level.INFO)).singleElement().asString()
          .contains("mobilefirst-bearer").contains(server.serverUrl() + "/az/v1/introspection")
          .contains(server.serverUrl() + "/az/v1/token").contains("'test'").doesNotContain("secret");
    }
  }
}
