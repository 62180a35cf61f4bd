package io.github.tokenvalidator.internal.dpop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.spi.Invalidation;
import io.github.tokenvalidator.spi.SharedStore;
import io.github.tokenvalidator.spi.StoreKey;
import io.github.tokenvalidator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The parts around the proof: thumbprints, normal URIs, nonces, the replay set, the cnf reader, Client-Cert. */
class DpopPartsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

  @Test
  void theJwkThumbprintIsRfc7638sExample() {
    // RFC 7638 §3.1
    Map<String, Object> jwk = Map.of("kty", "RSA", "e", "AQAB", "alg", "RS256", "kid", "2011-04-29",
        "n", "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw");

    assertThat(Thumbprints.jwk(jwk)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    assertThat(Thumbprints.jwk(Map.of("kty", "oct", "k", "x"))).isNull();
    assertThat(Thumbprints.jwk(Map.of("kty", "OKP", "crv", "Ed25519", "x", "a\"b"))).isNull();
  }

  @Test
  void urisAreComparedInNormalForm() {
    assertThat(HttpUris.normalize("HTTPS://Api.Example.com:443")).isEqualTo("https://api.example.com/");
    assertThat(HttpUris.normalize("http://h:80/a/%7euser/%2f/./b/../c?q#f")).isEqualTo("http://h/a/~user/%2F/c");
    assertThat(HttpUris.normalize("http://h:8080/a%2a")).isEqualTo("http://h:8080/a%2A");
    assertThat(HttpUris.normalize("ftp://h/a")).isNull();
    assertThat(HttpUris.normalize("/a")).isNull();
    assertThat(HttpUris.normalize("https://user@h/a")).isNull();
    assertThat(HttpUris.normalize("https://h/a%zz")).isNull();
    assertThat(HttpUris.normalize("https://h/a%")).isNull();
    assertThat(HttpUris.normalize("https://h/a b")).isNull();
  }

  @Test
  void noncesRotateWithTheWindowAndAreAcceptedAroundTheirOwnSlot() {
    DpopNonces nonces = new DpopNonces("s".repeat(32), clock, Duration.ofSeconds(60));
    DpopNonces otherInstance = new DpopNonces("s".repeat(32), clock, Duration.ofSeconds(60));
    DpopNonces otherSecret = new DpopNonces("t".repeat(32), clock, Duration.ofSeconds(60));
    String nonce = nonces.fresh();

    assertThat(otherInstance.fresh()).isEqualTo(nonce);
    assertThat(otherInstance.accepts(nonce)).isTrue();
    assertThat(otherSecret.accepts(nonce)).isFalse();
    assertThat(nonces.accepts(null)).isFalse();
    assertThat(nonces.accepts("x")).isFalse();

    clock.advance(Duration.ofSeconds(60));
    assertThat(nonces.fresh()).isNotEqualTo(nonce);
    assertThat(nonces.accepts(nonce)).isTrue();
    clock.advance(Duration.ofSeconds(60));
    assertThat(nonces.accepts(nonce)).isFalse();
  }

  @Test
  void aProofIsSeenOncePerKeyForTwiceTheWindow() {
    ReplayGuard guard = new ReplayGuard(Duration.ofSeconds(60), clock, null, "iss", "", Duration.ofMillis(250));

    assertThat(guard.firstUse("key-a", "jti-1").join()).isTrue();
    assertThat(guard.firstUse("key-a", "jti-1").join()).isFalse();
    assertThat(guard.firstUse("key-b", "jti-1").join()).isTrue();
    clock.advance(Duration.ofSeconds(119));
    assertThat(guard.firstUse("key-a", "jti-1").join()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(guard.firstUse("key-a", "jti-1").join()).isTrue();
  }

  @Test
  void withAStoreTheFleetDecidesAndAFailingStoreLeavesItToThisInstance() {
    RecordingStore store = new RecordingStore();
    ReplayGuard first = new ReplayGuard(Duration.ofSeconds(60), clock, store, "iss", "api", Duration.ofMillis(250));
    ReplayGuard second = new ReplayGuard(Duration.ofSeconds(60), clock, store, "iss", "api", Duration.ofMillis(250));

    assertThat(first.firstUse("key-a", "jti-1").join()).isTrue();
    assertThat(second.firstUse("key-a", "jti-1").join()).isFalse();
    assertThat(store.keys).allSatisfy(key -> {
      assertThat(key.kind()).isEqualTo(StoreKey.Kind.PROOF);
      assertThat(key.toString()).doesNotContain("jti-1");
    });
    assertThat(store.ttls).containsOnly(Duration.ofSeconds(120));

    store.failing = true;
    assertThat(second.firstUse("key-a", "jti-2").join()).isTrue();
    assertThat(second.firstUse("key-a", "jti-2").join()).isFalse();
  }

  @Test
  void theConfirmationIsReadFromCnf() {
    assertThat(Confirmation.of(TokenInfo.builder().build())).isEqualTo(Confirmation.NONE);
    assertThat(Confirmation.of(TokenInfo.builder().claim("cnf", Map.of("jkt", "abc")).build()).jkt()).isEqualTo("abc");
    assertThat(Confirmation.of(TokenInfo.builder().claim("cnf", Map.of("x5t#S256", "xyz")).build()).x5t())
        .isEqualTo("xyz");
    assertThat(Confirmation.of(TokenInfo.builder().claim("cnf", Map.of("kid", "k")).build())).isEqualTo(Confirmation.NONE);
    assertThat(Confirmation.of(TokenInfo.builder().claim("cnf", "abc").build())).isNull();
    assertThat(Confirmation.of(TokenInfo.builder().claim("cnf", Map.of("jkt", 7)).build())).isNull();
    assertThat(Confirmation.of(TokenInfo.builder().claim("cnf", Map.of("jkt", "")).build())).isNull();
  }

  @Test
  void clientCertIsAStructuredFieldByteSequence() {
    assertThat(ClientCertificates.byteSequence(":AQID:")).containsExactly(1, 2, 3);
    assertThat(ClientCertificates.byteSequence(" :AQID: ")).containsExactly(1, 2, 3);
    assertThat(ClientCertificates.byteSequence("AQID")).isNull();
    assertThat(ClientCertificates.byteSequence("::")).isNull();
    assertThat(ClientCertificates.byteSequence(":A_-D:")).isNull();
    assertThat(ClientCertificates.byteSequence(":" + "A".repeat(20000) + ":")).isNull();
  }

  /** A store in memory, as the SPI describes one, that can be made to fail. */
  static final class RecordingStore implements SharedStore {
    final Map<StoreKey, byte[]> values = new java.util.concurrent.ConcurrentHashMap<>();
    final List<StoreKey> keys = new ArrayList<>();
    final List<Duration> ttls = new ArrayList<>();
    volatile boolean failing;

    @Override
    public CompletionStage<byte[]> get(StoreKey key) {
      return CompletableFuture.completedFuture(values.get(key));
    }

    @Override
    public CompletionStage<Void> put(StoreKey key, byte[] value, Duration timeToLive) {
      values.put(key, value);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Boolean> putIfAbsent(StoreKey key, byte[] value, Duration timeToLive) {
      if (failing) {
        return CompletableFuture.failedFuture(new IllegalStateException("store down"));
      }
      keys.add(key);
      ttls.add(timeToLive);
      return CompletableFuture.completedFuture(values.putIfAbsent(key, value) == null);
    }

    @Override
    public CompletionStage<Void> delete(StoreKey key) {
      values.remove(key);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> publish(Invalidation invalidation) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public AutoCloseable subscribe(Consumer<Invalidation> listener) {
      return () -> { };
    }
  }
}
