package io.github.tokenvalidator.devserver;

import static io.github.tokenvalidator.devserver.TokenEndpointTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.github.tokenvalidator.devserver.DevAuthorizationServer.JwtAlgorithm;
import io.github.tokenvalidator.testing.MutableClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Key rotation on demand, on the injected clock: no live token is ever stranded without its key. */
class KeyRotationTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

  private DevAuthorizationServer server(JwtAlgorithm algorithm) {
    return DevAuthorizationServer.builder().clock(clock).jwt(algorithm).tokenLifetime(Duration.ofMinutes(10))
        .start();
  }

  @ParameterizedTest
  @EnumSource(JwtAlgorithm.class)
  void newTokensUseTheNewKidWhileTheOldKeyStaysUntilItsLastTokenExpires(JwtAlgorithm algorithm) {
    try (DevAuthorizationServer server = server(algorithm)) {
      String first = server.issueToken("app", "read");
      String oldKid = Jws.parse(first).kid();
      clock.advance(Duration.ofMinutes(4));
      String last = server.issueToken("app", "read");   // expires at 10:14, the old key's last token

      String newKid = server.rotateSigningKey();
      String afterRotation = server.issueToken("app", "read");

      assertThat(newKid).isNotEqualTo(oldKid);
      assertThat(Jws.verify(afterRotation, server.jwksUri()).kid()).isEqualTo(newKid);
      assertThat(Jws.kids(server.jwksUri())).containsExactly(newKid, oldKid);
      Jws.verify(first, server.jwksUri());
      Jws.verify(last, server.jwksUri());

      clock.set(Instant.parse("2026-12-01T10:10:00Z"));   // the first token expires; the last still lives
      assertThat(Jws.kids(server.jwksUri())).containsExactly(newKid, oldKid);
      clock.set(Instant.parse("2026-12-01T10:13:59Z"));
      assertThat(Jws.kids(server.jwksUri())).containsExactly(newKid, oldKid);
      clock.set(Instant.parse("2026-12-01T10:14:00Z"));   // exactly the last token's exp
      assertThat(Jws.kids(server.jwksUri())).containsExactly(newKid);
      Jws.verify(afterRotation, server.jwksUri());
    }
  }

  @Test
  void aKeyThatSignedNothingLeavesAtOnce() {
    try (DevAuthorizationServer server = server(JwtAlgorithm.ES256)) {
      String unused = Jws.kids(server.jwksUri()).get(0).toString();

      String next = server.rotateSigningKey();

      assertThat(Jws.kids(server.jwksUri())).containsExactly(next).doesNotContain(unused);
    }
  }

  @Test
  void severalRotationsKeepEveryKeyWithALiveTokenNewestFirst() {
    try (DevAuthorizationServer server = server(JwtAlgorithm.EDDSA)) {
      String a = Jws.parse(server.issueToken("app", "read")).kid();            // until 10:10
      clock.advance(Duration.ofMinutes(2));
      String b = server.rotateSigningKey();
      server.issueToken("app", "read");                                          // until 10:12
      clock.advance(Duration.ofMinutes(2));
      String c = server.rotateSigningKey();                                      // signs nothing

      assertThat(Jws.kids(server.jwksUri())).containsExactly(c, b, a);
      clock.set(Instant.parse("2026-12-01T10:10:00Z"));
      assertThat(Jws.kids(server.jwksUri())).containsExactly(c, b);
      clock.set(Instant.parse("2026-12-01T10:12:00Z"));
      assertThat(Jws.kids(server.jwksUri())).containsExactly(c);
    }
  }

  @Test
  void tokensIssuedOverHttpDuringRotationsAlwaysFindTheirKey() throws Exception {
    try (DevAuthorizationServer server = server(JwtAlgorithm.ES256)) {
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          tokens.add(pool.submit(() -> Http.token(server, "test", "test", "read")));
          if (i % 10 == 0) {
            pool.submit(server::rotateSigningKey);
          }
        }
        for (Future<String> token : tokens) {
          Jws.verify(token.get(), server.jwksUri());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void anyRegisteredClientCanRotateOverHttp() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).jwt(JwtAlgorithm.RS256)
        .client("app", "secret", "read").start()) {
      String before = Jws.parse(server.issueToken("app", "read")).kid();
      String rotate = server.jwksUri() + "/rotate";

      HttpResponse<String> response = Http.postForm(rotate, Http.basic("app", "secret"), "");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      String kid = (String) Http.json(response).get("kid");
      assertThat(kid).isNotEqualTo(before).isEqualTo(server.currentKid());
      assertThat(Jws.kids(server.jwksUri())).containsExactly(kid, before);
      assertThat(Jws.parse(server.issueToken("app", "read")).kid()).isEqualTo(kid);

      assertError(Http.postForm(rotate, Http.basic("app", "wrong"), ""), 400, "invalid_client");
      assertError(Http.postForm(rotate, null, ""), 400, "invalid_client");
      assertError(Http.send(Jws.request(rotate).GET()), 405, "invalid_request");
      assertThat(server.currentKid()).isEqualTo(kid);
    }
  }

  @Test
  void rotationTakesAnEmptyPostWithoutAContentType() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).jwt(JwtAlgorithm.RS256)
        .client("app", "secret", "read").start()) {
      String rotate = server.jwksUri() + "/rotate";

      // what curl -X POST -u app:secret sends: no body, so no Content-Type
      HttpResponse<String> response = Http.send(Http.request(rotate, Http.basic("app", "secret"))
          .POST(HttpRequest.BodyPublishers.noBody()));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(Http.json(response).get("kid")).isEqualTo(server.currentKid());
      assertError(Http.send(Http.request(rotate, Http.basic("app", "secret"))
          .POST(HttpRequest.BodyPublishers.ofString("kid=x"))), 415, "invalid_request");
      assertError(Http.send(Http.request(rotate, Http.basic("app", "secret")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.noBody())), 415, "invalid_request");
    }
  }

  @Test
  void tokenEndpointStillNeedsAForm() {
    try (DevAuthorizationServer server = DevAuthorizationServer.start()) {
      assertError(Http.send(Http.request(server.tokenEndpoint(), Http.basic("test", "test"))
          .POST(HttpRequest.BodyPublishers.noBody())), 415, "invalid_request");
    }
  }

  @Test
  void rotatingAClosedServerIsRefused() {
    DevAuthorizationServer server = server(JwtAlgorithm.RS256);
    server.close();

    assertThatIllegalStateException().isThrownBy(server::rotateSigningKey).withMessageContaining("closed");
  }
}
