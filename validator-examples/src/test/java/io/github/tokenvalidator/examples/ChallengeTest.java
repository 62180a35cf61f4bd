package io.github.tokenvalidator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChallengeTest {

  @Test
  void schemeAloneHasNoParameters() {
    Challenge challenge = Challenge.parse("Bearer");

    assertThat(challenge.scheme()).isEqualTo("Bearer");
    assertThat(challenge.isBearer()).isTrue();
    assertThat(challenge.parameters()).isEmpty();
  }

  @Test
  void insufficientScopeChallengeNamesTheScopeWithItsSpaces() {
    Challenge challenge = Challenge.parse(
        "Bearer realm=\"bank\", error=\"insufficient_scope\", scope=\"RegisteredClient accessRestricted\"");

    assertThat(challenge.parameters()).containsExactly(Map.entry("realm", "bank"),
        Map.entry("error", "insufficient_scope"), Map.entry("scope", "RegisteredClient accessRestricted"));
  }

  @Test
  void quotedStringsLoseTheirEscapes() {
    Challenge challenge = Challenge.parse("Bearer realm=\"a \\\"quoted\\\" \\\\ realm\", error=\"\"");

    assertThat(challenge.parameter("realm")).isEqualTo("a \"quoted\" \\ realm");
    assertThat(challenge.parameter("error")).isEmpty();
  }

  @Test
  void tokenValuesWhitespaceAroundEqualsAndEmptyListElementsAreAccepted() {
    Challenge challenge = Challenge.parse("bearer  error = invalid_token ,, realm=x\t");

    assertThat(challenge.isBearer()).isTrue();
    assertThat(challenge.parameter("error")).isEqualTo("invalid_token");
    assertThat(challenge.parameter("realm")).isEqualTo("x");
  }

  @Test
  void parameterNamesAreCaseInsensitive() {
    assertThat(Challenge.parse("Bearer Error=\"invalid_token\"").parameter("ERROR")).isEqualTo("invalid_token");
  }

  @Test
  void aSecondChallengeIsLeftOut() {
    Challenge challenge = Challenge.parse("Bearer realm=\"api\", Basic realm=\"other\"");

    assertThat(challenge.parameters()).containsExactly(Map.entry("realm", "api"));
  }

  @Test
  void otherSchemesAreNotBearer() {
    assertThat(Challenge.parse("Basic realm=\"x\"").isBearer()).isFalse();
    assertThat(Challenge.parse("Bearerx").isBearer()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "=x", "\"Bearer\"", "Bearer error", "Bearer error=", "Bearer error=\"x",
      "Bearer error=\"x\" scope=\"y\"", "Bearer error=x, error=y", "Bearer error=\"a\u0001b\"",
      "Bearer error=\"x\\", "Bearer, error=x", "Bearer abc==", "Bear\u00e9r error=x"})
  void malformedHeadersAreRefusedWithAnIllegalArgumentException(String header) {
    assertThatThrownBy(() -> Challenge.parse(header)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noHeaderIsRefused() {
    assertThatThrownBy(() -> Challenge.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void arbitraryInputEitherParsesOrIsRefusedWithAnIllegalArgumentException() {
    Random random = new Random(20261121);
    String alphabet = "Bearer error=\"scope\\,\t x\u0000\u00e9";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder header = new StringBuilder();
      for (int length = random.nextInt(40); length > 0; length--) {
        header.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        Challenge challenge = Challenge.parse(header.toString());
        assertThat(challenge.scheme()).isNotEmpty();
      } catch (IllegalArgumentException expected) {
        // refused: the only other outcome allowed
      }
    }
  }
}
