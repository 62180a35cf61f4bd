package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code token-format=auto}: JWTs verified locally against one issuer's keys, opaque tokens introspected at
 * another server, both through the one Spring Security hook and the same chain.
 */
@SpringBootTest(
    classes = {BankApplication.class, ApplicationSecurity.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenvalidator.token-format=auto",
      "tokenvalidator.audience=bank-api",
      "tokenvalidator.client-id=test",
      "tokenvalidator.client-secret=test"
    })
class JwtAndOpaqueTokensTest {
  static final DevAuthorizationServer JWT_ISSUER = DevAuthorizationServer.builder()
      .jwt(DevAuthorizationServer.JwtAlgorithm.RS256).jwtAudience("bank-api").start();
  static final FrontedAuthorizationServer INTROSPECTION = new FrontedAuthorizationServer();

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    registry.add("tokenvalidator.issuer", JWT_ISSUER::issuer);
    registry.add("tokenvalidator.server-url", INTROSPECTION::serverUrl);
  }

  @AfterAll
  static void stopServers() {
    JWT_ISSUER.close();
    INTROSPECTION.close();
  }

  @Value("${local.server.port}")
  int port;

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void aJwtIsVerifiedLocallyAndGetsScopeAuthorities() {
    int introspections = INTROSPECTION.introspections();
    String jwt = JWT_ISSUER.issueToken("mobile-app", "transfer", "alice");
    assertThat(jwt.chars().filter(c -> c == '.').count()).isEqualTo(2);

    HttpResponse<String> response = Http.bearer(url("/api/transfers"), jwt);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"name\":\"alice\"").contains("SCOPE_transfer");
    assertThat(INTROSPECTION.introspections()).isEqualTo(introspections);
  }

  @Test
  void aJwtLackingTheMethodsScopeIsA403NamingIt() {
    String jwt = JWT_ISSUER.issueToken("mobile-app", "accessRestricted", "alice");
    HttpResponse<String> response = Http.bearer(url("/api/transfers"), jwt);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains(AuthenticationError.insufficientScope(null, Scope.of("transfer")).wwwAuthenticate());
  }

  @Test
  void aTamperedJwtIsInvalidAndNeverIntrospected() {
    int introspections = INTROSPECTION.introspections();
    String jwt = JWT_ISSUER.issueToken("mobile-app", "transfer", "alice");
    String tampered = jwt.substring(0, jwt.length() - 4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");

    HttpResponse<String> response = Http.bearer(url("/api/transfers"), tampered);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains(AuthenticationError.invalidToken(null, "x").wwwAuthenticate());
    assertThat(INTROSPECTION.introspections()).isEqualTo(introspections);
  }

  @Test
  void anOpaqueTokenIsIntrospectedThroughTheSameHook() {
    int introspections = INTROSPECTION.introspections();
    HttpResponse<String> response = Http.bearer(url("/api/transfers"), INTROSPECTION.issueToken("transfer"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(INTROSPECTION.introspections()).isEqualTo(introspections + 1);
  }
}
