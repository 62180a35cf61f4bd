package io.github.tokenvalidator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.spi.Invalidation;
import io.github.tokenvalidator.spi.RefusedEntryException;
import io.github.tokenvalidator.spi.SharedCacheConfig;
import io.github.tokenvalidator.spi.StoreKey;
import io.github.tokenvalidator.testing.LogCapture;
import io.github.tokenvalidator.testing.MutableClock;
import io.github.tokenvalidator.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisSharedStoreTest {
  static final String SECRET = "fleet-secret-0123456789";
  static final String OTHER_SECRET = "another-secret-987654321";
  private static RedisServer redis;

  private final byte[] digest = new byte[32];

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void empty() {
    redis.command("FLUSHALL");
    for (int i = 0; i < 32; i++) {
      digest[i] = (byte) (i * 7 + 1);
    }
  }

  static SharedCacheConfig config(String uri, String secret, String older, Ticker ticker) {
    return new SharedCacheConfig(uri, secret, older, Duration.ofMillis(200), Duration.ofSeconds(5), "tv:",
        List.of(), null, ticker);
  }

  static RedisSharedStore store(String secret, String older) {
    return connected(RedisSharedStore.create(config(redis.uri(), secret, older, Ticker.system())));
  }

  /** Waits (generously) until the store's first connection is made: it connects in the background. */
  static RedisSharedStore connected(RedisSharedStore store) {
    StoreKey probe = StoreKey.of(StoreKey.Kind.PROOF, "probe", "", new byte[32]);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        store.get(probe).toCompletableFuture().get(5, TimeUnit.SECONDS);
        return store;
      } catch (Exception e) {
        sleep(20);
      }
    }
    throw new AssertionError("never connected");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private StoreKey answer(String issuer) {
    return StoreKey.of(StoreKey.Kind.ANSWER, issuer, "api", digest);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<?> keys() {
    return (List<?>) redis.command("KEYS", "*");
  }

  @Test
  void whatOneInstanceStoresAnotherReads() throws Exception {
    try (RedisSharedStore one = store(SECRET, null); RedisSharedStore two = store(SECRET, null)) {
      await(one.put(answer("https://as"), bytes("{\"sub\":\"alice\"}"), Duration.ofMinutes(1)));
      assertThat(await(two.get(answer("https://as")))).asString(StandardCharsets.UTF_8).isEqualTo("{\"sub\":\"alice\"}");
      assertThat(await(two.get(answer("https://other")))).isNull();
    }
  }

  @Test
  void redisHoldsNeitherTheDigestNorTheIssuerNorTheAnswer() throws Exception {
    try (RedisSharedStore store = store(SECRET, null)) {
      await(store.put(answer("https://as.example"), bytes("{\"sub\":\"alice\"}"), Duration.ofMinutes(1)));
      List<?> keys = keys();
      assertThat(keys).hasSize(1);
      String key = (String) keys.get(0);
      assertThat(key).startsWith("tv:a:").doesNotContain(HexFormat.of().formatHex(digest).substring(0, 8))
          .doesNotContain("as.example");
      byte[] value = (byte[]) redis.command("GET", key);
      assertThat(new String(value, StandardCharsets.ISO_8859_1)).doesNotContain("alice");
      assertThat((Long) redis.command("PTTL", key)).isBetween(1L, 60_000L);
    }
  }

  @Test
  void aFlippedValueIsRefused() throws Exception {
    try (RedisSharedStore store = store(SECRET, null)) {
      await(store.put(answer("https://as"), bytes("{\"sub\":\"alice\"}"), Duration.ofMinutes(1)));
      String key = (String) keys().get(0);
      byte[] value = (byte[]) redis.command("GET", key);
      value[value.length - 20] ^= 1;
      redis.command("SET", key, value);
      assertThatThrownBy(() -> await(store.get(answer("https://as"))))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RefusedEntryException.class);
    }
  }

  @Test
  void anEntryMovedToAnotherKeyIsRefused() throws Exception {
    try (RedisSharedStore store = store(SECRET, null)) {
      await(store.put(answer("https://attacker"), bytes("{\"sub\":\"admin\"}"), Duration.ofMinutes(1)));
      String attackerKey = (String) keys().get(0);
      await(store.put(answer("https://as"), bytes("{\"sub\":\"alice\"}"), Duration.ofMinutes(1)));
      String victimKey = keys().stream().map(String.class::cast).filter(k -> !k.equals(attackerKey)).findFirst()
          .orElseThrow();
      redis.command("SET", victimKey, redis.command("GET", attackerKey));
      assertThatThrownBy(() -> await(store.get(answer("https://as"))))
          .hasCauseInstanceOf(RefusedEntryException.class);
    }
  }

  @Test
  void garbageIsRefused() throws Exception {
    try (RedisSharedStore store = store(SECRET, null)) {
      await(store.put(answer("https://as"), bytes("x"), Duration.ofMinutes(1)));
      redis.command("SET", keys().get(0), "garbage");
      assertThatThrownBy(() -> await(store.get(answer("https://as"))))
          .hasCauseInstanceOf(RefusedEntryException.class);
    }
  }

  @Test
  void anotherSecretNeitherFindsNorReadsTheEntries() throws Exception {
    try (RedisSharedStore store = store(SECRET, null); RedisSharedStore other = store(OTHER_SECRET, null)) {
      await(store.put(answer("https://as"), bytes("x"), Duration.ofMinutes(1)));
      assertThat(await(other.get(answer("https://as")))).isNull();
    }
  }

  @Test
  void duringRotationTheOlderSecretsEntriesAreRead() throws Exception {
    try (RedisSharedStore old = store(OTHER_SECRET, null); RedisSharedStore rotated = store(SECRET, OTHER_SECRET)) {
      await(old.put(answer("https://as"), bytes("written before"), Duration.ofMinutes(1)));
      assertThat(await(rotated.get(answer("https://as")))).asString(StandardCharsets.UTF_8).isEqualTo("written before");
      await(rotated.put(answer("https://as"), bytes("written after"), Duration.ofMinutes(1)));
      assertThat(await(rotated.get(answer("https://as")))).asString(StandardCharsets.UTF_8).isEqualTo("written after");
    }
  }

  @Test
  void putIfAbsentStoresOnceForTheWholeFleet() throws Exception {
    try (RedisSharedStore one = store(SECRET, null); RedisSharedStore two = store(SECRET, null)) {
      StoreKey proof = StoreKey.of(StoreKey.Kind.PROOF, "https://as", "api", digest);
      assertThat(await(one.putIfAbsent(proof, bytes("1"), Duration.ofSeconds(30)))).isTrue();
      assertThat(await(two.putIfAbsent(proof, bytes("2"), Duration.ofSeconds(30)))).isFalse();
      assertThat(await(one.putIfAbsent(proof, bytes("3"), Duration.ofSeconds(30)))).isFalse();
      assertThat((Long) redis.command("PTTL", keys().get(0))).isBetween(1L, 30_000L);
      assertThat(await(two.get(proof))).asString(StandardCharsets.UTF_8).isEqualTo("1");
    }
  }

  @Test
  void invalidationsReachEveryInstanceAndTheTokensEntryGoes() throws Exception {
    try (RedisSharedStore one = store(SECRET, null); RedisSharedStore two = store(SECRET, null)) {
      LinkedBlockingQueue<Invalidation> toOne = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<Invalidation> toTwo = new LinkedBlockingQueue<>();
      one.subscribe(toOne::add);
      two.subscribe(toTwo::add);
      awaitSubscribed(one);
      awaitSubscribed(two);
      await(one.put(answer("https://as"), bytes("x"), Duration.ofMinutes(1)));
      await(two.publish(Invalidation.ofToken(answer("https://as"))));
      Invalidation received = toOne.poll(10, TimeUnit.SECONDS);
      assertThat(received.kind()).isEqualTo(Invalidation.Kind.TOKEN);
      assertThat(received.token()).isEqualTo(answer("https://as"));
      assertThat(toTwo.poll(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(await(one.get(answer("https://as")))).isNull();

      Instant before = Instant.parse("2026-12-01T10:00:00.123456789Z");
      await(one.publish(Invalidation.ofSubject("https://as", "alice", before)));
      Invalidation subject = toTwo.poll(10, TimeUnit.SECONDS);
      assertThat(subject.kind()).isEqualTo(Invalidation.Kind.SUBJECT);
      assertThat(subject.name()).isEqualTo("alice");
      assertThat(subject.issuedBefore()).isEqualTo(before);
      await(one.publish(Invalidation.ofClient("https://as", "mobile", before)));
      assertThat(toTwo.poll(10, TimeUnit.SECONDS).kind()).isEqualTo(Invalidation.Kind.CLIENT);
    }
  }

  @Test
  void aForgedInvalidationIsIgnoredAndLoggedOnce() throws Exception {
    try (RedisSharedStore store = store(SECRET, null); LogCapture logs = LogCapture.start()) {
      LinkedBlockingQueue<Invalidation> received = new LinkedBlockingQueue<>();
      store.subscribe(received::add);
      awaitSubscribed(store);
      redis.command("PUBLISH", "tv:invalidations", "forged");
      redis.command("PUBLISH", "tv:invalidations", "forged again");
      try (RedisSharedStore other = store(OTHER_SECRET, null)) {
        await(other.publish(Invalidation.ofSubject("https://as", "alice", Instant.now())));
      }
      await(store.publish(Invalidation.ofSubject("https://as", "bob", Instant.now())));
      assertThat(received.poll(10, TimeUnit.SECONDS).name()).isEqualTo("bob");
      assertThat(received).isEmpty();
      assertThat(logs.messagesAt(Level.WARNING)).hasSize(1);
    }
  }

  @Test
  void aWaiterLearnsOfTheReleasedLease() throws Exception {
    try (RedisSharedStore holder = store(SECRET, null); RedisSharedStore waiter = store(SECRET, null)) {
      awaitSubscribed(waiter);
      StoreKey lease = StoreKey.of(StoreKey.Kind.LEASE, "https://as", "api", digest);
      assertThat(await(holder.putIfAbsent(lease, bytes("me"), Duration.ofMinutes(1)))).isTrue();
      CompletionStage<Void> released = waiter.awaitDelete(lease, Duration.ofMinutes(1));
      sleep(50);
      assertThat(released.toCompletableFuture()).isNotDone();
      await(holder.delete(lease));
      await(released); // within 10 s, not the minute
      // A lease already gone: at once.
      await(waiter.awaitDelete(lease, Duration.ofMinutes(1)));
    }
  }

  @Test
  void redisKilledOperationsFailWithinTheBoundThenTheStoreIsSkippedAndComesBack() throws Exception {
    MutableClock ticker = MutableClock.startingNow();
    try (RedisServer own = RedisServer.start(); LogCapture logs = LogCapture.start();
        RedisSharedStore store = connected(RedisSharedStore.create(config(own.uri(), SECRET, null, ticker)))) {
      assertThat(store.health()).isEqualTo(Health.up());
      own.kill();
      for (int i = 0; i < StoreGate.THRESHOLD; i++) {
        assertThatThrownBy(() -> await(store.get(answer("https://as")))).isInstanceOf(ExecutionException.class);
      }
      assertThat(store.health().status()).isEqualTo(Health.Status.DEGRADED);
      assertThat(store.health().detail()).startsWith("shared cache unreachable: ");
      own.restart();
      // Skipped during the back-off, whatever Redis does.
      assertThatThrownBy(() -> await(store.get(answer("https://as")))).hasMessageContaining("skipped");
      ticker.advance(Duration.ofSeconds(6));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (store.health().status() != Health.Status.UP && System.nanoTime() < deadline) {
        try {
          await(store.get(answer("https://as")));
        } catch (ExecutionException e) {
          ticker.advance(Duration.ofSeconds(6)); // Lettuce reconnects on its own; the probe may come too early
          sleep(50);
        }
      }
      assertThat(store.health()).isEqualTo(Health.up());
      assertThat(logs.messagesAt(Level.WARNING)).hasSize(1);
      assertThat(logs.messagesAt(Level.INFO)).anyMatch(m -> m.contains("reachable again"));
    }
  }

  @Test
  void aPausedRedisTimesOutWithinTheBound() throws Exception {
    try (RedisServer own = RedisServer.start(); LogCapture logs = LogCapture.start();
        RedisSharedStore store = connected(RedisSharedStore.create(config(own.uri(), SECRET, null,
            Ticker.system())))) {
      own.pause();
      try {
        assertThatThrownBy(() -> await(store.get(answer("https://as"))))
            .hasCauseInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class);
      } finally {
        own.resume();
      }
      assertThat(logs.text()).doesNotContain(SECRET);
    }
  }

  @Test
  void aRedisDownAtStartIsNoErrorAndIsConnectedLater() throws Exception {
    MutableClock ticker = MutableClock.startingNow();
    RedisServer own = RedisServer.start();
    int port = own.port();
    own.kill();
    try (LogCapture logs = LogCapture.start();
        RedisSharedStore store = RedisSharedStore.create(config("redis://127.0.0.1:" + port, SECRET, null, ticker))) {
      assertThatThrownBy(() -> await(store.get(answer("https://as")))).hasMessageContaining("not connected");
      own.restart();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Object found = "nothing yet";
      while (!(found == null) && System.nanoTime() < deadline) {
        try {
          found = await(store.get(answer("https://as")));
        } catch (ExecutionException e) {
          ticker.advance(Duration.ofSeconds(6));
          sleep(50);
        }
      }
      assertThat(found).isNull();
      assertThat(logs.messagesAt(Level.SEVERE)).isEmpty();
    } finally {
      own.close();
    }
  }

  @Test
  void tlsWithTheTrustStoreOfTheSetting(@TempDir Path dir) throws Exception {
    HeldCertificate authority = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test CA").build();
    HeldCertificate server = new HeldCertificate.Builder().signedBy(authority).addSubjectAlternativeName("127.0.0.1")
        .commonName("127.0.0.1").build();
    Path certificate = Files.writeString(dir.resolve("server.pem"), server.certificatePem());
    Path key = Files.writeString(dir.resolve("server.key"), server.privateKeyPkcs8Pem());
    Path ca = Files.writeString(dir.resolve("ca.pem"), authority.certificatePem());
    try (RedisServer tls = RedisServer.startTls(certificate, key, ca);
        RedisSharedStore one = connected(RedisSharedStore.create(new SharedCacheConfig(tls.uri(), SECRET, null,
            Duration.ofMillis(500), Duration.ofSeconds(5), "tv:", List.of(), ca, Ticker.system())))) {
      assertThat(tls.uri()).startsWith("rediss://");
      await(one.put(answer("https://as"), bytes("over tls"), Duration.ofMinutes(1)));
      assertThat(await(one.get(answer("https://as")))).asString(StandardCharsets.UTF_8).isEqualTo("over tls");
    }
  }

  @Test
  void sentinelFindsTheMaster() throws Exception {
    try (RedisServer master = RedisServer.start(); RedisServer sentinel = RedisServer.startSentinel(master, "fleet");
        RedisSharedStore store = connected(RedisSharedStore.create(config(
            "redis-sentinel://127.0.0.1:" + sentinel.port() + "#fleet", SECRET, null, Ticker.system())))) {
      await(store.put(answer("https://as"), bytes("via sentinel"), Duration.ofMinutes(1)));
      assertThat(master.command("DBSIZE")).isEqualTo(1L);
      assertThat(await(store.get(answer("https://as")))).asString(StandardCharsets.UTF_8).isEqualTo("via sentinel");
    }
  }

  @Test
  void aUriLettuceCannotReadIsNamedWithoutItsPassword() {
    assertThatThrownBy(() -> RedisSharedStore.create(config("redis://user:hunter2@[bad", SECRET, null,
        Ticker.system())))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("shared-cache.uri")
        .hasMessageNotContaining("hunter2");
  }

  /** Waits until the store's channel subscription is made (it is made in the background). */
  static void awaitSubscribed(RedisSharedStore store) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!store.isSubscribed() && System.nanoTime() < deadline) {
      sleep(20);
    }
    assertThat(store.isSubscribed()).isTrue();
  }
}
