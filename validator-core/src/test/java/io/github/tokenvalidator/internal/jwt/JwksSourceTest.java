package io.github.tokenvalidator.internal.jwt;

import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import io.github.tokenvalidator.internal.transport.JsonFetcher;
import io.github.tokenvalidator.testing.KeyServer;
import io.github.tokenvalidator.testing.LogCapture;
import io.github.tokenvalidator.testing.MutableClock;
import io.github.tokenvalidator.testing.TestKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


class JwksSourceTest {
  private static final TestKey K1 = TestKey.rsa("k1");
  private static final TestKey K2 = TestKey.rsa("k2");

  private final KeyServer server = KeyServer.start();
  private final MutableClock clock = MutableClock.startingNow();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** A plain GET over the JDK client, to the real server. */
  private final JsonFetcher fetcher = uri -> http
      .sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofByteArray())
      .handle((response, failure) -> {
        if (failure != null) {
          throw new AuthServerException("connection to the key server failed", true);
        }
        return new JsonFetcher.Fetched(response.statusCode(), response.body(),
            response.headers().firstValue("Cache-Control").orElse(null));
      });

  @AfterEach
  void stop() {
    server.close();
  }

  private JwksSource source(boolean discovery) {
    return new JwksSource(fetcher, clock, server.issuer(), discovery ? null : URI.create(server.jwksUri()),
        Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(30),
        Duration.ofHours(24), Duration.ofHours(1), false, ValidationListener.NONE);
  }

  private static Jwk get(CompletableFuture<Jwk> key) throws Exception {
    return key.get(10, TimeUnit.SECONDS);
  }

  private static void assertUnavailable(CompletableFuture<Jwk> key) {
    assertThatThrownBy(() -> get(key)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AuthServerException.class);
  }

  @Test
  void fetchesOnFirstUseAndCaches() throws Exception {
    server.keys(K1);
    JwksSource source = source(false);

    assertThat(server.totalRequests()).isZero();
    assertThat(get(source.key("k1", JwsAlgorithm.RS256)).keyId).isEqualTo("k1");
    assertThat(get(source.key("k1", JwsAlgorithm.RS256)).keyId).isEqualTo("k1");
    assertThat(server.keyRequests()).isEqualTo(1);
    assertThat(server.totalRequests()).isEqualTo(1); // no discovery with jwks-uri set
  }

  @Test
  void refreshesAheadOfMaxAge() throws Exception {
    server.keys(K1).cacheControl("public, max-age=600");
    JwksSource source = source(false);
    get(source.key("k1", JwsAlgorithm.RS256));

    clock.advance(Duration.ofSeconds(479));
    get(source.key("k1", JwsAlgorithm.RS256));
    assertThat(server.keyRequests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(2)); // 80 % of 600 s passed
    assertThat(get(source.key("k1", JwsAlgorithm.RS256))).isNotNull();
    awaitKeyRequests(2);
  }

  @Test
  void boundsMaxAge() {
    JwksSource source = source(false);

    assertThat(source.maxAgeNanos("max-age=1")).isEqualTo(Duration.ofSeconds(30).toNanos());
    assertThat(source.maxAgeNanos("no-store")).isEqualTo(Duration.ofSeconds(30).toNanos());
    assertThat(source.maxAgeNanos("max-age=99999999999999")).isEqualTo(Duration.ofHours(24).toNanos());
    assertThat(source.maxAgeNanos("max-age=3600")).isEqualTo(Duration.ofHours(1).toNanos());
    assertThat(source.maxAgeNanos(null)).isEqualTo(Duration.ofMinutes(5).toNanos());
    assertThat(source.maxAgeNanos("max-age=soon")).isEqualTo(Duration.ofMinutes(5).toNanos());
  }

  @Test
  void anUnknownKidRefetchesOnceThenTheNewKeyServes() throws Exception {
    server.keys(K1);
    JwksSource source = source(false);
    get(source.key("k1", JwsAlgorithm.RS256));
    server.keys(K1, K2); // rotation: the server publishes k2

    clock.advance(Duration.ofSeconds(5));
    assertThat(get(source.key("k2", JwsAlgorithm.RS256)).keyId).isEqualTo("k2");
    assertThat(server.keyRequests()).isEqualTo(2);
  }

  @Test
  void insideTheRefetchIntervalAnUnknownKidIsInvalidWithoutAFetch() throws Exception {
    server.keys(K1);
    JwksSource source = source(false);
    get(source.key("k1", JwsAlgorithm.RS256));
    server.keys(K1, K2);

    clock.advance(Duration.ofSeconds(4));
    assertThat(get(source.key("k2", JwsAlgorithm.RS256))).isNull();
    assertThat(server.keyRequests()).isEqualTo(1);
  }

  @Test
  void aStormOfUnknownKidsCostsOneFetch() throws Exception {
    server.keys(K1);
    JwksSource source = source(false);
    get(source.key("k1", JwsAlgorithm.RS256));
    clock.advance(Duration.ofSeconds(6));

    List<CompletableFuture<Jwk>> lookups = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      lookups.add(source.key("unknown-" + i, JwsAlgorithm.RS256));
    }
    for (CompletableFuture<Jwk> lookup : lookups) {
      assertThat(get(lookup)).isNull();
    }

    assertThat(server.keyRequests()).isEqualTo(2);
  }

  @Test
  void aKnownKidThatDoesNotFitIsInvalidWithoutAFetch() throws Exception {
    server.keys(K1);
    JwksSource source = source(false);
    get(source.key("k1", JwsAlgorithm.RS256));
    clock.advance(Duration.ofSeconds(10));

    assertThat(get(source.key("k1", JwsAlgorithm.ES256))).isNull();
    assertThat(server.keyRequests()).isEqualTo(1);
  }

  @Test
  void anUnknownKidWhileTheKeyServerFailsIsUnavailableNotInvalid() throws Exception {
    server.keys(K1);
    JwksSource source = source(false);
    get(source.key("k1", JwsAlgorithm.RS256));
    server.down(true);
    clock.advance(Duration.ofSeconds(6));

    assertUnavailable(source.key("k2", JwsAlgorithm.RS256));
    // Inside the interval, after a failed fetch: still unavailable, and no new fetch.
    int requests = server.keyRequests();
    assertUnavailable(source.key("k3", JwsAlgorithm.RS256));
    assertThat(server.keyRequests()).isEqualTo(requests);
    // The known key keeps serving.
    assertThat(get(source.key("k1", JwsAlgorithm.RS256))).isNotNull();
  }

  @Test
  void knownKeysServeThroughAnOutageForTheRetentionThenNot() throws Exception {
    server.keys(K1).cacheControl("max-age=300");
    JwksSource source = source(false);
    get(source.key("k1", JwsAlgorithm.RS256));
    server.down(true);

    clock.advance(Duration.ofSeconds(301)); // stale; the refresh fails
    assertUnavailableOrServed(source);
    clock.advance(Duration.ofMinutes(59));
    assertThat(get(source.key("k1", JwsAlgorithm.RS256))).isNotNull();
    clock.advance(Duration.ofMinutes(2)); // past max-age + outage retention
    assertUnavailable(source.key("k1", JwsAlgorithm.RS256));

    server.down(false);
    clock.advance(Duration.ofSeconds(5)); // past the failure back-off
    assertThat(get(source.key("k1", JwsAlgorithm.RS256))).isNotNull();
  }

  /** The first lookup past max-age starts the fetch that fails; it answers from the known keys or fails. */
  private void assertUnavailableOrServed(JwksSource source) throws Exception {
    CompletableFuture<Jwk> first = source.key("k1", JwsAlgorithm.RS256);
    try {
      assertThat(get(first)).isNotNull();
    } catch (ExecutionException e) {
      throw new AssertionError("a known key must serve through an outage", e);
    }
  }

  @Test
  void nothingKnownAndTheServerDownIsUnavailableAndRateLimited() {
    server.down(true);
    JwksSource source = source(false);

    assertUnavailable(source.key("k1", JwsAlgorithm.RS256));
    assertUnavailable(source.key("k1", JwsAlgorithm.RS256));
    assertThat(server.keyRequests()).isEqualTo(1);
    assertThat(source.lastFailure()).isNotNull();
  }

  @Test
  void discoversTheKeysByOpenIdConfiguration() throws Exception {
    server.keys(K1);
    JwksSource source = source(true);

    assertThat(get(source.key("k1", JwsAlgorithm.RS256))).isNotNull();
    assertThat(server.requestCount(KeyServer.TENANT_PATH + "/.well-known/openid-configuration")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(6));
    get(source.key("k9", JwsAlgorithm.RS256));
    // The discovered URI is kept: a refetch asks only for the keys.
    assertThat(server.requestCount(KeyServer.TENANT_PATH + "/.well-known/openid-configuration")).isEqualTo(1);
    assertThat(server.keyRequests()).isEqualTo(2);
  }

  @Test
  void fallsBackToRfc8414WithThePathInserted() throws Exception {
    server.keys(K1).rfc8414Only(true);
    JwksSource source = source(true);

    assertThat(get(source.key("k1", JwsAlgorithm.RS256))).isNotNull();
    assertThat(server.requestCount("/.well-known/oauth-authorization-server" + KeyServer.TENANT_PATH))
        .isEqualTo(1);
  }

  @Test
  void metadataNamingAnotherIssuerIsAMisconfiguration() {
    server.keys(K1).metadataIssuer(server.issuer() + "/");
    JwksSource source = source(true);

    try (LogCapture logs = LogCapture.start()) {
      assertUnavailable(source.key("k1", JwsAlgorithm.RS256));
      assertThat(source.lastFailure().isServerFault()).isFalse();
      assertThat(source.lastFailure().getMessage()).contains("names another issuer");
      assertThat(logs.text()).contains("names another issuer");
    }
    assertThat(server.keyRequests()).isZero();
  }

  @Test
  void aMalformedKeySetIsAServerFault() {
    server.jwksBody("{\"keys\":[],\"keys\":[]}");
    JwksSource source = source(false);

    assertUnavailable(source.key("k1", JwsAlgorithm.RS256));
    assertThat(source.lastFailure().isServerFault()).isTrue();
  }

  private void awaitKeyRequests(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.keyRequests() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.keyRequests()).isEqualTo(expected);
  }
}
