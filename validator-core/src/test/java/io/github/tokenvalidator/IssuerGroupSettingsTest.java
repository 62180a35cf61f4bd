package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issuer groups in the settings: {@code tokenvalidator.issuers.<name>.<key>} and their environment form. */
class IssuerGroupSettingsTest {
  private static final String SECRET = "gr0up-s3cret!";

  private static Map<String, String> defaultIssuer() {
    Map<String, String> properties = new HashMap<>();
    properties.put("tokenvalidator.server-url", "http://localhost:9080/mfp/api");
    properties.put("tokenvalidator.client-id", "rs");
    properties.put("tokenvalidator.client-secret", SECRET);
    return properties;
  }

  @Test
  void groupsAreListedAfterTheDefaultIssuerInNameOrder() {
    Map<String, String> properties = defaultIssuer();
    properties.put("tokenvalidator.issuers.partners.token-format", "jwt");
    properties.put("tokenvalidator.issuers.partners.issuer", "https://partners.example.com");
    properties.put("tokenvalidator.issuers.partners.jwt.profile", "rfc9068");
    properties.put("tokenvalidator.issuers.legacy.introspection-endpoint", "http://localhost:8081/introspect");
    properties.put("tokenvalidator.issuers.legacy.client-id", "legacy-rs");
    properties.put("tokenvalidator.issuers.legacy.client-secret", SECRET);
    try (TokenValidator validator = TokenValidator.fromProperties(properties)) {
      assertThat(validator.issuers()).containsExactly(
          new ConfiguredIssuer("default", TokenFormat.OPAQUE, null),
          new ConfiguredIssuer("legacy", TokenFormat.OPAQUE, null),
          new ConfiguredIssuer("partners", TokenFormat.JWT, "https://partners.example.com"));
      assertThat(validator.toString()).contains("issuers.partners={").contains("jwt.profile=rfc9068")
          .contains("issuers.legacy={").doesNotContain(SECRET);
    }
  }

  @Test
  void withoutGroupsTheDefaultIssuerIsTheOnlyOne() {
    try (TokenValidator validator = TokenValidator.fromProperties(defaultIssuer())) {
      assertThat(validator.issuers()).containsExactly(new ConfiguredIssuer("default", TokenFormat.OPAQUE, null));
    }
  }

  @Test
  void environmentVariablesNameTheGroupInUpperCase() {
    Map<String, String> environment = new HashMap<>();
    environment.put("TOKENVALIDATOR_SERVER_URL", "http://127.0.0.1:9080/mfp/api");
    environment.put("TOKENVALIDATOR_CLIENT_ID", "rs");
    environment.put("TOKENVALIDATOR_CLIENT_SECRET", SECRET);
    environment.put("TOKENVALIDATOR_ISSUERS_PARTNERS2_TOKEN_FORMAT", "jwt");
    environment.put("TOKENVALIDATOR_ISSUERS_PARTNERS2_ISSUER", "https://partners.example.com");
    environment.put("TOKENVALIDATOR_ISSUERS_PARTNERS2_JWKS_MAX_AGE_FLOOR", "1m");
    try (TokenValidator validator = TokenValidator.fromEnvironment(environment)) {
      assertThat(validator.issuers()).extracting(ConfiguredIssuer::name).containsExactly("default", "partners2");
      assertThat(validator.toString()).contains("jwks.max-age-floor=PT1M");
    }
  }

  @Test
  void aGroupInheritsNothingFromTheDefaultIssuer() {
    Map<String, String> properties = defaultIssuer();
    properties.put("tokenvalidator.issuers.copy.server-url", "http://localhost:9081/mfp/api");
    // the default issuer's client-id and client-secret are not the group's: credentials never carry over
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.issuers.copy.client-id: is required")
        .satisfies(e -> assertThat(((InvalidConfigurationException) e).key()).isEqualTo("issuers.copy.client-id"));
  }

