package io.github.tokenvalidator.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/** The benchmarks' fixtures answer as the benchmarks expect, so a broken fixture fails the build, not a run. */
class LoopbackAuthorizationServerTest {
  // Fixed, so that answers for one token asked for on either side of a second boundary are equal; near the
  // real time, so that the validator (on the system clock) finds the answers unexpired.
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final LoopbackAuthorizationServer server =
      LoopbackAuthorizationServer.start(2).clock(Clock.fixed(now, ZoneOffset.UTC));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void introspectionWithoutClientAuthenticationIsRefused() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.introspectionEndpoint()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=abc"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void introspectionAnswerIsARealisticMobileFirstBody() {
    String body = LoopbackAuthorizationServer.activeAnswer(new Tokens(1).next(), now.getEpochSecond());

    assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(850, 910);
    assertThat(body).contains("\"active\":true", "\"scope\":", "\"client_id\":", "\"username\":", "\"exp\":",
        "\"mfp-application\":{", "\"mfp-device\":{", "\"mfp-user\":{", "\"attributes\":{", "\"mfp-checks\":{");
  }

  @Test
  void answersAreStampedByTheServersClock() throws Exception {
    String token = new Tokens(5).next();

    String first = introspect(token).body();
    String second = introspect(token).body();

    assertThat(first).contains("\"iat\":" + now.getEpochSecond(), "\"exp\":" + (now.getEpochSecond() + 3600))
        .isEqualTo(second);
  }

  @Test
  void tokensWithTheUnknownPrefixAreInactive() throws Exception {
    HttpResponse<String> response = introspect(LoopbackAuthorizationServer.UNKNOWN_TOKEN_PREFIX + "abc");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"active\":false}");
  }

  @Test
  void oursInRfc7662ModeAndSpringOnBothClientsAcceptAOneKilobyteTokenWithOneCallEach() {
    String token = new Tokens(3).next();
    try (TokenValidator validator = Introspectors.rfc7662(server).build()) {
      ValidationResult ours = validator.validate("Bearer " + token, "accessRestricted");
      OAuth2AuthenticatedPrincipal spring = Introspectors.spring(server).introspect(token);
      OAuth2AuthenticatedPrincipal springOnJdkClient = Introspectors.springOnJdkClient(server).introspect(token);

      assertThat(token).hasSize(1024);
      assertThat(ours.isValid()).isTrue();
      assertThat(ours.token().mobileFirst()).isNotNull();
      Map<String, Object> attributes = spring.getAttributes();
      assertThat(attributes).containsKeys("mfp-device", "username");
      assertThat(springOnJdkClient.getAttributes()).isEqualTo(attributes);
      assertThat(server.introspectionCount()).isEqualTo(3);
      assertThat(server.tokenRequestCount()).isZero();
    }
  }

  @Test
  void springInACaffeineCacheIntrospectsOnceAndChecksTheScopeAsAnAuthority() {
    String header = "Bearer " + new Tokens(6).next();
    SpringCaffeineContender contender = new SpringCaffeineContender(Introspectors.spring(server), 10);

    assertThat(contender.authorize(header, HotTokenBenchmark.REQUIRED_AUTHORITY)).isTrue();
    assertThat(contender.authorize(new String(header.toCharArray()), HotTokenBenchmark.REQUIRED_AUTHORITY)).isTrue();
    assertThat(contender.authorize(header, "SCOPE_admin")).isFalse();
    assertThat(server.introspectionCount()).isEqualTo(1);
  }

  @Test
  void oursInMobileFirstModeIntrospectsWithItsOwnToken() {
    try (TokenValidator validator = Introspectors.mobileFirst(server, 0.5).build()) {
      assertThat(validator.validate("Bearer " + new Tokens(4).next()).isValid()).isTrue();
      assertThat(server.tokenRequestCount()).isEqualTo(1);
      assertThat(server.refusedOwnTokenCount()).isZero();
    }
  }

  @Test
  void anExpiredOwnTokenIsRefusedWith401() throws Exception {
    server.ownTokenLifetime(Duration.ZERO);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> granted = http.send(HttpRequest.newBuilder(URI.create(server.serverUrl() + "/az/v1/token"))
            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                (LoopbackAuthorizationServer.CLIENT_ID + ":" + LoopbackAuthorizationServer.CLIENT_SECRET)
                    .getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> introspected = http.send(HttpRequest.newBuilder(URI.create(server.introspectionEndpoint()))
            .header("Authorization", "Bearer own-1")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=abc"))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(granted.body()).contains("\"access_token\":\"own-1\"", "\"expires_in\":0");
    assertThat(introspected.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> introspect(String token) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.introspectionEndpoint()))
            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                (LoopbackAuthorizationServer.CLIENT_ID + ":" + LoopbackAuthorizationServer.CLIENT_SECRET)
                    .getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
