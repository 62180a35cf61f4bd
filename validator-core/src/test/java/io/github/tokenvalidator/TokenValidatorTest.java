package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.testing.LogCapture;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core end to end against a MobileFirst-speaking MockWebServer, time driven by a test clock. */
class TokenValidatorTest {
  private final MutableClock clock = MutableClock.startingNow();
  private MockAuthorizationServer server;
  private TokenValidator validator;

  @BeforeEach
  void start() {
    server = MockAuthorizationServer.start(clock)
        .activeToken("alice-token", "accessRestricted RegisteredClient", "alice")
        .activeToken("app-token", "RegisteredClient", null);
    // No clock skew: these tests pin the exp boundary itself; anIntrospectedExpGetsTheClockSkew adds it.
    validator = server.validatorBuilder().clock(clock).ticker(clock).clockSkew(Duration.ZERO).build();
  }

  @AfterEach
  void stop() {
    validator.close();
    server.close();
  }

  @Test
  void validTokenWithRequiredScopeIsAcceptedWithItsData() {
    ValidationResult result = validator.validate("Bearer alice-token", "accessRestricted");

    assertThat(result.isValid()).isTrue();
    TokenInfo token = result.token();
    assertThat(token.username()).isEqualTo("alice");
    assertThat(token.clientId()).isEqualTo("mobile-app");
    assertThat(token.scope()).isEqualTo(Scope.of("accessRestricted RegisteredClient"));
    assertThat(token.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
    assertThat(token.mobileFirst().application().id()).isEqualTo("com.example.bank");
    assertThat(token.mobileFirst().device().status()).isEqualTo("ACTIVE");
    assertThat(token.mobileFirst().user().displayName()).isEqualTo("alice");
  }

  @Test
  void mobileFirstPresetDerivesEndpointsAndAuthenticatesWithOwnToken() throws Exception {
    validator.validate("Bearer alice-token", "accessRestricted");

    RecordedRequest tokenRequest = server.mockWebServer().takeRequest();
    assertThat(tokenRequest.getPath()).isEqualTo("/mfp/api/az/v1/token");
    assertThat(tokenRequest.getHeader("Authorization")).isEqualTo("Basic dGVzdDp0ZXN0");
    assertThat(tokenRequest.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(tokenRequest.getBody().readUtf8())
        .isEqualTo("grant_type=client_credentials&scope=authorization.introspect");

    RecordedRequest introspection = server.mockWebServer().takeRequest();
    assertThat(introspection.getPath()).isEqualTo("/mfp/api/az/v1/introspection");
    assertThat(introspection.getHeader("Authorization")).isEqualTo("Bearer own-1");
    assertThat(introspection.getBody().readUtf8()).isEqualTo("token=alice-token&token_type_hint=access_token");
  }

  @Test
  void configuredIntrospectionScopeIsRequestedForTheOwnToken() throws Exception {
    try (TokenValidator custom = server.validatorBuilder().clock(clock).ticker(clock).introspectionScope("introspect.all").build()) {
      custom.validate("Bearer alice-token");
    }
    assertThat(server.mockWebServer().takeRequest().getBody().readUtf8()).endsWith("scope=introspect.all");
  }

  @Test
  void tokenWithoutRequiredScopeIsRefused403NamingTheScope() {
    ValidationResult result = validator.validate("Bearer app-token", "accessRestricted");

    assertThat(result.error().kind()).isEqualTo(Kind.INSUFFICIENT_SCOPE);
    assertThat(result.error().wwwAuthenticate())
        .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"accessRestricted\"");
  }

  @Test
  void unknownTokenIsInvalid401() {
    ValidationResult result = validator.validate("Bearer made-up", Scope.empty());
    assertThat(result.error().kind()).isEqualTo(Kind.INVALID_TOKEN);
    assertThat(result.error().wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(result.error().status()).isEqualTo(401);
  }

  @Test
  void realmAppearsInEveryChallenge() {
    try (TokenValidator withRealm = server.validatorBuilder().clock(clock).ticker(clock).realm("bank").build()) {
      assertThat(withRealm.validate(null).error().wwwAuthenticate()).isEqualTo("Bearer realm=\"bank\"");
      assertThat(withRealm.validate("Bearer made-up").error().wwwAuthenticate())
          .isEqualTo("Bearer realm=\"bank\", error=\"invalid_token\"");
      assertThat(withRealm.validate("Bearer app-token", "accessRestricted").error().wwwAuthenticate())
          .isEqualTo("Bearer realm=\"bank\", error=\"insufficient_scope\", scope=\"accessRestricted\"");
    }
  }

  @Test
  void activeAnswerIsCachedSoSecondValidationMakesNoCall() {
    validator.validate("Bearer alice-token", "accessRestricted");
    validator.validate("Bearer alice-token", "RegisteredClient");
    validator.validate("bearer   alice-token", Scope.empty());

    assertThat(server.introspectionCount()).isEqualTo(1);
    assertThat(server.tokenRequestCount()).isEqualTo(1);
  }

  @Test
  void activeAnswerIsAskedAgainAfterMaxTtl() {
    try (TokenValidator shortTtl = server.validatorBuilder().clock(clock).ticker(clock).cacheMaxTtl(Duration.ofMinutes(5)).build()) {
      shortTtl.validate("Bearer alice-token");
      clock.advance(Duration.ofMinutes(5).minusSeconds(1));
      shortTtl.validate("Bearer alice-token");
      assertThat(server.introspectionCount()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1));
      shortTtl.validate("Bearer alice-token");
      assertThat(server.introspectionCount()).isEqualTo(2);
    }
  }

  @Test
  void cachedTokenPastItsExpIsRefusedWithoutAsking() {
    server.activeToken("short", "accessRestricted", "alice", clock.instant().plusSeconds(3));
    try (TokenValidator longTtl = server.validatorBuilder().clock(clock).ticker(clock).cacheMaxTtl(Duration.ofMinutes(5))
        .clockSkew(Duration.ZERO).build()) {
      assertThat(longTtl.validate("Bearer short").isValid()).isTrue();
      clock.advance(Duration.ofSeconds(4));

      ValidationResult later = longTtl.validate("Bearer short");

      assertThat(later.error().kind()).isEqualTo(Kind.INVALID_TOKEN);
      assertThat(server.introspectionCount()).as("known expired: no call").isEqualTo(1);

      clock.advance(Duration.ofSeconds(30)); // the negative TTL past exp: the entry is gone, ask again
      longTtl.validate("Bearer short");
      assertThat(server.introspectionCount()).isEqualTo(2);
    }
  }

  @Test
  void cachedTokenPastItsExpIsRefusedAsInvalidAlsoDuringAnOutage() {
    server.activeToken("short", "accessRestricted", "alice", clock.instant().plusSeconds(3));
    try (TokenValidator validator = server.validatorBuilder().clock(clock).ticker(clock).clockSkew(Duration.ZERO)
        .build()) {
      assertThat(validator.validate("Bearer short").isValid()).isTrue();
      server.close(); // the authorization server goes away
      clock.advance(Duration.ofSeconds(4));

      assertThat(validator.validate("Bearer short").error().kind())
          .as("401, not 503: the token is known to be expired").isEqualTo(Kind.INVALID_TOKEN);
    }
  }

  @Test
  void tokenIsValidOneSecondBeforeExpAndInvalidAtExpAndAfter() {
    server.activeToken("edge", "accessRestricted", "alice", clock.instant().plusSeconds(10));
    assertThat(validator.validate("Bearer edge").isValid()).isTrue();

    clock.advance(Duration.ofSeconds(9));
    assertThat(validator.validate("Bearer edge").isValid()).isTrue();

    clock.advance(Duration.ofSeconds(1));
    assertThat(validator.validate("Bearer edge").error().kind()).isEqualTo(Kind.INVALID_TOKEN);

    clock.advance(Duration.ofSeconds(1));
    assertThat(validator.validate("Bearer edge").error().kind()).isEqualTo(Kind.INVALID_TOKEN);
  }

  /** An introspection answer's exp gets the same clock skew as a JWT's: one decision for both. */
  @Test
  void anIntrospectedExpGetsTheClockSkew() {
    server.activeToken("skewed", "accessRestricted", "alice", clock.instant().plusSeconds(10));
    try (TokenValidator skewed = server.validatorBuilder().clock(clock).ticker(clock)
        .clockSkew(Duration.ofSeconds(30)).build()) {
      assertThat(skewed.validate("Bearer skewed").isValid()).isTrue();
      clock.advance(Duration.ofSeconds(39));
      assertThat(skewed.validate("Bearer skewed").isValid()).as("29 s past exp").isTrue();
      clock.advance(Duration.ofSeconds(1));
      assertThat(skewed.validate("Bearer skewed").error().kind()).isEqualTo(Kind.INVALID_TOKEN);
    }
  }

  @Test
  void activeAnswerWhoseExpHasPassedIsInvalid() {
    server.activeToken("stale-exp", "accessRestricted", "alice", clock.instant());
    assertThat(validator.validate("Bearer stale-exp").error().kind()).isEqualTo(Kind.INVALID_TOKEN);
  }

  @Test
  void inactiveAnswerIsCachedForTheNegativeTtlOnly() {
    try (TokenValidator negative = server.validatorBuilder().clock(clock).ticker(clock).cacheNegativeTtl(Duration.ofSeconds(30)).build()) {
      negative.validate("Bearer nobody");
      clock.advance(Duration.ofSeconds(29));
      negative.validate("Bearer nobody");
      assertThat(server.introspectionCount()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1));
      negative.validate("Bearer nobody");
      assertThat(server.introspectionCount()).isEqualTo(2);
    }
  }

