package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenValidator#requestUri(RequestView)} as configured by users: the settings reach the rules
 * (which {@code internal.request.RequestUrisTest} covers in detail), and nothing but the request is read.
 */
class RequestUriTest {
  private static Map<String, String> settings(String... keysAndValues) {
    Map<String, String> properties = new HashMap<>();
    properties.put("tokenvalidator.server-url", "http://localhost:9080/mfp/api");
    properties.put("tokenvalidator.client-id", "rs");
    properties.put("tokenvalidator.client-secret", "secret");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.put("tokenvalidator." + keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  private static TestRequestView behindProxy() {
    return TestRequestView.get("http", "10.0.0.7", 8080, "/bank/accounts").query("page=2").from("10.0.0.1")
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com");
  }

  @Test
  void byDefaultTheContainersViewIsTheUri() {
    try (TokenValidator validator = TokenValidator.fromProperties(settings())) {
      assertThat(validator.requestUri(behindProxy())).hasToString("http://10.0.0.7:8080/bank/accounts");
    }
  }

  @Test
  void trustedProxiesFromPropertiesOrTheEnvironment() {
    try (TokenValidator validator = TokenValidator.fromProperties(settings("trusted-proxies", "192.0.2.1, 10.0.0.0/8"));
        TokenValidator fromEnvironment = TokenValidator.builder().properties(settings())
            .environment(Map.of("TOKENVALIDATOR_TRUSTED_PROXIES", "10.0.0.1")).build()) {
      assertThat(validator.requestUri(behindProxy())).hasToString("https://api.example.com/bank/accounts");
      assertThat(fromEnvironment.requestUri(behindProxy())).hasToString("https://api.example.com/bank/accounts");
      assertThat(validator.toString()).contains("trusted-proxies=[192.0.2.1, 10.0.0.0/8]");
    }
  }

  @Test
  void externalUrlFromPropertiesWinsOverTrustedProxies() {
    try (TokenValidator validator = TokenValidator.fromProperties(settings("trusted-proxies", "10.0.0.1",
        "external-url", "https://public.example.com:8443/api"))) {
      assertThat(validator.requestUri(behindProxy())).hasToString("https://public.example.com:8443/api/bank/accounts");
    }
  }

  @Test
  void builderMethodsSetTheSameSettings() {
    try (TokenValidator trusting = TokenValidator.builder().properties(settings()).trustedProxies("10.0.0.1").build();
        TokenValidator external = TokenValidator.builder().properties(settings())
            .externalUrl("https://public.example.com").build()) {
      assertThat(trusting.requestUri(behindProxy())).hasToString("https://api.example.com/bank/accounts");
      assertThat(external.requestUri(behindProxy())).hasToString("https://public.example.com/bank/accounts");
    }
    assertThatThrownBy(() -> TokenValidator.builder().trustedProxies("proxy.internal"))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("tokenvalidator.trusted-proxies: ");
    assertThatThrownBy(() -> TokenValidator.builder().externalUrl("/relative"))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("tokenvalidator.external-url: ");
    assertThatThrownBy(() -> TokenValidator.builder().environment(Map.of("TOKENVALIDATOR_TRUSTED_PROXIES", "*")))
        .hasMessageStartingWith("TOKENVALIDATOR_TRUSTED_PROXIES (tokenvalidator.trusted-proxies): ");
  }

  @Test
  void aNullRequestIsAProgrammerError() {
    try (TokenValidator validator = TokenValidator.fromProperties(settings())) {
      assertThatThrownBy(() -> validator.requestUri(null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("request");
    }
  }
}
