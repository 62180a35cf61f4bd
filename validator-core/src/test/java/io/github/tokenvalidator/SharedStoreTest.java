package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.spi.Invalidation;
import io.github.tokenvalidator.spi.SharedStore;
import io.github.tokenvalidator.spi.StoreKey;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The second-level seam: validators sharing one store answer a token another instance resolved, re-check
 * its exp with their own clock, drop what any instance invalidates, and never let the store fail a request.
 */
class SharedStoreTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final InMemoryStore store = new InMemoryStore();
  private MockAuthorizationServer server;

  @BeforeEach
  void start() {
    server = MockAuthorizationServer.start(clock)
        .activeToken("alice-token", "accessRestricted", "alice", clock.instant().plusSeconds(120));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TokenValidator instance(SharedStore shared) {
    return server.validatorBuilder().clock(clock).ticker(clock).sharedStore(shared).build();
  }

  @Test
  void aTokenResolvedByOneInstanceIsAnsweredFromTheStoreByAnother() {
    try (TokenValidator a = instance(store); TokenValidator b = instance(store)) {
      assertThat(a.validate("Bearer alice-token", "accessRestricted").isValid()).isTrue();
      ValidationResult fromStore = b.validate("Bearer alice-token", "accessRestricted");

      assertThat(fromStore.isValid()).isTrue();
      assertThat(fromStore.token().username()).isEqualTo("alice");
      assertThat(fromStore.token().scope()).isEqualTo(Scope.of("accessRestricted"));
      assertThat(server.introspectionCount()).as("one call for the fleet").isEqualTo(1);
      assertThat(store.puts).hasSize(1);
      StoreKey key = store.puts.get(0);
      assertThat(key.kind()).isEqualTo(StoreKey.Kind.ANSWER);
      assertThat(new String(store.values.get(key), StandardCharsets.UTF_8)).doesNotContain("alice-token");
    }
  }

  @Test
  void theReadingInstanceChecksExpWithItsOwnClock() {
    try (TokenValidator a = instance(store)) {
      a.validate("Bearer alice-token");
    }
    clock.advance(Duration.ofSeconds(151)); // past exp and the 30 s skew, though the store still holds it
    server.activeToken("alice-token", "accessRestricted", "alice", clock.instant().minusSeconds(60));
    try (TokenValidator b = instance(store)) {
      assertThat(b.validate("Bearer alice-token").isValid()).isFalse();
      assertThat(server.introspectionCount()).as("the shared answer was not used").isEqualTo(2);
    }
  }

  @Test
  void anInvalidationFromAnyInstanceDropsTheLocalAnswer() {
    try (TokenValidator a = instance(store); TokenValidator b = instance(store)) {
      a.validate("Bearer alice-token");
      b.validate("Bearer alice-token");
      assertThat(server.introspectionCount()).isEqualTo(1);

      server.introspectionBody("alice-token", "{\"active\":false}");
      store.publish(Invalidation.ofToken(store.puts.get(0)));

      assertThat(b.validate("Bearer alice-token").isValid()).as("b asks again").isFalse();
      assertThat(a.validate("Bearer alice-token").isValid()).isFalse();
      assertThat(server.introspectionCount()).isEqualTo(3);
    }
  }

  @Test
  void aSubjectOrClientInvalidationDropsEveryAnswerIssuedBefore() {
    long exp = clock.instant().plusSeconds(120).getEpochSecond();
    server.introspectionBody("bob-token", "{\"active\":true,\"sub\":\"bob\",\"client_id\":\"web\",\"exp\":" + exp
        + ",\"iat\":" + clock.instant().getEpochSecond() + "}");
    try (TokenValidator a = instance(store)) {
      a.validate("Bearer bob-token");
      a.validate("Bearer alice-token");
      String issuer = store.puts.get(0).issuer();
      store.publish(Invalidation.ofSubject(issuer, "bob", clock.instant().minusSeconds(1)));
      a.validate("Bearer bob-token");
      assertThat(server.introspectionCount()).as("issued after the marker: kept").isEqualTo(2);

      store.publish(Invalidation.ofSubject(issuer, "bob", clock.instant().plusSeconds(1)));
      a.validate("Bearer bob-token");
      a.validate("Bearer alice-token");
      assertThat(server.introspectionCount()).as("bob's answer dropped, alice's kept").isEqualTo(3);

      store.publish(Invalidation.ofClient(issuer, "mobile-app", clock.instant().plusSeconds(1)));
      a.validate("Bearer alice-token");
      assertThat(server.introspectionCount()).as("alice has no iat: issued before any marker").isEqualTo(4);
    }
  }

  @Test
  void aFailingOrGarbageStoreIsAMissNeverAFailure() {
    SharedStore failing = new InMemoryStore() {
      @Override
      public CompletionStage<byte[]> get(StoreKey key) {
        return CompletableFuture.failedFuture(new IllegalStateException("store down"));
      }
    };
    try (TokenValidator a = instance(failing)) {
      assertThat(a.validate("Bearer alice-token").isValid()).isTrue();
    }
    InMemoryStore garbage = new InMemoryStore() {
      @Override
      public CompletionStage<byte[]> get(StoreKey key) {
        return CompletableFuture.completedFuture("{\"v\":1,\"claims\":{},\"scope\":\"admin\",\"exp\":".getBytes());
      }
    };
    try (TokenValidator b = instance(garbage)) {
      assertThat(b.validate("Bearer alice-token", "accessRestricted").isValid()).isTrue();
    }
    SharedStore silent = new InMemoryStore() {
      @Override
      public CompletionStage<byte[]> get(StoreKey key) {
        return new CompletableFuture<>(); // never answers: the engine's bound answers for it
      }
    };
    try (TokenValidator c = instance(silent)) {
      assertThat(c.validate("Bearer alice-token").isValid()).isTrue();
    }
    assertThat(server.introspectionCount()).isEqualTo(3);
  }

  /** A store in memory, as a fleet would share one: what the SPI asks, nothing more. */
  static class InMemoryStore implements SharedStore {
    final Map<StoreKey, byte[]> values = new ConcurrentHashMap<>();
    final List<StoreKey> puts = new CopyOnWriteArrayList<>();
    final List<Consumer<Invalidation>> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<byte[]> get(StoreKey key) {
      return CompletableFuture.completedFuture(values.get(key));
    }

    @Override
    public CompletionStage<Void> put(StoreKey key, byte[] value, Duration timeToLive) {
      puts.add(key);
      values.put(key, value);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> putIfAbsent(StoreKey key, byte[] value, Duration timeToLive) {
      return CompletableFuture.completedFuture(values.putIfAbsent(key, value) == null);
    }

    @Override
    public CompletionStage<Void> delete(StoreKey key) {
      values.remove(key);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> publish(Invalidation invalidation) {
      if (invalidation.kind() == Invalidation.Kind.TOKEN) {
        values.remove(invalidation.token());
      } else {
        values.clear();
      }
      subscribers.forEach(subscriber -> subscriber.accept(invalidation));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public AutoCloseable subscribe(Consumer<Invalidation> listener) {
      subscribers.add(listener);
      return () -> subscribers.remove(listener);
    }
  }
}
