package io.github.tokenvalidator.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormDataTest {

  @Test
  void parametersAreDecodedInTheirOrder() {
    assertThat(parse("grant_type=client_credentials&scope=a+b%20c&name=%C3%A9l%C3%A8ve"))
        .containsExactly(entry("grant_type", "client_credentials"), entry("scope", "a b c"),
            entry("name", "élève"));
  }

  @Test
  void emptySegmentsAreSkippedAndANameWithoutEqualsHasAnEmptyValue() {
    assertThat(parse("&a=1&&flag&b=&")).containsExactly(entry("a", "1"), entry("flag", ""), entry("b", ""));
  }

  @Test
  void emptyBodyHasNoParameters() {
    assertThat(parse("")).isEmpty();
  }

  @Test
  void equalsSignsAfterTheFirstBelongToTheValue() {
    assertThat(parse("token=abc==")).containsExactly(entry("token", "abc=="));
  }

  @Test
  void repeatedParameterIsRefusedNamingItButNotItsValue() {
    assertThatIllegalArgumentException().isThrownBy(() -> parse("client_secret=s3cr3t&client_secret=s3cr3t"))
        .withMessageContaining("\"client_secret\"")
        .withMessageNotContaining("s3cr3t");
  }

  @Test
  void repeatedParameterWithUnprintableNameIsRefusedWithoutEchoingIt() {
    assertThatIllegalArgumentException().isThrownBy(() -> parse("a%0Ab=1&a%0Ab=2"))
        .withMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=%", "a=%4", "a=%G1", "a=%%41", "a=%C3%28", "a=%FF", "=value"})
  void malformedFormIsRefused(String body) {
    assertThatIllegalArgumentException().isThrownBy(() -> parse(body));
  }

  @Test
  void randomBytesEitherParseOrAreRefusedWithIllegalArgumentException() {
    java.util.Random random = new java.util.Random(42);
    byte[] alphabet = "=&%+a0F".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 20_000; i++) {
      byte[] body = new byte[random.nextInt(24)];
      for (int j = 0; j < body.length; j++) {
        body[j] = random.nextInt(5) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
      }
      try {
        assertThat(FormData.parse(body)).doesNotContainKey("");
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  private static java.util.Map<String, String> parse(String body) {
    return FormData.parse(body.getBytes(StandardCharsets.UTF_8));
  }
}
