package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Security application with no chain of its own: the starter's default chain protects it, with
 * Actuator's health and probes open as in Boot's own default chain.
 */
@SpringBootTest(
    classes = BankApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenvalidator.client-id=test",
      "tokenvalidator.client-secret=test",
      "tokenvalidator.spring.rules=/public/* permit",
      "management.endpoints.web.exposure.include=health,metrics",
      "management.endpoint.health.show-details=when-authorized",
      "management.endpoint.health.probes.enabled=true",
      "management.endpoint.health.probes.add-additional-paths=true"
    })
class DefaultChainTest {
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
  void everyRequestNeedsAValidTokenExceptPermittedOnes() {
    HttpResponse<String> anonymous = Http.get(url("/api/admin"));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains(AuthenticationError.missingToken(null).wwwAuthenticate());
    assertThat(anonymous.headers().firstValue("Set-Cookie")).as("stateless").isEmpty();

    HttpResponse<String> valid = Http.bearer(url("/api/admin"), AUTHORIZATION_SERVER.issueToken("accessRestricted"));
    assertThat(valid.statusCode()).isEqualTo(200);
    assertThat(valid.body()).contains("SCOPE_accessRestricted");
    assertThat(valid.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(Http.bearer(url("/api/principal"), AUTHORIZATION_SERVER.issueToken("accessRestricted")).body())
        .contains("\"user\":\"alice\"").contains("\"client\":\"mobile-app\"");

    assertThat(Http.get(url("/public/hello")).statusCode()).isEqualTo(200);
  }

  @Test
  void noFormLoginNorBasicChallenge() {
    HttpResponse<String> anonymous = Http.get(url("/login"));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
  }

  @Test
  void aValidTokenOnARequestThatEndsOnTheErrorPageGetsItsRealStatus() {
    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted");
    for (int status : new int[] {400, 404, 409, 500}) {
      HttpResponse<String> response = Http.bearer(url("/api/status/" + status), token);
      assertThat(response.statusCode()).as("ResponseStatusException %d", status).isEqualTo(status);
      assertThat(response.body()).contains("\"status\":" + status);
      assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }
    HttpResponse<String> unmapped = Http.bearer(url("/api/no-such-thing"), token);
    assertThat(unmapped.statusCode()).isEqualTo(404);
    assertThat(unmapped.body()).contains("\"status\":404").contains("\"path\":\"/api/no-such-thing\"");
    assertThat(unmapped.headers().firstValue("Set-Cookie")).as("still stateless").isEmpty();
  }

  @Test
  void aRequestPermittedWithoutATokenGetsItsRealErrorStatusToo() {
    HttpResponse<String> response = Http.get(url("/public/no-such-thing"));
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void healthAndTheProbesNeedNoTokenTheRestOfActuatorDoes() {
    for (String probe : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
        "/livez", "/readyz"}) {
      HttpResponse<String> response = Http.get(url(probe));
      assertThat(response.statusCode()).as(probe).isEqualTo(200);
      assertThat(response.body()).as(probe).contains("\"status\":\"UP\"");
    }
    assertThat(Http.get(url("/actuator/health")).body()).as("no details without a token").doesNotContain("tokenValidator");

    HttpResponse<String> metrics = Http.get(url("/actuator/metrics"));
    assertThat(metrics.statusCode()).isEqualTo(401);
    assertThat(metrics.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(Http.get(url("/actuator")).statusCode()).isEqualTo(401);

    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted");
    assertThat(Http.bearer(url("/actuator/metrics/tokenvalidator.rejections"), token).statusCode()).isEqualTo(200);
    HttpResponse<String> health = Http.bearer(url("/actuator/health"), token);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).as("details for an authenticated request, none from the validator while it is UP")
        .contains("\"tokenValidator\":{\"status\":\"UP\"}");
  }
}
