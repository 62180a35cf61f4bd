package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter's default chain under rules of the user's that speak of Actuator: a rule always wins, over
 * the open health default and over {@code unmatched=permit} alike.
 */
@SpringBootTest(
    classes = BankApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenvalidator.client-id=test",
      "tokenvalidator.client-secret=test",
      "tokenvalidator.spring.rules=/actuator/* authenticated; /api/* authenticated",
      "tokenvalidator.spring.unmatched=Permit",
      "management.endpoint.health.probes.enabled=true"
    })
class ActuatorRuleTest {
  static final FrontedAuthorizationServer AUTHORIZATION_SERVER = new FrontedAuthorizationServer();

  @DynamicPropertySource
  static void authorizationServer(DynamicPropertyRegistry registry) {
    registry.add("tokenvalidator.server-url", AUTHORIZATION_SERVER::serverUrl);
  }

  @AfterAll
  static void stopAuthorizationServer() {
    AUTHORIZATION_SERVER.close();
  }

  @Value("${local.server.port}")
  int port;

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void aRuleForActuatorWinsOverTheOpenHealthDefault() {
    assertThat(Http.get(url("/actuator/health")).statusCode()).isEqualTo(401);
    assertThat(Http.get(url("/actuator/health/liveness")).statusCode()).isEqualTo(401);
    assertThat(Http.bearer(url("/actuator/health"), AUTHORIZATION_SERVER.issueToken("accessRestricted")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void anAuthenticatedRuleWinsOverUnmatchedPermit() {
    assertThat(Http.get(url("/api/me")).statusCode()).isEqualTo(401);
    assertThat(Http.bearer(url("/api/me"), AUTHORIZATION_SERVER.issueToken("accessRestricted")).statusCode())
        .isEqualTo(200);
    assertThat(Http.get(url("/public/hello")).statusCode()).as("unmatched, permitted").isEqualTo(200);
  }
}
