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

/** A Spring Security application with no chain of its own: the starter's default chain protects it. */
@SpringBootTest(
    classes = BankApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenvalidator.client-id=test",
      "tokenvalidator.client-secret=test",
      "tokenvalidator.spring.rules=/public/* permit"
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

  @Test
  void everyRequestNeedsAValidTokenExceptPermittedOnes() {
    String base = "http://127.0.0.1:" + port;
    HttpResponse<String> anonymous = Http.get(base + "/api/admin");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains(AuthenticationError.missingToken(null).wwwAuthenticate());
    assertThat(anonymous.headers().firstValue("Set-Cookie")).as("stateless").isEmpty();

    HttpResponse<String> valid = Http.bearer(base + "/api/admin", AUTHORIZATION_SERVER.issueToken("accessRestricted"));
    assertThat(valid.statusCode()).isEqualTo(200);
    assertThat(valid.body()).contains("SCOPE_accessRestricted");
    assertThat(valid.headers().firstValue("Set-Cookie")).isEmpty();

    assertThat(Http.get(base + "/public/hello").statusCode()).isEqualTo(200);
  }

  @Test
  void noFormLoginNorBasicChallenge() {
    HttpResponse<String> anonymous = Http.get("http://127.0.0.1:" + port + "/login");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
  }
}
