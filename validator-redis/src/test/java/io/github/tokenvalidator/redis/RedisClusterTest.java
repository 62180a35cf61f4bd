package io.github.tokenvalidator.redis;

import static io.github.tokenvalidator.redis.RedisSharedStoreTest.SECRET;
import static io.github.tokenvalidator.redis.RedisSharedStoreTest.await;
import static io.github.tokenvalidator.redis.RedisSharedStoreTest.awaitSubscribed;
import static io.github.tokenvalidator.redis.RedisSharedStoreTest.connected;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.spi.Invalidation;
import io.github.tokenvalidator.spi.SharedCacheConfig;
import io.github.tokenvalidator.spi.StoreKey;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store and a fleet on a real three-master Redis Cluster, found through {@code shared-cache.cluster-nodes}:
 * keys spread over the nodes, invalidations published on one node reach subscribers on the others.
 */
class RedisClusterTest {
  @TempDir
  static Path dir;
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.start(dir, 3);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void empty() {
    for (int node = 0; node < 3; node++) {
      cluster.on(node, redis -> redis.flushall());
    }
  }

  private static SharedCacheConfig config(List<String> seeds) {
    // shared-cache.uri gives only the password and TLS (none here); the seed nodes give the hosts.
    return new SharedCacheConfig("redis://127.0.0.1:1", SECRET, null, Duration.ofMillis(500), Duration.ofSeconds(5),
        "tv:", seeds, null, Ticker.system());
  }

  private static RedisSharedStore store() {
    return connected(RedisSharedStore.create(config(List.of(cluster.clusterNodes().split(",")))));
  }

