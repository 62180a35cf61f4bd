package io.github.tokenvalidator.servlet;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityRulesTest {
  private static final Scope PERMITTED = null;

  @Test
  void firstMatchingRuleWins() {
    SecurityRules rules = SecurityRules.parse("/admin/health permit; /admin/* admin; /admin/health other");

    assertThat(rules.requiredScope("GET", "/admin/health")).isEqualTo(PERMITTED);
    assertThat(rules.requiredScope("GET", "/admin/users")).isEqualTo(Scope.of("admin"));
  }

  @Test
  void exactPatternMatchesOnlyThatPath() {
    SecurityRules rules = SecurityRules.parse("/api/balance accessRestricted");

    assertThat(rules.requiredScope("GET", "/api/balance")).isEqualTo(Scope.of("accessRestricted"));
    assertThat(rules.requiredScope("GET", "/api/balance/")).isEqualTo(Scope.empty());
    assertThat(rules.requiredScope("GET", "/api/balances")).isEqualTo(Scope.empty());
    assertThat(rules.requiredScope("GET", "/api")).isEqualTo(Scope.empty());
  }

  @Test
  void prefixPatternMatchesThePrefixAndEverythingBelowItOnly() {
    SecurityRules rules = SecurityRules.parse("/admin/* admin");

    assertThat(rules.requiredScope("GET", "/admin")).isEqualTo(Scope.of("admin"));
    assertThat(rules.requiredScope("GET", "/admin/")).isEqualTo(Scope.of("admin"));
    assertThat(rules.requiredScope("GET", "/admin/users/7")).isEqualTo(Scope.of("admin"));
    assertThat(rules.requiredScope("GET", "/administrator")).isEqualTo(Scope.empty());
    assertThat(rules.requiredScope("GET", "/ADMIN")).isEqualTo(Scope.empty());
  }

  @Test
  void extensionPatternMatchesTheLastSegmentAsContainersDo() {
    SecurityRules rules = SecurityRules.parse("*.pdf statements");

    assertThat(rules.requiredScope("GET", "/a/b/c.pdf")).isEqualTo(Scope.of("statements"));
    assertThat(rules.requiredScope("GET", "/.pdf")).isEqualTo(Scope.of("statements"));
    assertThat(rules.requiredScope("GET", "/c.pdf.txt")).isEqualTo(Scope.empty());
    assertThat(rules.requiredScope("GET", "/dir.pdf/c")).isEqualTo(Scope.empty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/*"})
  void defaultAndWildcardPatternsMatchEveryPath(String pattern) {
    SecurityRules rules = SecurityRules.parse("/health permit; " + pattern + " everything");

    assertThat(rules.requiredScope("GET", "/")).isEqualTo(Scope.of("everything"));
    assertThat(rules.requiredScope("GET", "/a/b.c")).isEqualTo(Scope.of("everything"));
    assertThat(rules.requiredScope("GET", "/health")).isEqualTo(PERMITTED);
  }

  @Test
  void unmatchedRequestsNeedAnyValidTokenUnlessPermitted() {
    assertThat(SecurityRules.parse("/health permit").requiredScope("GET", "/other")).isEqualTo(Scope.empty());
    assertThat(SecurityRules.authenticatedOnly().requiredScope("GET", "/other")).isEqualTo(Scope.empty());
    assertThat(SecurityRules.builder().rules("/admin/* admin").permitUnmatched().build().requiredScope("GET", "/other"))
        .isEqualTo(PERMITTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"permit", "PERMIT", " Permit\n"})
  void theUnmatchedPolicyIsReadIgnoringLetterCase(String policy) {
    assertThat(SecurityRules.builder().unmatched(policy).build().requiredScope("GET", "/other")).isEqualTo(PERMITTED);
  }

  @Test
  void theLastUnmatchedPolicyWinsAndOnlyItsTwoWordsAreAccepted() {
    assertThat(SecurityRules.builder().unmatched("permit").unmatched("Authenticated").build()
        .requiredScope("GET", "/other")).isEqualTo(Scope.empty());
    assertThatThrownBy(() -> SecurityRules.builder().unmatched("deny"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be authenticated or permit, not \"deny\"");
  }

  @Test
  void methodsRestrictARuleAndAreComparedIgnoringCase() {
    SecurityRules rules = SecurityRules.parse("post,Put /api/balance write; /api/balance read");

    assertThat(rules.requiredScope("POST", "/api/balance")).isEqualTo(Scope.of("write"));
    assertThat(rules.requiredScope("put", "/api/balance")).isEqualTo(Scope.of("write"));
    assertThat(rules.requiredScope("GET", "/api/balance")).isEqualTo(Scope.of("read"));
  }

  @Test
  void methodsMayBeSeparatedByCommasOrSpacesAsTheLibertyTaiWroteThem() {
    SecurityRules commas = SecurityRules.parse("GET,POST /GetBalance accessRestricted");
    SecurityRules spaces = SecurityRules.parse("GET POST /GetBalance accessRestricted");
    SecurityRules both = SecurityRules.parse("GET, POST /GetBalance accessRestricted");

    for (SecurityRules rules : new SecurityRules[] {commas, spaces, both}) {
      assertThat(rules.requiredScope("POST", "/GetBalance")).isEqualTo(Scope.of("accessRestricted"));
      assertThat(rules.requiredScope("DELETE", "/GetBalance")).isEqualTo(Scope.empty());
      assertThat(rules).hasToString("GET,POST /GetBalance accessRestricted");
    }
  }

  @Test
  void getRuleCoversHead() {
    SecurityRules rules = SecurityRules.parse("GET /api/balance accessRestricted");

    assertThat(rules.requiredScope("HEAD", "/api/balance")).isEqualTo(Scope.of("accessRestricted"));
    assertThat(rules.requiredScope("OPTIONS", "/api/balance")).isEqualTo(Scope.empty());
  }

  @Test
  void methodCaseIsFoldedTheSameInEveryLocale() {
    // the build runs tests under a Turkish locale, where "options".toUpperCase() is "OPTİONS"
    SecurityRules rules = SecurityRules.parse("options /api/* preflight");

    assertThat(rules.requiredScope("OPTIONS", "/api/x")).isEqualTo(Scope.of("preflight"));
    assertThat(rules.requiredScope("options", "/api/x")).isEqualTo(Scope.of("preflight"));
  }

  @Test
  void severalScopeElementsAreAllRequired() {
    SecurityRules rules = SecurityRules.parse("/admin/* admin audit");

    assertThat(rules.requiredScope("GET", "/admin/x")).isEqualTo(Scope.of("admin audit"));
  }

  @Test
  void authenticatedRequiresAnyValidToken() {
    SecurityRules rules = SecurityRules.builder().permitUnmatched().rules("/me authenticated").build();

    assertThat(rules.requiredScope("GET", "/me")).isEqualTo(Scope.empty());
    assertThat(rules.requiredScope("GET", "/other")).isEqualTo(PERMITTED);
  }

  @Test
  void rulesAreSeparatedBySemicolonsOrLinesAndBlankOnesAreSkipped() {
    SecurityRules rules = SecurityRules.parse("\n  /health permit ;;\r\n\t/admin/*\tadmin  \n\n");

    assertThat(rules).hasToString("/health permit; /admin/* admin");
  }

  @Test
  void builderAndTextFormMakeTheSameRules() {
    SecurityRules built = SecurityRules.builder()
        .require("/api/balance", Scope.of("accessRestricted"), "GET", "POST")
        .permit("/health")
        .require("/me", Scope.empty())
        .permit("/public/*", "GET")
        .permitUnmatched()
        .build();

    assertThat(built).hasToString(
        "GET,POST /api/balance accessRestricted; /health permit; /me authenticated; GET /public/* permit; /* permit");
    assertThat(SecurityRules.parse(built.toString())).hasToString(built.toString());
  }

  @Test
  void builderAcceptsScopesTheTextFormReservesAsWords() {
    SecurityRules rules = SecurityRules.builder().require("/odd", Scope.of("permit")).build();

    assertThat(rules.requiredScope("GET", "/odd")).isEqualTo(Scope.of("permit"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/admin/*",                     // no action
      "GET",                          // no pattern
      "admin/* admin",                // pattern without leading slash
      "/admin/*/x admin",             // star inside a pattern
      "/admin* admin",                // star not after a slash
      "* admin",                      // lone star
      "*. admin",                     // empty extension
      "*.tar.gz archive",             // containers never map a dotted extension
      "*.a/b admin",                  // slash in an extension
      "/a//b admin",                  // empty segment: never in a normalised path
      "/a/../b admin",                // dot-dot segment
      "/a/./b admin",                 // dot segment
      "/a/.. admin",                  // trailing dot-dot
      "/%61dmin admin",               // escapes: patterns are decoded paths
      "GE(T /x admin",                // not an HTTP method token
      "/x permit admin",              // permit beside scope elements
      "/x authenticated admin",       // authenticated beside scope elements
      "/x sco\"pe",                   // not an RFC 6749 scope token
  })
  void malformedRuleIsRefusedQuotingIt(String rule) {
    assertThatThrownBy(() -> SecurityRules.parse("/health permit; " + rule))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Malformed security rule \"" + rule.strip() + "\": ");
  }

  @Test
  void controlCharactersInAMalformedRuleAreNotRepeated() {
    assertThatThrownBy(() -> SecurityRules.parse("/x\u0007y admin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"/x?y admin\"");
  }

  @Test
  void aMalformedRuleAddsNoneOfItsText() {
    SecurityRules.Builder builder = SecurityRules.builder().rules("/a permit");

    assertThatThrownBy(() -> builder.rules("/b permit; broken")).isInstanceOf(IllegalArgumentException.class);

    assertThat(builder.build()).hasToString("/a permit");
  }

  @Test
  void builderRefusesMalformedPatternsAndMethods() {
    assertThatThrownBy(() -> SecurityRules.builder().permit("health"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("health");
    assertThatThrownBy(() -> SecurityRules.builder().permit("/health", "GET POST"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GET POST");
    assertThatThrownBy(() -> SecurityRules.builder().permit("/admin;x=y"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without ;parameters");
    assertThatThrownBy(() -> SecurityRules.builder().require("/x", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aRuleMayNameTheIssuersItAccepts() {
    SecurityRules rules = SecurityRules.parse("GET /partners/* orders.read issuers=partners,legacy;"
        + " /any/* authenticated issuers=default; /open permit; /mobile/* accessRestricted");

    assertThat(rules.requiredScope("GET", "/partners/1")).isEqualTo(Scope.of("orders.read"));
    assertThat(rules.requiredIssuers("GET", "/partners/1")).containsExactly("partners", "legacy");
    assertThat(rules.requiredScope("GET", "/any/x")).isEqualTo(Scope.empty());
    assertThat(rules.requiredIssuers("GET", "/any/x")).containsExactly("default");
    assertThat(rules.requiredIssuers("GET", "/mobile/x")).isEmpty();
    assertThat(rules.requiredIssuers("GET", "/open")).isEmpty();
    assertThat(rules.requiredIssuers("POST", "/partners/1")).isEmpty();
    assertThat(rules.toString()).isEqualTo("GET /partners/* orders.read issuers=partners,legacy;"
        + " /any/* authenticated issuers=default; /open permit; /mobile/* accessRestricted");
    assertThat(SecurityRules.parse(rules.toString()).toString()).isEqualTo(rules.toString());
    assertThat(SecurityRules.builder().require(List.of("legacy"), "/legacy/*", Scope.of("a")).build()
        .requiredIssuers("PUT", "/legacy/x")).containsExactly("legacy");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/open permit issuers=partners",
      "/x authenticated issuers=",
      "/x a issuers=Partners",
      "/x a issuers=partners,,legacy",
      "/x issuers=partners"})
  void malformedIssuersAreRefusedQuotingTheRule(String rule) {
    assertThatThrownBy(() -> SecurityRules.parse(rule)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Malformed security rule \"" + rule + "\"");
  }
}
