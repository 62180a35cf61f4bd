package io.github.tokenvalidator.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.InvalidConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building the feature; its behaviour in the runtimes is {@link TokenValidationFeatureContract}. */
class TokenValidationFeatureTest {

  @Test
  void unknownSettingFailsNamingTheKey() {
    assertThatThrownBy(() -> TokenValidationFeature.fromProperties(Map.of("tokenvalidator.server-ur", "x")))
        .isInstanceOf(InvalidConfigurationException.class)
        .satisfies(e -> assertThat(((InvalidConfigurationException) e).key()).isEqualTo("server-ur"));
  }

  @Test
  void malformedEnvironmentVariableFailsWithoutEchoingTheSecret() {
    assertThatThrownBy(() -> TokenValidationFeature.fromEnvironment(Map.of(
        "TOKENVALIDATOR_SERVER_URL", "http://127.0.0.1:1/mfp/api",
        "TOKENVALIDATOR_CLIENT_ID", "resource-server",
        "TOKENVALIDATOR_CLIENT_SECRET", "s3cr3t-value",
        "TOKENVALIDATOR_CACHE_MAX_TTL", "forever")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("cache")
        .hasMessageNotContaining("s3cr3t-value");
  }

  @Test
  void incompleteSettingsFail() {
    assertThatThrownBy(() -> TokenValidationFeature.fromProperties(Map.of()))
        .isInstanceOf(InvalidConfigurationException.class);
  }

  @Test
  void nullValidatorIsRefused() {
    assertThatThrownBy(() -> TokenValidationFeature.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("validator");
  }
}
