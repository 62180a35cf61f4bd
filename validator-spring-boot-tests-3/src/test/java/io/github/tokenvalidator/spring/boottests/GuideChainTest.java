package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An application with the chain of docs/spring-boot.md, which does not permit {@code /error}: Boot's error
 * page after a valid token, and Actuator as that chain opens it.
 */
@SpringBootTest(
    classes = {BankApplication.class, GuideChainTest.GuideSecurity.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenvalidator.client-id=test",
      "tokenvalidator.client-secret=test",
      "management.endpoints.web.exposure.include=health,metrics",
      "management.endpoint.health.probes.enabled=true"
    })
class GuideChainTest {
  static final FrontedAuthorizationServer AUTHORIZATION_SERVER = new FrontedAuthorizationServer();

  /** The guide's chain. */
  @Configuration(proxyBeanMethods = false)
  static class GuideSecurity {
    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
      http.authorizeHttpRequests(requests -> requests
          .requestMatchers("/actuator/health/**", "/public/**").permitAll()
          .requestMatchers("/api/admin/**").hasAuthority("SCOPE_admin")
          .anyRequest().authenticated());
      return http.build();
    }
  }

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
  void aValidTokenOnARequestThatEndsOnTheErrorPageGetsItsRealStatus() {
    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted");
    HttpResponse<String> refused = Http.bearer(url("/api/status/400"), token);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("\"status\":400");
    HttpResponse<String> unmapped = Http.bearer(url("/api/no-such-thing"), token);
    assertThat(unmapped.statusCode()).isEqualTo(404);
    assertThat(unmapped.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(unmapped.headers().firstValue("Set-Cookie")).as("no session for the error dispatch").isEmpty();
  }

  @Test
  void actuatorIsOpenWhereTheChainOpensIt() {
    assertThat(Http.get(url("/actuator/health")).statusCode()).isEqualTo(200);
    assertThat(Http.get(url("/actuator/health/liveness")).statusCode()).isEqualTo(200);
    assertThat(Http.get(url("/actuator/metrics")).statusCode()).isEqualTo(401);
    assertThat(Http.bearer(url("/actuator/metrics"), AUTHORIZATION_SERVER.issueToken("accessRestricted")).statusCode())
        .isEqualTo(200);
  }
}
