package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An {@code Authorization} value of any Java characters (surrogate pairs, lone surrogates, characters above
 * U+00FF, as a framework decoding headers as UTF-8 hands them over) is refused with 401, never an exception,
 * and never reaches the authorization server.
 */
class NonLatin1HeaderTest {
  private static final String TOKEN = "mF_9.B5f-4.1JqM";
  private static MockAuthorizationServer server;
  private static TokenValidator validator;

  @BeforeAll
  static void start() {
    server = MockAuthorizationServer.start().activeToken(TOKEN, "accessRestricted", "alice");
    validator = server.validatorBuilder().build();
    // cached, so that a look-alike header that digested to the same key would be answered valid
    assertThat(validator.validate("Bearer " + TOKEN).isValid()).isTrue();
  }

  @AfterAll
  static void stop() {
    validator.close();
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Bearer \uD83D\uDE00", // an emoji: one code point, two chars
      "Bearer abc\uD83D\uDE00def",
      "Bearer " + TOKEN + "\uD83D\uDE00",
      "Bearer \uD83D\uDE00\uD83D\uDE00\uD83D\uDE00" + TOKEN,
      "Bearer " + TOKEN + " \uD83D\uDE00",
      "Bearer \uD83D", // a lone high surrogate
      "Bearer \uDE00abc", // a lone low surrogate
      "Bearer \uDE00\uD83D", // a reversed pair
      "Bearer \u4E2D\u6587", // CJK, above U+00FF
      "Bearer \u0100", // low byte 0x00
      "Bearer t\u00f6ken", // Latin-1, not a token character
      "Bearer \uFFFD\uFFFF"})
  void everyCharacterGets401AndNoException(String header) {
    int calls = server.introspectionCount();
    assertInvalidToken(validator.validate(header));
    assertInvalidToken(validator.validate(header, "accessRestricted"));
    assertInvalidToken(validator.validateAsync(header, Scope.empty()).orTimeout(10, TimeUnit.SECONDS).join());
    assertInvalidToken(validator.validateRequest(List.of(header), null, Scope.empty()));
    assertInvalidToken(validator.validateRequestAsync(List.of(header), null, Scope.empty())
        .orTimeout(10, TimeUnit.SECONDS).join());
    assertThat(server.introspectionCount()).isEqualTo(calls);
  }

  /** Each character of the cached token in turn shifted above U+00FF, keeping its low byte. */
  @ParameterizedTest
  @ValueSource(ints = {0x100, 0x4100, 0xD800, 0xDC00, 0xFF00})
  void aLookAlikeOfACachedTokenIsNotAnsweredFromTheCache(int shift) {
    for (int i = 0; i < TOKEN.length(); i++) {
      char[] chars = TOKEN.toCharArray();
      chars[i] = (char) (chars[i] + shift);
      String header = "Bearer " + new String(chars);
      assertInvalidToken(validator.validate(header, "accessRestricted"));
      assertInvalidToken(validator.validateAsync(header, Scope.empty()).orTimeout(10, TimeUnit.SECONDS).join());
    }
  }

  private static void assertInvalidToken(ValidationResult result) {
    assertThat(result.isValid()).as(result.toString()).isFalse();
    assertThat(result.error().kind()).isEqualTo(Kind.INVALID_TOKEN);
    assertThat(result.error().status()).isEqualTo(401);
  }
}
