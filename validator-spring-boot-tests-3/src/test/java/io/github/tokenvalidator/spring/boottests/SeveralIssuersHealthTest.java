package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two issuers, one of them unreachable: Actuator's {@code tokenValidator} component has one entry per issuer,
 * and the unreachable issuer's tokens alone get 503.
 */
@SpringBootTest(
    classes = BankApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenvalidator.client-id=test",
      "tokenvalidator.client-secret=test",
      "tokenvalidator.issuers.legacy.client-id=test",
      "tokenvalidator.issuers.legacy.client-secret=test",
      "tokenvalidator.spring.rules=/legacy/* authenticated issuers=legacy; /public/* permit",
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.show-details=always"
    })
class SeveralIssuersHealthTest {
  static final FrontedAuthorizationServer AUTHORIZATION_SERVER = new FrontedAuthorizationServer();
  /** Started and stopped at once: its port refuses connections. */
  static final String UNREACHABLE;

  static {
    try (DevAuthorizationServer gone = DevAuthorizationServer.start()) {
      UNREACHABLE = gone.serverUrl();
    }
  }

  @DynamicPropertySource
  static void authorizationServers(DynamicPropertyRegistry registry) {
    registry.add("tokenvalidator.server-url", AUTHORIZATION_SERVER::serverUrl);
    // the environment's spelling, through Spring's relaxed binding
    registry.add("tokenvalidator.issuers.legacy.serverUrl", () -> UNREACHABLE);
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
  void oneIssuerDownShowsAsItsOwnEntryAndRefusesOnlyItsTokens() {
    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted");
    assertThat(Http.bearer(url("/legacy/anything"), "legacy-token").statusCode()).isEqualTo(503);
    assertThat(Http.bearer(url("/api/admin"), token).statusCode()).isEqualTo(200);

    HttpResponse<String> health = Http.get(url("/actuator/health/tokenValidator"));
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("\"status\":\"DOWN\"")
        .contains("\"issuers\":{\"default\":{\"status\":\"UP\"},\"legacy\":{\"status\":\"DOWN\",\"detail\":");
  }
}