  @Test
  void expInMillisecondsIsUnderstood() {
    long expMillis = clock.instant().plusSeconds(60).toEpochMilli();
    server.introspectionBody("ms-token", "{\"active\":true,\"scope\":\"a\",\"exp\":" + expMillis + "}");
    ValidationResult result = validator.validate("Bearer ms-token", "a");
    assertThat(result.token().expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
  }

  @Test
  void aHeaderThatIsNoTokenNeverFindsACachedAnswer() {
    server.activeToken("AbcA", "accessRestricted", "alice").activeToken("Abc?", "accessRestricted", "eve");
    assertThat(validator.validate("Bearer AbcA").isValid()).isTrue();
    int calls = server.introspectionCount();

    // U+0141's low byte is 'A', and every character above U+00FF is digested as '?': neither may pass for a
    // cached token, nor for one that the grammar refuses.
    for (String header : List.of("Bearer Abc\u0141", "Bearer Abc?", "Bearer Abc\u00c1", "Bearer AbcA=x", "Bearer =AbcA")) {
      assertThat(validator.validate(header).error().kind()).as(header).isEqualTo(Kind.INVALID_TOKEN);
    }
    assertThat(server.introspectionCount()).as("refused without a call").isEqualTo(calls);
    assertThat(validator.validate("Bearer AbcA").isValid()).isTrue();
  }

  @Test
  void scopeAsJsonArrayIsUnderstood() {
    server.introspectionBody("array-scope", "{\"active\":true,\"scope\":[\"a\",\"b\"]}");
    assertThat(validator.validate("Bearer array-scope", "a b").isValid()).isTrue();
  }

  @Test
  void concurrentMissesForOneTokenMakeOneIntrospectionCall() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (TokenValidator herd = server.validatorBuilder().clock(clock).ticker(clock).listener(listener).build()) {
      herd.validate("Bearer app-token"); // the own token is there; the herd's call is the next one
      MockAuthorizationServer.Hold hold = server.holdNextIntrospection();
      server.enqueueIntrospection(new MockResponse().setHeader("Content-Type", "application/json")
          .setBody("{\"active\":true,\"scope\":\"accessRestricted\",\"username\":\"alice\"}"));
      ExecutorService pool = Executors.newFixedThreadPool(100);
      List<Future<ValidationResult>> results = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        results.add(pool.submit(() -> herd.validate("Bearer herd-token", "accessRestricted")));
      }
      hold.awaitArrival();
      awaitEvents(listener, "coalesced", 99); // every other caller joined the call the server holds
      hold.release();
      for (Future<ValidationResult> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS).isValid()).isTrue();
      }
      pool.shutdown();

      assertThat(server.introspectionCount()).isEqualTo(2);
    }
  }

  /** Waits for the validator to have reported {@code count} events named {@code name}: an event, not time. */
  private static void awaitEvents(RecordingListener listener, String name, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (listener.events.stream().filter(name::equals).count() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("saw " + listener.events + ", waiting for " + count + " \"" + name + "\"");
      }
      Thread.sleep(5);
    }
  }

  @Test
  void mobileFirstConflictBecomes409WithMfpConflictHeader() {
    server.enqueueIntrospection(new MockResponse().setResponseCode(409));
    ValidationResult result = validator.validate("Bearer alice-token");
    assertThat(result.error().kind()).isEqualTo(Kind.CONFLICT);
    assertThat(result.error().status()).isEqualTo(409);
    assertThat(result.error().headers()).containsEntry("MFP-Conflict", "true").doesNotContainKey("WWW-Authenticate");
    assertThat(validator.validate("Bearer alice-token").isValid()).as("a conflict is not cached").isTrue();
  }

  @Test
  void rejectedOwnTokenIsRenewedAndIntrospectionRetriedOnce() throws Exception {
    validator.validate("Bearer alice-token");
    server.enqueueIntrospection(new MockResponse().setResponseCode(401));

    ValidationResult result = validator.validate("Bearer app-token");

    assertThat(result.isValid()).isTrue();
    assertThat(server.tokenRequestCount()).isEqualTo(2);
    List<String> authorizations = new ArrayList<>();
    for (int i = 0; i < server.mockWebServer().getRequestCount(); i++) {
      authorizations.add(server.mockWebServer().takeRequest().getHeader("Authorization"));
    }
    assertThat(authorizations).containsExactly("Basic dGVzdDp0ZXN0", "Bearer own-1", "Bearer own-1",
        "Basic dGVzdDp0ZXN0", "Bearer own-2");
  }

  @Test
  void secondRejectionOfOwnTokenGivesUnavailableNotInvalidToken() {
    server.enqueueIntrospection(new MockResponse().setResponseCode(401));
    server.enqueueIntrospection(new MockResponse().setResponseCode(401));
    ValidationResult result = validator.validate("Bearer alice-token");
    assertThat(result.error().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(server.tokenRequestCount()).isEqualTo(2);
  }

  @Test
  void ownTokenIsRenewedInBackgroundAfterEightyPercentWhileCurrentKeepsServing() throws Exception {
    RecordingListener listener = new RecordingListener();
    try (TokenValidator renewing = server.validatorBuilder().clock(clock).ticker(clock).listener(listener).build()) {
      renewing.validate("Bearer alice-token");
      clock.advance(Duration.ofSeconds(2870)); // 3599 s lifetime: 80 % is 2879.2 s
      renewing.validate("Bearer app-token");
      assertThat(server.tokenRequestCount()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(10));
      MockAuthorizationServer.Hold renewal = server.holdNextTokenRequest();
      server.enqueueTokenResponse(new MockResponse().setHeader("Content-Type", "application/json")
          .setBody("{\"access_token\":\"own-renewed\",\"token_type\":\"Bearer\",\"expires_in\":3599}"));
      server.activeToken("t2", "a", "bob");

      ValidationResult during = renewing.validate("Bearer t2");

      assertThat(during.isValid()).as("answered while the renewal is held at the server").isTrue();
      renewal.awaitArrival();
      for (int i = 0; i < 3; i++) {
        server.mockWebServer().takeRequest(); // own token, alice-token and app-token, in that order
      }
      // The background renewal and t2's introspection leave together and may arrive in either order.
      List<RecordedRequest> racing = List.of(server.mockWebServer().takeRequest(5, TimeUnit.SECONDS),
          server.mockWebServer().takeRequest(5, TimeUnit.SECONDS));
      assertThat(racing).extracting(RecordedRequest::getPath)
          .containsExactlyInAnyOrder("/mfp/api/az/v1/token", "/mfp/api/az/v1/introspection");
      assertThat(racing).filteredOn(r -> r.getPath().endsWith("/introspection"))
          .extracting(r -> r.getHeader("Authorization"))
          .as("the validation did not wait for the renewal").containsExactly("Bearer own-1");

      renewal.release();
      awaitEvents(listener, "renewal:true", 2);
      server.activeToken("t3", "a", "carol");
      renewing.validate("Bearer t3");
      assertThat(server.mockWebServer().takeRequest().getHeader("Authorization")).isEqualTo("Bearer own-renewed");
      assertThat(server.tokenRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void expiredOwnTokenMakesConcurrentCallersShareOneRenewal() throws Exception {
    validator.validate("Bearer alice-token");
    clock.advance(Duration.ofSeconds(3600));
    MockAuthorizationServer.Hold renewal = server.holdNextTokenRequest();
    server.enqueueTokenResponse(new MockResponse()
        .setHeader("Content-Type", "application/json")
        .setBody("{\"access_token\":\"own-late\",\"token_type\":\"Bearer\",\"expires_in\":3599}"));
    ExecutorService pool = Executors.newFixedThreadPool(20);
    List<Future<ValidationResult>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String token = "tok-" + i;
      server.activeToken(token, "a", "u" + i);
      results.add(pool.submit(() -> validator.validate("Bearer " + token, "a")));
    }
    renewal.awaitArrival();
    renewal.release();
    for (Future<ValidationResult> result : results) {
      assertThat(result.get(10, TimeUnit.SECONDS).isValid()).isTrue();
    }
    pool.shutdown();
    assertThat(server.tokenRequestCount()).isEqualTo(2);
  }

  @Test
  void refusedClientCredentialsGiveUnavailableAndOneErrorLogNamingTheCause() {
    for (int i = 0; i < 5; i++) {
      server.enqueueTokenResponse(new MockResponse().setResponseCode(400)
          .setHeader("Content-Type", "application/json").setBody("{\"error\":\"invalid_client\"}"));
    }
    try (LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < 3; i++) {
        ValidationResult result = validator.validate("Bearer alice-token");
        assertThat(result.error().kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(result.error().wwwAuthenticate()).isNull();
        clock.advance(Duration.ofSeconds(10)); // past the back-off: every call asks again
      }
      List<String> errors = logs.messagesAt(Level.SEVERE);
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0)).contains("invalid_client").contains("client-id and client-secret")
          .doesNotContain(MockAuthorizationServer.CLIENT_SECRET + "\"");
    }
    assertThat(server.tokenRequestCount()).isEqualTo(3);
  }

  @Test
  void refusedIntrospectionScopeIsNamedInTheLog() {
    server.enqueueTokenResponse(new MockResponse().setResponseCode(400)
        .setHeader("Content-Type", "application/json").setBody("{\"error\":\"invalid_scope\"}"));
    try (LogCapture logs = LogCapture.start()) {
      assertThat(validator.validate("Bearer alice-token").error().kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(logs.messagesAt(Level.SEVERE)).singleElement().asString()
          .contains("invalid_scope").contains("authorization.introspect");
    }
  }

  @Test
  void failedRenewalIsNotRetriedOnEveryRequestDuringBackoff() {
    server.enqueueTokenResponse(new MockResponse().setResponseCode(503));
    for (int i = 0; i < 10; i++) {
      assertThat(validator.validate("Bearer alice-token").error().kind()).isEqualTo(Kind.UNAVAILABLE);
    }
    assertThat(server.tokenRequestCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
  }

  @Test
  void validateAsyncReturnsBeforeTheIntrospectionAnswers() throws Exception {
    validator.validate("Bearer alice-token"); // own token fetched; next introspection is the held one
    MockAuthorizationServer.Hold hold = server.holdNextIntrospection();
    server.enqueueIntrospection(new MockResponse()
        .setHeader("Content-Type", "application/json").setBody("{\"active\":true,\"scope\":\"a\"}"));

    var future = validator.validateAsync("Bearer slow-token", "a");

    hold.awaitArrival();
    assertThat(future).isNotDone();
    hold.release();
    assertThat(future.get(10, TimeUnit.SECONDS).isValid()).isTrue();
  }

  @Test
  void validateAsyncAnswersCachedAndMalformedAtOnce() {
    validator.validate("Bearer alice-token");
    assertThat(validator.validateAsync("Bearer alice-token", "accessRestricted")).isCompleted();
    assertThat(validator.validateAsync("Basic x", "a")).isCompleted();
  }

  @Test
  void listenerSeesHitsMissesIntrospectionsRenewalsAndRejections() {
    RecordingListener listener = new RecordingListener();
    try (TokenValidator observed = server.validatorBuilder().clock(clock).ticker(clock).listener(listener).build()) {
      observed.validate("Bearer alice-token");
      observed.validate("Bearer alice-token");
      observed.validate("Bearer app-token", "accessRestricted");
      observed.validate(null);
    }
    assertThat(listener.events).containsExactly("miss", "renewal:true", "introspection:ACTIVE", "hit", "miss",
        "introspection:ACTIVE", "rejected:INSUFFICIENT_SCOPE", "rejected:MISSING_TOKEN");
  }

  @Test
  void throwingListenerDoesNotBreakValidation() {
    ValidationListener broken = new ValidationListener() {
      @Override
      public void cacheMiss() {
        throw new IllegalStateException("boom");
      }
    };
    try (TokenValidator observed = server.validatorBuilder().clock(clock).ticker(clock).listener(broken).build()) {
      assertThat(observed.validate("Bearer alice-token").isValid()).isTrue();
    }
  }

  @Test
  void closedValidatorAnswersUnavailableEvenForCachedTokens() throws Exception {
    assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
    validator.close();
    assertThat(validator.validate("Bearer alice-token").error().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(validator.validateAsync("Bearer alice-token", "a").get(1, TimeUnit.SECONDS).error().kind())
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void httpThreadsCarryTheLibraryClassLoaderAndStopOnClose() throws Exception {
    ClassLoader application = new java.net.URLClassLoader(new java.net.URL[0], null);
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    TokenValidator built;
    current.setContextClassLoader(application); // as a web container sets it during filter init
    try {
      built = server.validatorBuilder().clock(clock).ticker(clock).build();
    } finally {
      current.setContextClassLoader(previous);
    }
    built.validate("Bearer alice-token");
    List<Thread> started = httpThreads();
    assertThat(started).isNotEmpty()
        .allSatisfy(t -> assertThat(t.getContextClassLoader()).isNotSameAs(application));

    built.close();

    for (Thread thread : started) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(thread.isAlive()).as(thread.getName()).isFalse();
    }
  }

  private static List<Thread> httpThreads() {
    List<Thread> threads = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("tokenvalidator-http-") && thread.isAlive()) {
        threads.add(thread);
      }
    }
    return threads;
  }

  @Test
  void cacheSizeZeroAsksEveryTime() {
    try (TokenValidator uncached = server.validatorBuilder().clock(clock).ticker(clock).cacheMaxSize(0).build()) {
      uncached.validate("Bearer alice-token");
      uncached.validate("Bearer alice-token");
    }
    assertThat(server.introspectionCount()).isEqualTo(2);
  }

  static final class RecordingListener implements ValidationListener {
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void cacheHit() {
      events.add("hit");
    }

    @Override
    public void cacheMiss() {
      events.add("miss");
    }

    @Override
    public void cacheCoalesced() {
      events.add("coalesced");
    }

    @Override
    public void introspection(IntrospectionOutcome outcome, Duration latency) {
      events.add("introspection:" + outcome);
    }

    @Override
    public void ownTokenRenewal(boolean success, Duration latency) {
      events.add("renewal:" + success);
    }

    @Override
    public void staleAnswerServed() {
      events.add("stale");
    }

    @Override
    public void rejected(AuthenticationError.Kind kind) {
      events.add("rejected:" + kind);
    }
  }
}
