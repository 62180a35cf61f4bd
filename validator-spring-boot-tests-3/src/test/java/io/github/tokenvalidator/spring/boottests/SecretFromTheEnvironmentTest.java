package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.InvalidConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.context.support.StandardServletEnvironment;

/**
 * The guide's set-up, {@code tokenvalidator.client-secret=${BANK_BACKEND_SECRET}}, in a real application whose
 * process environment holds the secret (the test's stands in for it, in the same kind of property source).
 */
class SecretFromTheEnvironmentTest {
  static final FrontedAuthorizationServer AUTHORIZATION_SERVER = new FrontedAuthorizationServer();

  @AfterAll
  static void stopAuthorizationServer() {
    AUTHORIZATION_SERVER.close();
  }

  private static SpringApplicationBuilder application(Map<String, Object> variables) {
    StandardServletEnvironment environment = new StandardServletEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    return new SpringApplicationBuilder(BankApplication.class)
        .environment(environment)
        .properties(
            "server.port=0",
            "tokenvalidator.server-url=" + AUTHORIZATION_SERVER.serverUrl(),
            "tokenvalidator.client-id=test",
            "tokenvalidator.client-secret=${BANK_BACKEND_SECRET}");
  }

  @Test
  void theSecretIsTakenFromTheEnvironment() {
    try (ConfigurableApplicationContext context = application(Map.of("BANK_BACKEND_SECRET", "test")).run()) {
      String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
      assertThat(Http.bearer(base + "/api/me", AUTHORIZATION_SERVER.issueToken("accessRestricted")).statusCode())
          .as("the dev server accepted the secret: not 503").isEqualTo(200);
    }
  }

  @Test
  void theSecretIsTakenFromAnotherPropertySource() {
    try (ConfigurableApplicationContext context = application(Map.of())
        .properties("bank.backend.secret=test", "tokenvalidator.client-secret=${bank.backend.secret}").run()) {
      String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
      assertThat(Http.bearer(base + "/api/me", AUTHORIZATION_SERVER.issueToken("accessRestricted")).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aSecretMissingFromTheEnvironmentFailsStartUpNamingThePlaceholder() {
    // the failure is expected: its report is not printed
    assertThatThrownBy(() -> application(Map.of()).properties("logging.level.root=off").run()).rootCause()
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("tokenvalidator.client-secret: ${BANK_BACKEND_SECRET} has no value: no property or environment"
            + " variable of that name");
  }
}
