package io.github.tokenvalidator.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/** The benchmarks' fixtures answer as the benchmarks expect, so a broken fixture fails the build, not a run. */
class LoopbackAuthorizationServerTest {
  private final LoopbackAuthorizationServer server = LoopbackAuthorizationServer.start(2);

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
    String body = LoopbackAuthorizationServer.activeAnswer(new Tokens(1).next());

    assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(600, 900);
    assertThat(body).contains("\"active\":true", "\"scope\":", "\"client_id\":", "\"username\":", "\"exp\":",
        "\"mfp-application\":", "\"mfp-device\":", "\"mfp-user\":", "\"mfp-checks\":");
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
      assertThat(spring.getAttributes()).containsKeys("mfp-device", "username");
      assertThat(springOnJdkClient.getAttributes()).isEqualTo(spring.getAttributes());
      assertThat(server.introspectionCount()).isEqualTo(3);
      assertThat(server.tokenRequestCount()).isZero();
    }
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
}
