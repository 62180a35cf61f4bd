package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {

  @Test
  void parsesSpaceSeparatedElementsKeepingFirstOrderWithoutDuplicates() {
    Scope scope = Scope.of("  b a  b c ");
    assertThat(scope.elements()).containsExactly("b", "a", "c");
    assertThat(scope).hasToString("b a c");
  }

  @Test
  void emptyStringIsTheEmptyScopeAndEveryScopeCoversIt() {
    assertThat(Scope.of("   ").isEmpty()).isTrue();
    assertThat(Scope.empty().covers(Scope.empty())).isTrue();
    assertThat(Scope.of("a").covers(Scope.empty())).isTrue();
  }

  @Test
  void scopesWithSameElementsInAnyOrderAreEqual() {
    assertThat(Scope.of("a b")).isEqualTo(Scope.of("b a")).hasSameHashCodeAs(Scope.of("b a"));
  }

  @ParameterizedTest(name = "granted \"{0}\" covers \"{1}\": {2}")
  @CsvSource(delimiter = '|', value = {
      "accessRestricted | accessRestricted | true",
      "accessRestricted | accessrestricted | false",
      "a b c | a c | true",
      "a b | a b c | false",
      "* | anything at all | true",
      "send* | sendMessage | true",
      "send* | send | true",
      "send* | resend | false",
      "push.application.* | push.application.com.sample.App | true",
      "push.application.* | push.applications | false",
      "*.write | messages.write | true",
      "*.write | messages.writer | false",
      "a*b*c | abc | true",
      "a*b*c | aXXbYYc | true",
      "a*b*c | acb | false",
      "a*b*c | aXbXcXc | true",
      "**a** | bab | true",
      "a*a | a | false",
      "a*a | aa | true",
      "ab*ba | aba | false",
      "messages.write push.application.* | messages.write push.application.x | true",
      "messages.write push.application.* | messages.write push.x | false",
      "x*y | x*y | true",
  })
  void grantedScopeCoversRequiredScopeWithWildcards(String granted, String required, boolean covers) {
    assertThat(Scope.of(granted).covers(Scope.of(required))).isEqualTo(covers);
  }

  @Test
  void asteriskInRequiredScopeIsLiteral() {
    assertThat(Scope.of("send").covers(Scope.of("s*"))).isFalse();
    assertThat(Scope.of("s*").covers(Scope.of("s*"))).isTrue();
  }

  @Test
  @Timeout(10)
  void pathologicalPatternAgainstLongElementFinishesInLinearTime() {
    // A backtracking matcher takes exponential time on this; a regex takes quadratic or worse.
    String pattern = "a*".repeat(5_000) + "b";
    String element = "a".repeat(200_000);
    Scope granted = Scope.of(pattern);
    for (int i = 0; i < 20; i++) {
      assertThat(granted.covers(element)).isFalse();
    }
    assertThat(Scope.of("*" + "ab".repeat(2_000) + "*c").covers("ab".repeat(100_000) + "c")).isTrue();
    assertThat(Scope.of("*" + "a".repeat(3_000) + "b*").covers("a".repeat(300_000))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\"b", "a\\b", "caf\u00e9", "tab\there", "new\nline", "nul\u0000"})
  void refusesElementsOutsideRfc6749Grammar(String scope) {
    assertThatThrownBy(() -> Scope.of(scope)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RFC 6749");
  }

  @Test
  void refusesEmptyOrSpacedElementsInCollections() {
    assertThatThrownBy(() -> Scope.of(List.of("a", ""))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Scope.of(List.of("a b"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(Scope.of(List.of("a", "b"))).isEqualTo(Scope.of("a b"));
  }
}
