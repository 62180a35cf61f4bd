package io.github.tokenvalidator.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.TokenValidator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

/** How {@code tokenvalidator.*} settings reach core's parser from properties, YAML and the environment. */
class SettingsFromTheEnvironmentTest {

  private static StandardEnvironment environment(Map<String, Object> properties, Map<String, Object> variables) {
    // as in a Boot application: environment variables before application.properties
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    environment.getPropertySources().addLast(new MapPropertySource("application.properties", properties));
    return environment;
  }

  @Test
  void relaxedFormsBecomeCanonicalKeys() throws Exception {
    StandardEnvironment environment = environment(
        Map.of("tokenvalidator.server-url", "http://127.0.0.1:9080/mfp/api", "tokenvalidator.cache.maxSize", "10",
            "tokenvalidator.spring.rules", "/public/* permit", "unrelated.key", "x"),
        Map.of("TOKENVALIDATOR_CACHE_MAX_TTL", "1m", "TOKENVALIDATOR_CLIENT_ID", "test",
            "TOKENVALIDATOR_STALEIFERROR", "false", "TOKENVALIDATOR_SPRING_UNMATCHED", "permit"));
    environment.getPropertySources().addLast(new YamlPropertySourceLoader().load("yaml",
        new ByteArrayResource("tokenvalidator:\n  clientSecret: s3cret\n  own-token:\n    renewal_ratio: 0.5\n".getBytes()))
        .get(0));

    assertThat(TokenValidatorSettings.coreSettings(environment).values()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "tokenvalidator.server-url", "http://127.0.0.1:9080/mfp/api",
        "tokenvalidator.cache.max-size", "10",
        "tokenvalidator.cache.max-ttl", "1m",
        "tokenvalidator.client-id", "test",
        "tokenvalidator.client-secret", "s3cret",
        "tokenvalidator.stale-if-error", "false",
        "tokenvalidator.own-token.renewal-ratio", "0.5"));
    assertThat(TokenValidatorSettings.permitsUnmatched(environment)).isTrue();
  }

  @Test
  void anUnknownKeyOfTheStarterIsRefusedNamingIt() {
    StandardEnvironment environment = environment(Map.of("tokenvalidator.spring.rules", "/x permit",
        "tokenvalidator.spring.filterOrder", "5"), Map.of("TOKENVALIDATOR_SPRING_RULEZ", "/x permit"));
    assertThatThrownBy(() -> TokenValidatorSettings.checkStarterKeys(environment))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("TOKENVALIDATOR_SPRING_RULEZ: unknown setting");
  }

  @Test
  void theEnvironmentWinsOverProperties() {
    StandardEnvironment environment = environment(Map.of("tokenvalidator.client-id", "from-properties"),
        Map.of("TOKENVALIDATOR_CLIENT_ID", "from-environment"));
    assertThat(TokenValidatorSettings.coreSettings(environment).values())
        .containsEntry("tokenvalidator.client-id", "from-environment");
  }

  @Test
  void anUnknownKeyReachesCoreAsWritten() {
    StandardEnvironment environment = environment(Map.of("tokenvalidator.cache.max-sise", "5"),
        Map.of("TOKENVALIDATOR_CONNECT_TIMEOUTS", "1s"));
    TokenValidatorSettings.CoreSettings settings = TokenValidatorSettings.coreSettings(environment);
    assertThat(settings.values()).containsOnlyKeys("tokenvalidator.cache.max-sise");
    assertThat(settings.unknownVariables()).containsOnlyKeys("TOKENVALIDATOR_CONNECT_TIMEOUTS");
    assertThatThrownBy(() -> TokenValidator.builder().properties(new LinkedHashMap<>(settings.values())))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("tokenvalidator.cache.max-sise");
    assertThatThrownBy(() -> TokenValidator.builder().environment(settings.unknownVariables()))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("TOKENVALIDATOR_CONNECT_TIMEOUTS");
  }

  /** What core says of the settings of {@code environment}, after the starter has named them as written. */
  private static InvalidConfigurationException refusal(StandardEnvironment environment) {
    TokenValidatorSettings.CoreSettings settings = TokenValidatorSettings.coreSettings(environment);
    try {
      settings.applyTo(TokenValidator.builder()).build().close();
    } catch (InvalidConfigurationException e) {
      return settings.asWritten(e);
    }
    throw new AssertionError("core accepted " + settings.values().keySet());
  }

  @Test
  void aMisspelledVariableIsNamedAsWritten() {
    assertThat(refusal(environment(Map.of(), Map.of("TOKENVALIDATOR_CACHE_MAX_SISE", "5"))))
        .hasMessageStartingWith("TOKENVALIDATOR_CACHE_MAX_SISE: unknown setting; did you mean"
            + " TOKENVALIDATOR_CACHE_MAX_SIZE?");
    assertThat(refusal(environment(Map.of("tokenvalidator.cache.maxSise", "5"), Map.of())))
        .hasMessageStartingWith("tokenvalidator.cache.maxSise: unknown setting; did you mean cache.max-size?");
  }

  @Test
  void aMalformedValueIsNamedAsWrittenAndAsTheKey() {
    assertThat(refusal(environment(Map.of("tokenvalidator.server-url", "http://127.0.0.1:9/mfp/api"),
        Map.of("TOKENVALIDATOR_REQUEST_TIMEOUT", "soon", "TOKENVALIDATOR_CLIENT_SECRET", "hunter2"))))
        .hasMessageStartingWith("TOKENVALIDATOR_REQUEST_TIMEOUT (tokenvalidator.request-timeout): ")
        .hasMessageNotContaining("hunter2")
        .extracting(InvalidConfigurationException::key).isEqualTo("request-timeout");
    assertThat(refusal(environment(Map.of("tokenvalidator.server-url", "http://127.0.0.1:9/mfp/api",
        "tokenvalidator.requestTimeout", "soon"), Map.of())))
        .hasMessageStartingWith("tokenvalidator.requestTimeout (tokenvalidator.request-timeout): ");
    assertThat(refusal(environment(Map.of("tokenvalidator.server-url", "http://127.0.0.1:9/mfp/api",
        "tokenvalidator.request-timeout", "soon"), Map.of())))
        .hasMessageStartingWith("tokenvalidator.request-timeout: ");
  }

  @Test
  void placeholdersAreResolvedAsForConfigurationProperties() {
    StandardEnvironment environment = environment(Map.of("tokenvalidator.client-secret", "${BANK_BACKEND_SECRET}",
        "tokenvalidator.realm", "${BANK_REALM:bank}", "tokenvalidator.client-id", "${bank.client}",
        "bank.client", "bank-backend"), Map.of("BANK_BACKEND_SECRET", "s3cret"));
    assertThat(TokenValidatorSettings.coreSettings(environment).values()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "tokenvalidator.client-secret", "s3cret",
        "tokenvalidator.realm", "bank",
        "tokenvalidator.client-id", "bank-backend"));
  }

  @Test
  void aPlaceholderNothingResolvesIsRefusedNamingItButNotTheRestOfTheValue() {
    assertThatThrownBy(() -> TokenValidatorSettings.coreSettings(environment(Map.of(),
            Map.of("TOKENVALIDATOR_CLIENT_SECRET", "hunter2${NO_SUCH_SECRET}"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("TOKENVALIDATOR_CLIENT_SECRET (tokenvalidator.client-secret): ${NO_SUCH_SECRET} has no value:"
            + " no property or environment variable of that name");
  }

  @Test
  void theUnmatchedPolicyIsReadIgnoringLetterCaseAndARefusalNamesItAsWritten() {
    assertThat(TokenValidatorSettings.permitsUnmatched(environment(Map.of(), Map.of("TOKENVALIDATOR_SPRING_UNMATCHED",
        " PERMIT")))).isTrue();
    assertThat(TokenValidatorSettings.permitsUnmatched(environment(Map.of("tokenvalidator.spring.unmatched",
        "Authenticated"), Map.of()))).isFalse();
    assertThatThrownBy(() -> TokenValidatorSettings.permitsUnmatched(environment(Map.of(),
            Map.of("TOKENVALIDATOR_SPRING_UNMATCHED", "deny"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("TOKENVALIDATOR_SPRING_UNMATCHED (tokenvalidator.spring.unmatched): must be authenticated or"
            + " permit, not \"deny\"");
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aBadKeyFailsStartUpNamingItInBootsReport(CapturedOutput output) {
    SpringApplication application = new SpringApplicationBuilder(io.github.tokenvalidator.spring.boottests.StartupProbe.class)
        .web(WebApplicationType.NONE)
        .properties("tokenvalidator.server-url=http://127.0.0.1:9/mfp/api", "tokenvalidator.client-id=test",
            "tokenvalidator.client-secret=test", "tokenvalidator.cache.maxSise=5")
        .build();
    assertThatThrownBy(application::run).rootCause().isInstanceOf(InvalidConfigurationException.class);
    assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
        .contains("The token validator's settings are wrong: tokenvalidator.cache.maxSise: unknown setting");
  }

  @Test
  void aMisspelledVariableFailsStartUpNamingItAsWrittenInBootsReport() {
    SpringApplication application = new SpringApplicationBuilder(io.github.tokenvalidator.spring.boottests.StartupProbe.class)
        .web(WebApplicationType.NONE)
        // as in a Boot application, which reads the process environment through its own kind of source
        .environment(environment(Map.of(), Map.of("TOKENVALIDATOR_CACHE_MAX_SISE", "5")))
        .properties("tokenvalidator.server-url=http://127.0.0.1:9/mfp/api", "tokenvalidator.client-id=test",
            "tokenvalidator.client-secret=test", "logging.level.root=off")
        .build();
    Throwable failure = catchThrowable(application::run);
    assertThat(failure).rootCause().isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("TOKENVALIDATOR_CACHE_MAX_SISE: unknown setting; did you mean"
            + " TOKENVALIDATOR_CACHE_MAX_SIZE?");
    assertThat(new InvalidConfigurationFailureAnalyzer().analyze(failure).getDescription())
        .startsWith("The token validator's settings are wrong: TOKENVALIDATOR_CACHE_MAX_SISE: unknown setting");
  }

  @Test
  void switchedOffTheStarterConfiguresNothing() {
    try (var context = new SpringApplicationBuilder(io.github.tokenvalidator.spring.boottests.StartupProbe.class)
        .web(WebApplicationType.NONE).properties("tokenvalidator.spring.enabled=false").run()) {
      assertThat(context.getBeanNamesForType(TokenValidator.class)).isEmpty();
    }
  }

  @Test
  void aBadKeyFailsStartUpNamingIt() {
    SpringApplication application = new SpringApplicationBuilder(io.github.tokenvalidator.spring.boottests.StartupProbe.class)
        .web(WebApplicationType.NONE)
        .properties("tokenvalidator.server-url=http://127.0.0.1:9/mfp/api", "tokenvalidator.client-id=test",
            "tokenvalidator.client-secret=test", "tokenvalidator.cache.max-sise=5")
        .build();
    assertThatThrownBy(application::run).hasRootCauseInstanceOf(InvalidConfigurationException.class)
        .rootCause().hasMessageContaining("tokenvalidator.cache.max-sise");
  }

  @Test
  void aMalformedValueFailsStartUpNamingTheKeyButNotASecret() {
    SpringApplication application = new SpringApplicationBuilder(io.github.tokenvalidator.spring.boottests.StartupProbe.class)
        .web(WebApplicationType.NONE)
        .properties("tokenvalidator.server-url=http://127.0.0.1:9/mfp/api", "tokenvalidator.client-id=test",
            "tokenvalidator.client-secret=hunter2", "tokenvalidator.request-timeout=soon")
        .build();
    assertThatThrownBy(application::run).rootCause().hasMessageContaining("tokenvalidator.request-timeout")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void malformedRulesFailStartUpNamingTheKey() {
    SpringApplication application = new SpringApplicationBuilder(io.github.tokenvalidator.spring.boottests.StartupProbe.class)
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0", "tokenvalidator.server-url=http://127.0.0.1:9/mfp/api", "tokenvalidator.client-id=test",
            "tokenvalidator.client-secret=test", "tokenvalidator.spring.rules=GET")
        .build();
    assertThatThrownBy(application::run).rootCause().hasMessageContaining("tokenvalidator.spring.rules");
  }
}