  private static StoreKey key(StoreKey.Kind kind, int i) {
    byte[] digest = new byte[32];
    digest[0] = (byte) i;
    digest[1] = (byte) (i >> 8);
    return StoreKey.of(kind, "https://as", "api", digest);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void operationsReachEveryNodeThroughTheSeeds() throws Exception {
    try (RedisSharedStore one = store(); RedisSharedStore two = store()) {
      for (int i = 0; i < 30; i++) {
        await(one.put(key(StoreKey.Kind.ANSWER, i), bytes("answer " + i), Duration.ofMinutes(1)));
      }
      for (int i = 0; i < 30; i++) {
        assertThat(await(two.get(key(StoreKey.Kind.ANSWER, i)))).asString(StandardCharsets.UTF_8)
            .isEqualTo("answer " + i);
      }
      // The keys' slots are the cluster's to choose: every node holds some.
      for (int node = 0; node < 3; node++) {
        long size = cluster.on(node, redis -> redis.dbsize());
        assertThat(size).isPositive();
      }
      await(two.delete(key(StoreKey.Kind.ANSWER, 7)));
      assertThat(await(one.get(key(StoreKey.Kind.ANSWER, 7)))).isNull();
      assertThat(await(one.get(key(StoreKey.Kind.ANSWER, 8)))).isNotNull();

      StoreKey proof = key(StoreKey.Kind.PROOF, 1);
      assertThat(await(one.putIfAbsent(proof, bytes("1"), Duration.ofSeconds(30)))).isTrue();
      assertThat(await(two.putIfAbsent(proof, bytes("2"), Duration.ofSeconds(30)))).isFalse();
      assertThat(await(two.get(proof))).asString(StandardCharsets.UTF_8).isEqualTo("1");
      String redisKey = new EntrySeal(SECRET, "tv:").key(proof);
      long ttl = 0;
      for (int node = 0; node < 3; node++) {
        ttl += cluster.on(node, redis -> redis.keys(redisKey).isEmpty() ? 0L : redis.pttl(redisKey));
      }
      assertThat(ttl).isBetween(1L, 30_000L);
    }
  }

  @Test
  void anInvalidationPublishedOnAnyNodeReachesEverySubscriber() throws Exception {
    try (RedisSharedStore one = store(); RedisSharedStore two = store()) {
      LinkedBlockingQueue<Invalidation> toOne = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<Invalidation> toTwo = new LinkedBlockingQueue<>();
      one.subscribe(toOne::add);
      two.subscribe(toTwo::add);
      awaitSubscribed(one);
      awaitSubscribed(two);
      await(one.put(key(StoreKey.Kind.ANSWER, 1), bytes("x"), Duration.ofMinutes(1)));
      await(two.publish(Invalidation.ofToken(key(StoreKey.Kind.ANSWER, 1))));
      assertThat(toOne.poll(10, TimeUnit.SECONDS).token()).isEqualTo(key(StoreKey.Kind.ANSWER, 1));
      assertThat(toTwo.poll(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(await(one.get(key(StoreKey.Kind.ANSWER, 1)))).isNull();

      // Whichever node a store subscribed on, a message published on each node reaches it.
      EntrySeal seal = new EntrySeal(SECRET, "tv:");
      for (int node = 0; node < 3; node++) {
        String name = "user" + node;
        byte[] message = seal.seal("tv:invalidations",
            InvalidationCodec.encode(Invalidation.ofSubject("https://as", name, Instant.now())));
        cluster.on(node, redis -> redis.publish("tv:invalidations", message));
        assertThat(toOne.poll(10, TimeUnit.SECONDS).name()).isEqualTo(name);
        assertThat(toTwo.poll(10, TimeUnit.SECONDS).name()).isEqualTo(name);
      }
    }
  }

  @Test
  void aWaiterLearnsOfTheReleasedLease() throws Exception {
    try (RedisSharedStore holder = store(); RedisSharedStore waiter = store()) {
      awaitSubscribed(waiter);
      StoreKey lease = key(StoreKey.Kind.LEASE, 3);
      assertThat(await(holder.putIfAbsent(lease, bytes("me"), Duration.ofMinutes(1)))).isTrue();
      CompletionStage<Void> released = waiter.awaitDelete(lease, Duration.ofMinutes(1));
      await(holder.delete(lease));
      await(released); // within 10 s, not the minute
    }
  }

  @Test
  void aHerdOfTwoInstancesCostsTheServerOneCall() throws Exception {
    List<TokenValidator> fleet = new ArrayList<>();
    try (MockAuthorizationServer server = MockAuthorizationServer.start()) {
      for (int i = 0; i < 2; i++) {
        Map<String, String> settings = new HashMap<>();
        settings.put("tokenvalidator.shared-cache.uri", "redis://127.0.0.1:1");
        settings.put("tokenvalidator.shared-cache.cluster-nodes", cluster.clusterNodes());
        settings.put("tokenvalidator.shared-cache.secret", SECRET);
        settings.put("tokenvalidator.shared-cache.timeout", "500ms");
        fleet.add(server.validatorBuilder().properties(settings).build());
      }
      awaitSubscribers(2);
      server.activeToken("new-token", "read", "alice");
      MockAuthorizationServer.Hold hold = server.holdNextIntrospection();
      List<CompletableFuture<ValidationResult>> results = new ArrayList<>();
      for (TokenValidator validator : fleet) {
        results.add(validator.validateAsync("Bearer new-token", "read"));
      }
      hold.awaitArrival();
      hold.release();
      for (CompletableFuture<ValidationResult> result : results) {
        assertThat(result.get(20, TimeUnit.SECONDS).isValid()).isTrue();
      }
      assertThat(server.introspectionCount()).isEqualTo(1);
      // The answer is in the cluster: a later request on either instance does not ask again.
      for (TokenValidator validator : fleet) {
        assertThat(validator.validate("Bearer new-token", "read").isValid()).isTrue();
      }
      assertThat(server.introspectionCount()).isEqualTo(1);
    } finally {
      fleet.forEach(TokenValidator::close);
    }
  }

  /** Waits until the instances' subscriptions are made, on whichever nodes. */
  private static void awaitSubscribers(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      long subscribers = 0;
      for (int node = 0; node < 3; node++) {
        subscribers += cluster.on(node, redis -> redis.pubsubNumsub("tokenvalidator:invalidations")
            .get("tokenvalidator:invalidations"));
      }
      if (subscribers >= count) {
        return;
      }
      RedisSharedStoreTest.sleep(20);
    }
    throw new AssertionError("the instances never subscribed");
  }
}
