package io.github.tokenvalidator.liberty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a usr_tokenValidatorTAI element, as Liberty's configuration admin hands it over, becomes settings and rules. */
class InterceptorConfigurationTest {

  /**
   * The element of MobileFirst's TAI tutorial, renamed, as Liberty flattens it. Liberty hands clientSecret over
   * as a protected string, which cannot be made outside Liberty: InterceptorConfiguration.text reads it (decoding
   * securityUtility's {xor}), as LibertyServerTest's server.xml exercises.
   */
  private static Map<String, Object> tutorialElement() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("id", "myOAuthTAI");
    properties.put("service.pid", "io.github.tokenvalidator.liberty.tai_12");
    properties.put("config.displayId", "usr_tokenValidatorTAI[myOAuthTAI]");
    properties.put("authorizationURL", "http://localhost:9080/mfp/api");
    properties.put("clientId", "ExternalResourceId");
    properties.put("clientSecret", "ExternalResourcePass");
    properties.put("cacheSize", 500L);
    properties.put("securityConstraint", new String[] {"io.github.tokenvalidator.liberty.tai.securityConstraint_13"});
    properties.put("securityConstraint.0.httpMethods", "GET POST");
    properties.put("securityConstraint.0.scope", "accessRestricted");
    properties.put("securityConstraint.0.securedURLs", "/TAI/GetBalance");
    properties.put("securityConstraint.0.config.referenceType", "io.github.tokenvalidator.liberty.tai.securityConstraint");
    properties.put("subjectRealm", "tokenvalidator");
    return properties;
  }

  @Test
  void theOldAttributesBecomeCoreSettings() {
    InterceptorConfiguration configuration = InterceptorConfiguration.from(tutorialElement());
    assertThat(configuration.id()).isEqualTo("myOAuthTAI");
    assertThat(configuration.settings()).containsOnly(
        Map.entry("tokenvalidator.server-url", "http://localhost:9080/mfp/api"),
        Map.entry("tokenvalidator.client-id", "ExternalResourceId"),
        Map.entry("tokenvalidator.client-secret", "ExternalResourcePass"),
        Map.entry("tokenvalidator.cache.max-size", "500"));
    assertThat(configuration.subjectRealm()).isEqualTo("tokenvalidator");
    try (TokenValidator validator = TokenValidator.fromProperties(configuration.settings())) {
      assertThat(validator.toString()).doesNotContain("ExternalResourcePass");
    }
  }

  @Test
  void securityConstraintsBecomeRulesWithTheContextRootAndLeaveOtherRequestsAlone() {
    Map<String, Object> properties = tutorialElement();
    properties.put("securityConstraint.1.securedURLs", "/TAI/admin/* *.report");
    properties.put("securityConstraint.1.scope", "admin audit");
    properties.put("securityConstraint.2.securedURLs", "/TAI/me");
    properties.put("securityConstraint.2.httpMethods", "all");
    var rules = InterceptorConfiguration.from(properties).rules();

    assertThat(rules.requiredScope("GET", "/TAI/GetBalance")).isEqualTo(Scope.of("accessRestricted"));
    assertThat(rules.requiredScope("post", "/TAI/GetBalance")).isEqualTo(Scope.of("accessRestricted"));
    assertThat(rules.requiredScope("DELETE", "/TAI/GetBalance")).isNull();
    assertThat(rules.requiredScope("PUT", "/TAI/admin/users")).isEqualTo(Scope.of("admin audit"));
    assertThat(rules.requiredScope("GET", "/TAI/x/q.report")).isEqualTo(Scope.of("admin audit"));
    assertThat(rules.requiredScope("DELETE", "/TAI/me")).isEqualTo(Scope.empty());
    assertThat(rules.requiredScope("GET", "/TAI/other")).isNull();
    assertThat(rules.requiredScope("GET", "/GetBalance")).isNull();
  }

  @Test
  void aConstraintsIssuersAreItsRulesIssuers() {
    Map<String, Object> properties = tutorialElement();
    properties.put("securityConstraint.1.securedURLs", "/TAI/partners/*");
    properties.put("securityConstraint.1.issuers", "partners, legacy");
    var rules = InterceptorConfiguration.from(properties).rules();
    assertThat(rules.requiredIssuers("GET", "/TAI/partners/x")).containsExactly("partners", "legacy");
    assertThat(rules.requiredIssuers("GET", "/TAI/GetBalance")).isEmpty();
  }

  @Test
  void constraintsKeepTheirOrderPastTen() {
    Map<String, Object> properties = tutorialElement();
    for (int i = 1; i <= 11; i++) {
      properties.put("securityConstraint." + i + ".securedURLs", "/TAI/*");
      properties.put("securityConstraint." + i + ".scope", "scope" + i);
    }
    assertThat(InterceptorConfiguration.from(properties).rules().requiredScope("GET", "/TAI/x"))
        .isEqualTo(Scope.of("scope1"));
  }

  @Test
  void tokenvalidatorSettingsPassThroughAndMayNotRepeatAnOldAttribute() {
    Map<String, Object> properties = tutorialElement();
    properties.put("tokenvalidator.realm", "bank");
    properties.put("tokenvalidator.cache.max-ttl", "1m");
    assertThat(InterceptorConfiguration.from(properties).settings())
        .containsEntry("tokenvalidator.realm", "bank").containsEntry("tokenvalidator.cache.max-ttl", "1m");

    properties.put("tokenvalidator.client-secret", "another-secret");
    assertThatThrownBy(() -> InterceptorConfiguration.from(properties))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("usr_tokenValidatorTAI myOAuthTAI")
        .hasMessageContaining("tokenvalidator.client-secret")
        .hasMessageNotContaining("another-secret").hasMessageNotContaining("ExternalResourcePass");
  }

  @Test
  void mistakesNameTheAttribute() {
    Map<String, Object> typo = tutorialElement();
    typo.put("authorizationUrl", "http://localhost:9080/mfp/api");
    assertThatThrownBy(() -> InterceptorConfiguration.from(typo))
        .hasMessageContaining("has no attribute \"authorizationUrl\"");

    Map<String, Object> none = tutorialElement();
    none.keySet().removeIf(key -> key.startsWith("securityConstraint."));
    assertThatThrownBy(() -> InterceptorConfiguration.from(none))
        .hasMessageContaining("has no securityConstraint element");

    Map<String, Object> noUrls = tutorialElement();
    noUrls.remove("securityConstraint.0.securedURLs");
    assertThatThrownBy(() -> InterceptorConfiguration.from(noUrls))
        .hasMessageContaining("securityConstraint 1: securedURLs is required");

    Map<String, Object> middleWildcard = tutorialElement();
    middleWildcard.put("securityConstraint.0.securedURLs", "/TAI/*/xyz");
    assertThatThrownBy(() -> InterceptorConfiguration.from(middleWildcard))
        .hasMessageContaining("securityConstraint 1: securedURLs: * may only end a /prefix/* pattern")
        .isInstanceOfSatisfying(InterceptorConfiguration.Unreadable.class, e -> assertThat(e.attribute())
            .isEqualTo("usr_tokenValidatorTAI myOAuthTAI securityConstraint 1 securedURLs"));

    Map<String, Object> badMethod = tutorialElement();
    badMethod.put("securityConstraint.0.httpMethods", "GET PO(ST");
    assertThatThrownBy(() -> InterceptorConfiguration.from(badMethod))
        .hasMessageContaining("securityConstraint 1: httpMethods:")
        .isInstanceOfSatisfying(InterceptorConfiguration.Unreadable.class, e -> assertThat(e.attribute())
            .isEqualTo("usr_tokenValidatorTAI myOAuthTAI securityConstraint 1 httpMethods"));

    Map<String, Object> badRealm = tutorialElement();
    badRealm.put("subjectRealm", "a/b");
    assertThatThrownBy(() -> InterceptorConfiguration.from(badRealm)).hasMessageContaining("subjectRealm");
  }
}
