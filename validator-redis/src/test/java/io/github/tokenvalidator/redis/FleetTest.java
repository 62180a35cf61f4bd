package io.github.tokenvalidator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.testing.LogCapture;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import io.github.tokenvalidator.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several validators, each with its own cache, one real Redis between them, configured by the
 * {@code shared-cache.*} settings alone (the provider is found on the class path).
 */
class FleetTest {
  static final String SECRET = "fleet-secret-0123456789";

  private RedisServer redis;
  private MockAuthorizationServer server;
  private final List<TokenValidator> fleet = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    server = MockAuthorizationServer.start();
  }

  @AfterEach
  void stop() {
    fleet.forEach(TokenValidator::close);
    server.close();
    redis.close();
  }

  private Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("tokenvalidator.shared-cache.uri", redis.uri());
    settings.put("tokenvalidator.shared-cache.secret", SECRET);
    settings.put("tokenvalidator.shared-cache.timeout", "500ms");
    return settings;
  }

  private TokenValidator instance(MockAuthorizationServer authorizationServer, TokenValidator.Builder builder,
      Map<String, String> settings) {
    TokenValidator validator = builder.properties(settings).build();
    fleet.add(validator);
    return validator;
  }

  private List<TokenValidator> instances(int count) {
    List<TokenValidator> made = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      made.add(instance(server, server.validatorBuilder(), settings()));
    }
    awaitConnected(fleet.size());
    return made;
  }

  /** Waits (generously) until Redis sees every instance's two connections and subscription. */
  private void awaitConnected(int instances) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      List<?> subscribers = (List<?>) redis.command("PUBSUB", "NUMSUB", "tokenvalidator:invalidations");
      String clients = (String) redis.commandText("CLIENT", "LIST");
      if (((Long) subscribers.get(1)) >= instances && clients.split("\n").length >= 2 * instances + 1) {
        return;
      }
      RedisSharedStoreTest.sleep(20);
    }
    throw new AssertionError("the instances never connected to Redis");
  }

  private static void eventually(Supplier<Boolean> condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never: " + what);
      }
      RedisSharedStoreTest.sleep(10);
    }
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static String answer(String subject, String clientId, Instant issuedAt) {
    return "{\"active\":true,\"scope\":\"read\",\"sub\":\"" + subject + "\",\"client_id\":\"" + clientId
        + "\",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + issuedAt.plusSeconds(3600).getEpochSecond() + "}";
  }

  @Test
  void aHerdOfFourInstancesCostsTheServerOneCall() throws Exception {
    List<TokenValidator> four = instances(4);
    server.activeToken("new-token", "read", "alice");
    MockAuthorizationServer.Hold hold = server.holdNextIntrospection();
    List<CompletableFuture<ValidationResult>> results = new ArrayList<>();
    for (TokenValidator validator : four) {
      results.add(validator.validateAsync(bearer("new-token"), "read"));
    }
    hold.awaitArrival();
    hold.release();
    for (CompletableFuture<ValidationResult> result : results) {
      assertThat(result.get(20, TimeUnit.SECONDS).isValid()).isTrue();
    }
    assertThat(server.introspectionCount()).isEqualTo(1);
    // Later requests on any instance: the local cache, or the shared one.
    for (TokenValidator validator : four) {
      assertThat(validator.validate(bearer("new-token"), "read").isValid()).isTrue();
    }
    assertThat(server.introspectionCount()).isEqualTo(1);
  }

  @Test
  void aTokenResolvedByOneInstanceIsAnsweredFromRedisByTheOthers() {
    List<TokenValidator> three = instances(3);
    for (int i = 0; i < 20; i++) {
      server.activeToken("token-" + i, "read", "user" + i);
    }
    for (int i = 0; i < 20; i++) {
      for (TokenValidator validator : three) {
        assertThat(validator.validate(bearer("token-" + i), "read").isValid()).isTrue();
      }
    }
    assertThat(server.introspectionCount()).isEqualTo(20);
    eventually(() -> (Long) redis.command("DBSIZE") == 20L, "every answer is shared once");
  }

  @Test
  void aRevokedTokenIsRefusedByEveryInstance() throws Exception {
    List<TokenValidator> three = instances(3);
    server.activeToken("doomed", "read", "alice");
    for (TokenValidator validator : three) {
      assertThat(validator.validate(bearer("doomed"), "read").isValid()).isTrue();
    }
    server.introspectionBody("doomed", "{\"active\":false}");
    three.get(0).revokeToken("doomed").get(10, TimeUnit.SECONDS);
    for (TokenValidator validator : three) {
      eventually(() -> !validator.validate(bearer("doomed"), "read").isValid(), "the revocation arrives");
    }
    // The answer left Redis (a lease of the instances that asked again may still be on its way out).
    assertThat((List<?>) redis.command("KEYS", "tokenvalidator:a:*")).isEmpty();
  }

  @Test
  void aSubjectRevokedBeforeATimeIsRefusedEverywhereAlsoWhenTheServerStillSaysActive() throws Exception {
    List<TokenValidator> two = instances(2);
    Instant issued = Instant.now().minusSeconds(60);
    server.introspectionBody("alice-old", answer("alice", "mobile", issued));
    server.introspectionBody("bob-old", answer("bob", "mobile", issued));
    for (TokenValidator validator : two) {
      assertThat(validator.validate(bearer("alice-old"), "read").isValid()).isTrue();
    }
    two.get(1).revokeSubject("alice", Instant.now().minusSeconds(1)).get(10, TimeUnit.SECONDS);
    for (TokenValidator validator : two) {
      eventually(() -> !validator.validate(bearer("alice-old"), "read").isValid(), "the revocation arrives");
      assertThat(validator.validate(bearer("bob-old"), "read").isValid()).isTrue();
    }
    // Alice logs in again: a token issued after the mark is fine.
    server.introspectionBody("alice-new", answer("alice", "mobile", Instant.now()));
    assertThat(two.get(0).validate(bearer("alice-new"), "read").isValid()).isTrue();
    // The mark is kept locally: Redis gone, the old token is still refused.
    redis.kill();
    for (TokenValidator validator : two) {
      assertThat(validator.validate(bearer("alice-old"), "read").isValid()).isFalse();
    }
  }

  @Test
  void aClientRevokedBeforeATimeIsRefusedEverywhere() throws Exception {
    List<TokenValidator> two = instances(2);
    Instant issued = Instant.now().minusSeconds(60);
    server.introspectionBody("stolen", answer("carol", "compromised-app", issued));
    assertThat(two.get(0).validate(bearer("stolen"), "read").isValid()).isTrue();
    two.get(0).revokeClient("compromised-app", Instant.now()).get(10, TimeUnit.SECONDS);
    for (TokenValidator validator : two) {
      eventually(() -> !validator.validate(bearer("stolen"), "read").isValid(), "the revocation arrives");
    }
  }

  @Test
  void redisKilledRestartedNoRequestFailsAndHealthComesBack() {
    MutableClock clock = MutableClock.startingNow();
    server.close();
    server = MockAuthorizationServer.start(clock);
    List<TokenValidator> two = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      two.add(instance(server, server.validatorBuilder().clock(clock).ticker(clock), settings()));
    }
    awaitConnected(2);
    for (int i = 0; i < 30; i++) {
      server.activeToken("t" + i, "read", "u" + i);
    }
    try (LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < 10; i++) {
        assertThat(two.get(i % 2).validate(bearer("t" + i), "read").isValid()).isTrue();
      }
      redis.kill();
      for (int i = 10; i < 20; i++) {
        for (TokenValidator validator : two) {
          assertThat(validator.validate(bearer("t" + i), "read").isValid()).isTrue();
        }
      }
      for (TokenValidator validator : two) {
        assertThat(validator.health().status()).isEqualTo(Health.Status.DEGRADED);
        assertThat(validator.health().detail()).startsWith("shared cache unreachable: ");
      }
      redis.restart();
      for (TokenValidator validator : two) {
        eventually(() -> {
          clock.advance(Duration.ofSeconds(6));
          validator.validate(bearer("t" + (20 + (int) (Math.random() * 10))), "read");
          return validator.health().status() == Health.Status.UP;
        }, "the shared cache is used again");
      }
      assertThat(logs.messagesAt(Level.WARNING)).allMatch(m -> m.contains("Shared cache unreachable"));
    }
  }

  @Test
  void aPausedRedisFailsNoRequest() {
    AtomicInteger errors = new AtomicInteger();
    ValidationListener counting = new ValidationListener() {
      @Override
      public void sharedStoreRead(SharedStoreOutcome outcome) {
        if (outcome == SharedStoreOutcome.ERROR) {
          errors.incrementAndGet();
        }
      }
    };
    Map<String, String> settings = settings();
    settings.put("tokenvalidator.shared-cache.timeout", "50ms");
    TokenValidator validator = instance(server, server.validatorBuilder().listener(counting), settings);
    awaitConnected(1);
    for (int i = 0; i < 5; i++) {
      server.activeToken("p" + i, "read", "u" + i);
    }
    try (LogCapture logs = LogCapture.start()) {
      redis.pause();
      try {
        for (int i = 0; i < 5; i++) {
          assertThat(validator.validate(bearer("p" + i), "read").isValid()).isTrue();
        }
      } finally {
        redis.resume();
      }
      assertThat(errors.get()).isPositive();
      assertThat(logs.text()).doesNotContain(SECRET);
    }
  }

  @Test
  void aTamperedEntryIsRefusedCountedLoggedOnceAndTheServerAsked() {
    Map<ValidationListener.SharedStoreOutcome, AtomicInteger> reads = new ConcurrentHashMap<>();
    ValidationListener counting = new ValidationListener() {
      @Override
      public void sharedStoreRead(SharedStoreOutcome outcome) {
        reads.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
      }
    };
    TokenValidator writer = instance(server, server.validatorBuilder(), settings());
    TokenValidator reader = instance(server, server.validatorBuilder().listener(counting), settings());
    awaitConnected(2);
    server.activeToken("tampered-1", "read", "alice");
    server.activeToken("tampered-2", "read", "bob");
    try (LogCapture logs = LogCapture.start()) {
      for (String token : List.of("tampered-1", "tampered-2")) {
        assertThat(writer.validate(bearer(token), "read").isValid()).isTrue();
        eventually(() -> !((List<?>) redis.command("KEYS", "tokenvalidator:a:*")).isEmpty(), "the answer is shared");
        String key = (String) ((List<?>) redis.command("KEYS", "tokenvalidator:a:*")).get(0);
        byte[] value = (byte[]) redis.command("GET", key);
        value[value.length - 1] ^= 0x40;
        redis.command("SET", key, value);
        assertThat(reader.validate(bearer(token), "read").isValid()).isTrue();
        // the reader shares the answer it got: wait for it, so that it cannot land after the flush
        eventually(() -> !java.util.Arrays.equals((byte[]) redis.command("GET", key), value),
            "the reader shared its own answer");
        redis.command("FLUSHALL");
      }
      assertThat(server.introspectionCount()).isEqualTo(4);
      assertThat(reads.get(ValidationListener.SharedStoreOutcome.REFUSED)).hasValue(2);
      assertThat(logs.messagesAt(Level.WARNING)).hasSize(1);
      assertThat(logs.messagesAt(Level.WARNING).get(0)).contains("refused");
    }
  }

  @Test
  void twoIssuersWithTheSameTokenStringNeverGetEachOthersAnswer() {
    try (MockAuthorizationServer other = MockAuthorizationServer.start()) {
      server.activeToken("same-string", "read", "alice");
      other.introspectionBody("same-string", "{\"active\":false}");
      TokenValidator first = instance(server, server.validatorBuilder(), settings());
      TokenValidator second = instance(other, other.validatorBuilder(), settings());
      awaitConnected(2);
      assertThat(first.validate(bearer("same-string"), "read").isValid()).isTrue();
      assertThat(second.validate(bearer("same-string"), "read").isValid()).isFalse();
      assertThat(other.introspectionCount()).isEqualTo(1);
    }
  }

  @Test
  void anInstanceWhoseClockIsPastTheExpiryRefusesTheSharedAnswer() {
    MutableClock behind = MutableClock.startingNow();
    MutableClock ahead = new MutableClock(behind.instant().plusSeconds(30));
    server.close();
    server = MockAuthorizationServer.start(behind);
    // Usable for 20 s more by the first clock, 10 s past its exp by the second's (no skew allowed).
    Map<String, String> noSkew = settings();
    noSkew.put("tokenvalidator.clock-skew", "0s");
    server.activeToken("short-lived", "read", "alice", behind.instant().plusSeconds(20));
    TokenValidator first = instance(server, server.validatorBuilder().clock(behind), noSkew);
    TokenValidator second = instance(server, server.validatorBuilder().clock(ahead), noSkew);
    awaitConnected(2);
    assertThat(first.validate(bearer("short-lived"), "read").isValid()).isTrue();
    eventually(() -> (Long) redis.command("DBSIZE") == 1L, "the answer is shared");
    assertThat(second.validate(bearer("short-lived"), "read").isValid()).isFalse();
    // It did not take the shared answer: it asked, and decided by its own clock.
    assertThat(server.introspectionCount()).isEqualTo(2);
  }

  @Test
  void theSharedCacheRefusesToStartWithoutTheSecret() {
    Map<String, String> settings = settings();
    settings.remove("tokenvalidator.shared-cache.secret");
    assertThatThrownBy(() -> server.validatorBuilder().properties(settings).build())
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("shared-cache.secret");
  }
}
