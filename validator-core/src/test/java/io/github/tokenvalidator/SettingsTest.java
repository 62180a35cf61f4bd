package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.testing.MockAuthorizationServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {
  private static final String SECRET = "s3cr3t-Value!";

  private static Map<String, String> minimal() {
    Map<String, String> properties = new HashMap<>();
    properties.put("tokenvalidator.server-url", "http://localhost:9080/mfp/api");
    properties.put("tokenvalidator.client-id", "rs");
    properties.put("tokenvalidator.client-secret", SECRET);
    return properties;
  }

  @Test
  void everyDocumentedKeyIsAccepted() {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.introspection-endpoint", "https://as.example.com/mfp/api/az/v1/introspection");
    properties.put("tokenvalidator.token-endpoint", "https://as.example.com/mfp/api/az/v1/token");
    properties.put("tokenvalidator.client-auth", "mobilefirst-bearer");
    properties.put("tokenvalidator.introspection-scope", "authorization.introspect");
    properties.put("tokenvalidator.realm", "bank");
    properties.put("tokenvalidator.connect-timeout", "500ms");
    properties.put("tokenvalidator.request-timeout", "PT3S");
    properties.put("tokenvalidator.cache.max-size", "10_000");
    properties.put("tokenvalidator.cache.max-ttl", "5m");
    properties.put("tokenvalidator.cache.negative-ttl", "30s");
    properties.put("tokenvalidator.stale-if-error", "false");
    properties.put("tokenvalidator.allow-insecure-http", "false");
    properties.put("tokenvalidator.max-response-size", "65536");
    properties.put("tokenvalidator.max-token-length", "4096");
    properties.put("tokenvalidator.max-concurrent-introspections", "16");
    properties.put("tokenvalidator.failure-threshold", "5");
    properties.put("tokenvalidator.failure-backoff", "10s");
    properties.put("tokenvalidator.own-token.renewal-ratio", "0.75");
    properties.put("tokenvalidator.eager-start", "false");
    properties.put("java.version", "ignored: not ours");

    try (TokenValidator validator = TokenValidator.fromProperties(properties)) {
      assertThat(validator.realm()).isEqualTo("bank");
      assertThat(validator.toString()).contains("https://as.example.com/mfp/api/az/v1/introspection")
          .contains("cache.max-ttl=PT5M").contains("stale-if-error=false");
    }
  }

  @Test
  void environmentVariablesUseUpperCaseWithUnderscores() {
    Map<String, String> environment = Map.of(
        "TOKENVALIDATOR_SERVER_URL", "http://127.0.0.1:9080/mfp/api",
        "TOKENVALIDATOR_CLIENT_ID", "rs",
        "TOKENVALIDATOR_CLIENT_SECRET", SECRET,
        "TOKENVALIDATOR_CACHE_MAX_TTL", "1m",
        "TOKENVALIDATOR_REALM", "env-realm",
        "PATH", "/usr/bin");
    try (TokenValidator validator = TokenValidator.fromEnvironment(environment)) {
      assertThat(validator.realm()).isEqualTo("env-realm");
      assertThat(validator.toString()).contains("cache.max-ttl=PT1M");
    }
  }

  @Test
  void unknownPropertyFailsNamingTheKey() {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.cache.max-tll", "5m");
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("tokenvalidator.cache.max-tll").hasMessageContaining("unknown")
        .extracting(e -> ((InvalidConfigurationException) e).key()).isEqualTo("cache.max-tll");
  }

  @Test
  void malformedEnvironmentVariableIsNamedAsWritten() {
    assertThatThrownBy(() -> TokenValidator.builder().environment(Map.of("TOKENVALIDATOR_CACHE_MAX_SIZE", "lots")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("TOKENVALIDATOR_CACHE_MAX_SIZE (tokenvalidator.cache.max-size): ")
        .hasMessageContaining("whole number")
        .extracting(e -> ((InvalidConfigurationException) e).key()).isEqualTo("cache.max-size");
  }

  @Test
  void unknownEnvironmentVariableFailsNamingIt() {
    assertThatThrownBy(() -> TokenValidator.fromEnvironment(Map.of("TOKENVALIDATOR_SERVERURL", "x")))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("TOKENVALIDATOR_SERVERURL");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "connect-timeout | 5 | connect-timeout",
      "connect-timeout | 5 seconds | connect-timeout",
      "request-timeout | -1s | request-timeout",
      "request-timeout | 0s | request-timeout",
      "cache.max-ttl | PT | cache.max-ttl",
      "cache.max-size | lots | cache.max-size",
      "cache.max-size | -1 | cache.max-size",
      "stale-if-error | yes | stale-if-error",
      "client-auth | digest | client-auth",
      "server-url | not a url | server-url",
      "server-url | ftp://host/mfp/api | server-url",
      "server-url | http://user:pw@localhost/mfp/api | server-url",
      "introspection-scope | caf\u00e9 | introspection-scope",
      "max-token-length | 99999999999 | max-token-length",
      "own-token.renewal-ratio | 1.5 | own-token.renewal-ratio",
      "realm | bad\u0001realm | realm",
      "cache.max-ttl | 999999999999d | cache.max-ttl",
      "failure-backoff | 366d | failure-backoff",
      "request-timeout | 9999999h | request-timeout",
      "request-timeout | PT99999999999999999999H | request-timeout",
      "cache.max-ttl | P999999999999999999D | cache.max-ttl",
      "cache.negative-ttl | PT-0.5S | cache.negative-ttl",
      "cache.max-size | 99999999999999999999 | cache.max-size",
      "failure-threshold | 99999999999 | failure-threshold",
      "failure-threshold | 0 | failure-threshold",
      "own-token.renewal-ratio | NaN | own-token.renewal-ratio",
      "own-token.renewal-ratio | Infinity | own-token.renewal-ratio",
      "own-token.renewal-ratio | 1e-400 | own-token.renewal-ratio",
      "trusted-proxies | proxy.example.com | trusted-proxies",
      "trusted-proxies | 10.0.0.1/8 | trusted-proxies",
      "trusted-proxies | 10.0.0.0/8, | trusted-proxies",
      "external-url | api.example.com | external-url",
      "external-url | https://api.example.com/?a=1 | external-url",
      "external-url | https://user:pw@api.example.com | external-url",
      "external-url | ftp://api.example.com | external-url",
  })
  void malformedValueFailsNamingTheKey(String key, String value, String named) {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator." + key, value);
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator." + named);
  }

  @Test
  void missingRequiredSettingsAreNamed() {
    assertThatThrownBy(() -> TokenValidator.builder().clientCredentials("a", "b").build())
        .hasMessageContaining("tokenvalidator.server-url");
    assertThatThrownBy(() -> TokenValidator.builder().serverUrl("http://localhost/mfp/api").build())
        .hasMessageContaining("tokenvalidator.client-id");
    assertThatThrownBy(() -> TokenValidator.builder().serverUrl("http://localhost/mfp/api").clientId("a").build())
        .hasMessageContaining("tokenvalidator.client-secret");
    assertThatThrownBy(() -> TokenValidator.builder().introspectionEndpoint("http://localhost/i")
        .clientCredentials("a", "b").clientAuthentication(ClientAuthentication.MOBILEFIRST_BEARER).build())
        .hasMessageContaining("tokenvalidator.token-endpoint");
  }

  @Test
  void secretNeverAppearsInToStringOrMessages() {
    Map<String, String> properties = minimal();
    TokenValidator.Builder builder = TokenValidator.builder().properties(properties);
    assertThat(builder.toString()).doesNotContain(SECRET).contains("client-secret=****");
    try (TokenValidator validator = builder.build()) {
      assertThat(validator.toString()).doesNotContain(SECRET).contains("client-secret=****");
    }
    properties.put("tokenvalidator.max-token-length", SECRET);
    properties.put("tokenvalidator.client-secret", "");
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @ParameterizedTest
  @CsvSource({"http://as.example.com/mfp/api", "http://10.0.0.5:9080/mfp/api", "http://localhost.evil.com/mfp/api",
      "http://app.localhost/mfp/api"})
  void plainHttpToNonLoopbackHostIsRefused(String url) {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.server-url", url);
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("tokenvalidator.server-url").hasMessageContaining("allow-insecure-http");
    properties.put("tokenvalidator.allow-insecure-http", "true");
    TokenValidator.fromProperties(properties).close();
  }

  @ParameterizedTest
  @CsvSource({"http://localhost:9080/mfp/api", "http://127.0.0.1/mfp/api", "http://127.8.9.10/mfp/api",
      "http://[::1]:9080/mfp/api", "https://as.example.com/mfp/api"})
  void loopbackHttpAndAnyHttpsAreAccepted(String url) {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.server-url", url);
    TokenValidator.fromProperties(properties).close();
  }

  @Test
  void customSslContextIsAccepted() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);
    TokenValidator.builder().serverUrl("https://as.example.com/mfp/api").clientCredentials("a", "b")
        .sslContext(context).build().close();
  }

  @Test
  void settingsParseTheSameUnderAnotherDefaultLocale() {
    java.util.Locale previous = java.util.Locale.getDefault();
    java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
    try {
      Map<String, String> properties = minimal();
      properties.put("tokenvalidator.stale-if-error", "TRUE");
      properties.put("tokenvalidator.client-auth", "MOBILEFIRST-BEARER");
      properties.put("tokenvalidator.cache.max-ttl", "1M");
      TokenValidator.fromProperties(properties).close();
    } finally {
      java.util.Locale.setDefault(previous);
    }
  }

  /**
   * docs/configuration.md's table is the settings' definitions, row for row: key, default and meaning. When it
   * is not, the table the definitions give is written to target/configuration-table.md, to paste in.
   */
  @Test
  void settingsListIsTheConfigurationDocTable() throws IOException {
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8)) {
      if (line.startsWith("| `")) {
        documented.add(line);
      }
    }
    List<String> defined = Settings.keys().stream()
        .map(k -> "| `" + k.name() + "` | " + k.documentedDefault() + " | " + k.description() + " |")
        .collect(Collectors.toList());
    if (!documented.equals(defined)) {
      Files.writeString(Path.of("target", "configuration-table.md"), String.join("\n", defined) + "\n");
    }
    assertThat(documented).as("docs/configuration.md's table; the defined one is in target/configuration-table.md")
        .isEqualTo(defined);
    for (Settings.Key key : Settings.keys()) {
      key.defaultValue().ifPresent(d -> assertThat(key.documentedDefault()).as(key.name()).isEqualTo("`" + d + "`"));
    }
  }

  @Test
  void settingsListDescribesEachKey() {
    assertThat(Settings.key("cache.max-ttl")).hasValueSatisfying(key -> {
      assertThat(key.propertyName()).isEqualTo("tokenvalidator.cache.max-ttl");
      assertThat(key.environmentName()).isEqualTo("TOKENVALIDATOR_CACHE_MAX_TTL");
      assertThat(key.type()).isEqualTo(Settings.Type.DURATION);
      assertThat(key.defaultValue()).hasValue("5m");
    });
    assertThat(Settings.key("client-auth").orElseThrow().allowedValues())
        .containsExactly("mobilefirst-bearer", "basic", "post");
    assertThat(Settings.key("eager-start").orElseThrow().type()).isEqualTo(Settings.Type.BOOLEAN);
    assertThat(Settings.key("server-url").orElseThrow().defaultValue()).isEmpty();
    assertThat(Settings.key("no-such-key")).isEmpty();
  }

  @Test
  void spelledOutDefaultsConfigureTheSameAsNone() {
    Map<String, String> properties = minimal();
    for (Settings.Key key : Settings.keys()) {
      key.defaultValue().ifPresent(d -> properties.put(key.propertyName(), d));
    }
    try (TokenValidator defaults = TokenValidator.fromProperties(minimal());
        TokenValidator spelledOut = TokenValidator.fromProperties(properties)) {
      assertThat(spelledOut.toString()).isEqualTo(defaults.toString()).contains("eager-start=false");
    }
  }

  @Test
  void eagerStartIsASetting() {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.eager-start", "true");
    assertThat(TokenValidator.builder().properties(properties).eagerStart(false).build().toString())
        .contains("eager-start=false");
    properties.put("tokenvalidator.eager-start", "soon");
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .hasMessageStartingWith("tokenvalidator.eager-start");
  }

  @Test
  void springKeysAreLeftToTheStarter() {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.spring.security.enabled", "whatever");
    properties.put(Settings.SPRING_PROPERTY_PREFIX + "actuator", "x");
    TokenValidator.fromProperties(properties).close();
    TokenValidator.fromEnvironment(Map.of("TOKENVALIDATOR_SERVER_URL", "http://localhost/mfp/api",
        "TOKENVALIDATOR_CLIENT_ID", "rs", "TOKENVALIDATOR_CLIENT_SECRET", SECRET,
        "TOKENVALIDATOR_SPRING_SECURITY_ENABLED", "whatever")).close();

    properties.put("tokenvalidator.springs", "x");
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("tokenvalidator.springs");
  }

  @ParameterizedTest
  @CsvSource({"http://localhost:99999/mfp/api", "http://localhost:0/mfp/api", "https://as.example.com:65536/mfp/api"})
  void portOutsideOneTo65535IsRefusedAtOnce(String url) {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.server-url", url);
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.server-url").hasMessageContaining("1 to 65535");
    properties.put("tokenvalidator.server-url", "http://localhost:65535/mfp/api");
    TokenValidator.fromProperties(properties).close();
  }

  @Test
  void nullKeyIsIgnoredLikeAnyKeyWithoutThePrefix() {
    Map<String, String> properties = minimal();
    properties.put(null, "whatever");
    TokenValidator.fromProperties(properties).close();
    Map<String, String> environment = new HashMap<>(Map.of("TOKENVALIDATOR_SERVER_URL", "http://localhost/mfp/api",
        "TOKENVALIDATOR_CLIENT_ID", "rs", "TOKENVALIDATOR_CLIENT_SECRET", SECRET));
    environment.put(null, "whatever");
    TokenValidator.fromEnvironment(environment).close();
  }

  @Test
  void nullValueFailsNamingTheKey() {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.realm", null);
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class).hasMessage("tokenvalidator.realm: has no value");
    Map<String, String> environment = new HashMap<>();
    environment.put("TOKENVALIDATOR_CLIENT_SECRET", null);
    assertThatThrownBy(() -> TokenValidator.fromEnvironment(environment))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("TOKENVALIDATOR_CLIENT_SECRET (tokenvalidator.client-secret): has no value");
  }

  @Test
  void secretIsTrimmedLikeEveryOtherValue() {
    try (MockAuthorizationServer server = MockAuthorizationServer.start()) {
      server.activeToken("a-client-token", "accessRestricted", "john");
      Map<String, String> environment = Map.of(
          "TOKENVALIDATOR_SERVER_URL", " " + server.serverUrl() + "\n",
          "TOKENVALIDATOR_CLIENT_ID", MockAuthorizationServer.CLIENT_ID + "\n",
          "TOKENVALIDATOR_CLIENT_SECRET", MockAuthorizationServer.CLIENT_SECRET + "\n");
      try (TokenValidator validator = TokenValidator.fromEnvironment(environment)) {
        assertThat(validator.validate("Bearer a-client-token", "accessRestricted").isValid()).isTrue();
      }
      try (TokenValidator validator = TokenValidator.builder().serverUrl(server.serverUrl())
          .clientCredentials(MockAuthorizationServer.CLIENT_ID, "\t" + MockAuthorizationServer.CLIENT_SECRET + "\r\n")
          .build()) {
        assertThat(validator.validate("Bearer a-client-token", "accessRestricted").isValid()).isTrue();
      }
    }
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.client-secret", " \n");
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .hasMessage("tokenvalidator.client-secret: must not be empty");
  }

  @ParameterizedTest
  @CsvSource({
      "server-url, https://id:hunter2@host:99x/mfp/api",
      "server-url, https://id:hunter2@as.example.com/mfp/api",
      "server-url, http://id:hunter2@localhost:9080/mfp/api",
      "server-url, https://id:hun ter2@as.example.com/mfp/api",
      "server-url, https://id:hunter2@mfp_server/mfp/api",
      "introspection-endpoint, https://id:hunter2@as.example.com/i",
      "token-endpoint, https://id:hunter2@as.example.com:99999/t",
  })
  void userInfoInAUrlIsRefusedAndNeverRepeated(String key, String url) {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator." + key, url);
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator." + key)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("hun ter2"));
  }

  @Test
  void hostWithUnderscoreIsRefusedSayingWhy() {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.server-url", "http://mfp_server:9080/mfp/api");
    properties.put("tokenvalidator.allow-insecure-http", "true");
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.server-url: host \"mfp_server\" contains '_'")
        .hasMessageContaining("HttpClient").hasMessageContaining("mfp-server");
    assertThatThrownBy(() -> TokenValidator.builder().introspectionEndpoint("https://kc_1.example.com/introspect"))
        .hasMessageStartingWith("tokenvalidator.introspection-endpoint: host \"kc_1.example.com\" contains '_'");
  }

  /** Why an underscore host is refused rather than accepted: java.net.http will not send to it (JDK 17 to 25). */
  @Test
  void httpClientItselfRefusesAHostWithUnderscore() {
    try (MockAuthorizationServer server = MockAuthorizationServer.start()) {
      URI reachable = URI.create(server.serverUrl());
      HttpRequest.newBuilder(reachable).build();
      URI underscore = URI.create("http://mock_server:" + reachable.getPort() + "/mfp/api");
      assertThat(underscore.getHost()).isNull();
      assertThatThrownBy(() -> HttpRequest.newBuilder(underscore)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unsupported URI");
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "max-token-length | 2147483647",
      "max-token-length | 1048577",
      "max-response-size | 2147483647",
      "max-response-size | 67108865",
      "max-concurrent-introspections | 2147483647",
      "max-concurrent-introspections | 10001",
      "request-timeout | PT0.0005S",
      "connect-timeout | PT0.000001S",
      "failure-backoff | PT0.0009S",
      "cache.max-ttl | PT0.0000001S",
  })
  void numbersTheEngineCannotUseAreRefusedNamingTheKey(String key, String value) {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator." + key, value);
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator." + key + ": must be at");
  }

  /** Every number at the largest value accepted still gives a validator that answers right. */
  @Test
  void largestAcceptedNumbersWork() {
    Map<String, String> extremes = new HashMap<>();
    extremes.put("tokenvalidator.connect-timeout", "365d");
    extremes.put("tokenvalidator.request-timeout", "365d");
    extremes.put("tokenvalidator.cache.max-size", Long.toString(Long.MAX_VALUE));
    extremes.put("tokenvalidator.cache.max-ttl", "365d");
    extremes.put("tokenvalidator.cache.negative-ttl", "365d");
    extremes.put("tokenvalidator.max-response-size", "67108864");
    extremes.put("tokenvalidator.max-token-length", "1048576");
    extremes.put("tokenvalidator.max-concurrent-introspections", "10000");
    extremes.put("tokenvalidator.failure-threshold", Integer.toString(Integer.MAX_VALUE));
    extremes.put("tokenvalidator.failure-backoff", "365d");
    extremes.put("tokenvalidator.own-token.renewal-ratio", "0.999999");
    String longToken = "t".repeat(100_000);
    String url;
    try (MockAuthorizationServer server = MockAuthorizationServer.start()) {
      server.activeToken(longToken, "accessRestricted", "john");
      url = server.serverUrl();
      try (TokenValidator validator = server.validatorBuilder().properties(extremes).build()) {
        assertThat(validator.validate("Bearer " + longToken, "accessRestricted").isValid()).isTrue();
        assertThat(validator.validate("Bearer " + longToken, "accessRestricted").isValid()).isTrue();
        assertThat(server.introspectionCount()).isEqualTo(1);
        assertThat(validator.validate("Bearer " + "t".repeat(1_048_577)).error().kind())
            .isEqualTo(AuthenticationError.Kind.INVALID_TOKEN);
      }
    }
    try (TokenValidator validator = TokenValidator.builder().serverUrl(url).clientCredentials("a", "b")
        .properties(extremes).build()) {
      AuthenticationError down = validator.validate("Bearer another-token").error();
      assertThat(down.kind()).isEqualTo(AuthenticationError.Kind.UNAVAILABLE);
      assertThat(down.headers()).containsEntry("Retry-After", "31536000");
    }
  }

  @Test
  void aMisspelledKeySuggestsTheNearest() {
    Map<String, String> properties = minimal();
    properties.put("tokenvalidator.cache.max-sise", "10");
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.cache.max-sise: unknown setting; did you mean cache.max-size?");
    assertThatThrownBy(() -> TokenValidator.fromEnvironment(Map.of("TOKENVALIDATOR_CLIENTID", "rs")))
        .hasMessageStartingWith("TOKENVALIDATOR_CLIENTID: unknown setting; did you mean TOKENVALIDATOR_CLIENT_ID?");
    assertThatThrownBy(() -> TokenValidator.fromEnvironment(Map.of("TOKENVALIDATOR_XYZZY", "1")))
        .hasMessageStartingWith("TOKENVALIDATOR_XYZZY: unknown setting (known: ");
  }

  @Test
  void aBuildTimeErrorNamesTheSettingAsTheUserWroteIt() {
    Map<String, String> environment = Map.of("TOKENVALIDATOR_SERVER_URL", "http://as.example.com/mfp/api",
        "TOKENVALIDATOR_CLIENT_ID", "rs", "TOKENVALIDATOR_CLIENT_SECRET", SECRET);
    assertThatThrownBy(() -> TokenValidator.fromEnvironment(environment))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("TOKENVALIDATOR_SERVER_URL (tokenvalidator.server-url): http:// is only allowed")
        .satisfies(e -> assertThat(((InvalidConfigurationException) e).key()).isEqualTo("server-url"));
    Map<String, String> properties = new java.util.HashMap<>(minimal());
    properties.put("tokenvalidator.server-url", "http://as.example.com/mfp/api");
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .hasMessageStartingWith("tokenvalidator.server-url: http:// is only allowed");
  }
}