  @Test
  void aGroupTakesTodaysDefaults() {
    Map<String, String> properties = defaultIssuer();
    properties.put("tokenvalidator.jwt.algorithms", "RS256");
    properties.put("tokenvalidator.issuers.p.token-format", "jwt");
    properties.put("tokenvalidator.issuers.p.issuer", "https://p.example.com");
    try (TokenValidator validator = TokenValidator.fromProperties(properties)) {
      assertThat(validator.toString()).contains("issuers.p={")
          .contains("jwt.algorithms=[RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA]");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tokenvalidator.issuers.p.token-format | jwks | tokenvalidator.issuers.p.token-format: ",
      "tokenvalidator.issuers.p.jwks-uri | not a url | tokenvalidator.issuers.p.jwks-uri: ",
      "tokenvalidator.issuers.p.jwt.algorithms | HS256 | tokenvalidator.issuers.p.jwt.algorithms: names an algorithm",
      "tokenvalidator.issuers.p.jwks.refresh-interval | soon | tokenvalidator.issuers.p.jwks.refresh-interval: ",
      "tokenvalidator.issuers.Partners.issuer | https://x.example.com | tokenvalidator.issuers.Partners.issuer: an issuer group's name is lower-case",
      "tokenvalidator.issuers.my-partners.issuer | https://x.example.com | tokenvalidator.issuers.my-partners.issuer: an issuer group's name",
      "tokenvalidator.issuers.default.issuer | https://x.example.com | tokenvalidator.issuers.default.issuer: 'default' names",
      "tokenvalidator.issuers.p | jwt | tokenvalidator.issuers.p: unknown setting: an issuer group's settings are",
      "tokenvalidator.issuers.p.cache.max-ttl | 5m | tokenvalidator.issuers.p.cache.max-ttl: applies to the whole validator, not to one issuer: set tokenvalidator.cache.max-ttl",
      "tokenvalidator.issuers.p.clock-skew | 5s | tokenvalidator.issuers.p.clock-skew: applies to the whole validator",
      "tokenvalidator.issuers.p.isuer | https://x.example.com | tokenvalidator.issuers.p.isuer: unknown issuer setting; did you mean issuer?",
  })
  void aFaultyGroupSettingIsNamedInFull(String key, String value, String message) {
    Map<String, String> properties = defaultIssuer();
    properties.put(key, value);
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "TOKENVALIDATOR_ISSUERS_P_TOKEN_FORMAT | jwks | TOKENVALIDATOR_ISSUERS_P_TOKEN_FORMAT (tokenvalidator.issuers.p.token-format): ",
      "TOKENVALIDATOR_ISSUERS_P_CACHE_MAX_TTL | 5m | TOKENVALIDATOR_ISSUERS_P_CACHE_MAX_TTL: applies to the whole validator, not to one issuer: set TOKENVALIDATOR_CACHE_MAX_TTL",
      "TOKENVALIDATOR_ISSUERS_P_CLIENTID | x | TOKENVALIDATOR_ISSUERS_P_CLIENTID: unknown issuer setting; did you mean CLIENT_ID?",
      "TOKENVALIDATOR_ISSUERS_Px_ISSUER | https://x.example.com | TOKENVALIDATOR_ISSUERS_Px_ISSUER: an issuer group's name",
      "TOKENVALIDATOR_ISSUERS_P | x | TOKENVALIDATOR_ISSUERS_P: unknown setting: an issuer group's variables are",
  })
  void aFaultyGroupVariableIsNamedAsWritten(String name, String value, String message) {
    Map<String, String> environment = new HashMap<>();
    environment.put("TOKENVALIDATOR_SERVER_URL", "http://127.0.0.1:9080/mfp/api");
    environment.put("TOKENVALIDATOR_CLIENT_ID", "rs");
    environment.put("TOKENVALIDATOR_CLIENT_SECRET", SECRET);
    environment.put(name, value);
    assertThatThrownBy(() -> TokenValidator.fromEnvironment(environment))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void aGroupsBuildTimeErrorNamesItsVariable() {
    Map<String, String> environment = new HashMap<>();
    environment.put("TOKENVALIDATOR_SERVER_URL", "http://127.0.0.1:9080/mfp/api");
    environment.put("TOKENVALIDATOR_CLIENT_ID", "rs");
    environment.put("TOKENVALIDATOR_CLIENT_SECRET", SECRET);
    environment.put("TOKENVALIDATOR_ISSUERS_P_TOKEN_FORMAT", "jwt");
    assertThatThrownBy(() -> TokenValidator.fromEnvironment(environment))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.issuers.p.issuer: is required for token-format jwt");
    environment.put("TOKENVALIDATOR_ISSUERS_P_ISSUER", "http://partners.example.com");
    assertThatThrownBy(() -> TokenValidator.fromEnvironment(environment))
        .hasMessageStartingWith("TOKENVALIDATOR_ISSUERS_P_ISSUER (tokenvalidator.issuers.p.issuer): http:// is only allowed");
  }

  @Test
  void twoIssuersWithOneIssuerValueAreRefusedNamingBothKeys() {
    Map<String, String> properties = defaultIssuer();
    properties.put("tokenvalidator.issuers.a.token-format", "jwt");
    properties.put("tokenvalidator.issuers.a.issuer", "https://idp.example.com");
    properties.put("tokenvalidator.issuers.b.token-format", "jwt");
    properties.put("tokenvalidator.issuers.b.issuer", "https://idp.example.com");
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.issuers.b.issuer: names the same issuer as"
            + " tokenvalidator.issuers.a.issuer (https://idp.example.com)");

    Map<String, String> withDefault = new HashMap<>();
    withDefault.put("tokenvalidator.token-format", "jwt");
    withDefault.put("TOKENVALIDATOR_ISSUER", "ignored: not a property");
    withDefault.put("tokenvalidator.issuer", "https://idp.example.com");
    withDefault.put("tokenvalidator.issuers.b.token-format", "jwt");
    withDefault.put("tokenvalidator.issuers.b.issuer", "https://idp.example.com");
    assertThatThrownBy(() -> TokenValidator.fromProperties(withDefault))
        .hasMessageStartingWith("tokenvalidator.issuers.b.issuer: names the same issuer as tokenvalidator.issuer");
  }

  @Test
  void aGroupsSecretIsNeverRepeated() {
    Map<String, String> properties = defaultIssuer();
    properties.put("tokenvalidator.issuers.x.introspection-endpoint", "http://localhost:8081/introspect");
    properties.put("tokenvalidator.issuers.x.client-id", "x-rs");
    properties.put("tokenvalidator.issuers.x.client-secret", "   ");
    assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
        .hasMessageStartingWith("tokenvalidator.issuers.x.client-secret: ");
    properties.put("tokenvalidator.issuers.x.client-secret", "x-" + SECRET);
    try (TokenValidator validator = TokenValidator.fromProperties(properties)) {
      assertThat(validator.toString()).doesNotContain(SECRET).contains("client-secret=****");
      assertThat(validator.issuers()).extracting(ConfiguredIssuer::name).isEqualTo(List.of("default", "x"));
    }
  }
}
