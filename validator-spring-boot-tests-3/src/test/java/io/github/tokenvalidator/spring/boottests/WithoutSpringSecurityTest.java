package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * An application without Spring Security or Micrometer on its class path (hidden by a filtering class loader), on a real
 * embedded server: the starter registers {@code BearerTokenFilter} with the rules of the properties.
 */
class WithoutSpringSecurityTest {
  static FrontedAuthorizationServer authorizationServer;
  static ConfigurableApplicationContext application;
  static String base;

  @BeforeAll
  static void start() {
    authorizationServer = new FrontedAuthorizationServer();
    application = new SpringApplicationBuilder(PlainApplication.class)
        // nor Micrometer: the starter needs neither
        .resourceLoader(new DefaultResourceLoader(new FilteredClassLoader("org.springframework.security.", "io.micrometer.")))
        .properties(
            "server.port=0",
            "tokenvalidator.server-url=" + authorizationServer.serverUrl(),
            "tokenvalidator.client-id=test",
            "tokenvalidator.client-secret=test",
            "tokenvalidator.spring.rules=GET /api/balance accessRestricted; /public/* permit")
        .run();
    base = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stop() {
    if (application != null) {
      application.close();
    }
    authorizationServer.close();
  }

  private static void assertRefusal(HttpResponse<String> response, AuthenticationError expected) {
    assertThat(response.statusCode()).isEqualTo(expected.status());
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEqualTo(Optional.ofNullable(expected.wwwAuthenticate()));
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void theServletFilterIsRegisteredAndNoSecurityChainExists() {
    assertThat(application.getBeanNamesForType(org.springframework.boot.web.servlet.FilterRegistrationBean.class))
        .contains("tokenValidatorFilter");
    assertThat(application.containsBean("tokenValidatorSecurity")).isFalse();
    assertThat(application.containsBean("micrometerValidationListener")).isFalse();
  }

  @Test
  void validTokenPassesWithItsPrincipal() {
    HttpResponse<String> response = Http.bearer(base + "/api/balance", authorizationServer.issueToken("accessRestricted"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"name\":\"alice\"").contains("\"accessRestricted\":true");
  }

  @Test
  void everyRefusalIsCoresAnswer() {
    assertRefusal(Http.get(base + "/api/me"), AuthenticationError.missingToken(null));
    assertRefusal(Http.bearer(base + "/api/me", "no-such-token"), AuthenticationError.invalidToken(null, "x"));
    assertRefusal(Http.bearer(base + "/api/balance", authorizationServer.issueToken("transfer")),
        AuthenticationError.insufficientScope(null, Scope.of("accessRestricted")));
    String token = authorizationServer.issueToken("accessRestricted");
    assertRefusal(Http.get(base + "/api/me", "Bearer " + token, "Bearer " + token),
        AuthenticationError.invalidRequest(null, "x"));
  }

  @Test
  void permittedPathsNeedNoToken() {
    assertThat(Http.get(base + "/public/hello").statusCode()).isEqualTo(200);
  }
}
