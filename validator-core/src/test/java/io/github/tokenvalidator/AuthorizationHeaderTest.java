package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shape of {@code Authorization} header gets a defined answer and none an exception. */
class AuthorizationHeaderTest {
  private static final String TOKEN = "mF_9.B5f-4.1JqM";
  private static final String PADDED = "YWJjZA==";
  private static MockAuthorizationServer server;
  private static TokenValidator validator;

  @BeforeAll
  static void start() {
    server = MockAuthorizationServer.start()
        .activeToken(TOKEN, "accessRestricted", "alice")
        .activeToken(PADDED, "accessRestricted", "bob")
        .activeToken("a~+/b", "accessRestricted", "carol");
    validator = server.validatorBuilder().maxTokenLength(4096).build();
  }

  @AfterAll
  static void stop() {
    validator.close();
    server.close();
  }

  static Stream<Arguments> headers() {
    String valid = null;
    return Stream.of(
        Arguments.of("absent header", null, Kind.MISSING_TOKEN),
        Arguments.of("empty header", "", Kind.MISSING_TOKEN),
        Arguments.of("blank header", "   ", Kind.MISSING_TOKEN),
        Arguments.of("Basic scheme", "Basic dGVzdDp0ZXN0", Kind.MISSING_TOKEN),
        Arguments.of("Digest scheme", "Digest username=\"x\"", Kind.MISSING_TOKEN),
        Arguments.of("scheme glued to token", "Bearer" + TOKEN, Kind.MISSING_TOKEN),
        Arguments.of("huge glued scheme", "Bearer" + "x".repeat(1_000_000), Kind.MISSING_TOKEN),
        Arguments.of("token then tab then garbage", "Bearer " + TOKEN + "\tx", Kind.INVALID_TOKEN),
        Arguments.of("scheme with colon", "Bearer: " + TOKEN, Kind.MISSING_TOKEN),
        Arguments.of("MAC scheme", "MAC id=\"h480djs93hd8\"", Kind.MISSING_TOKEN),
        Arguments.of("Turkish dotted capital in scheme", "BEAR\u0130R " + TOKEN, Kind.MISSING_TOKEN),
        Arguments.of("non-ASCII look-alike scheme", "B\u0435arer " + TOKEN, Kind.MISSING_TOKEN),
        Arguments.of("scheme only", "Bearer", Kind.INVALID_TOKEN),
        Arguments.of("scheme and space only", "Bearer ", Kind.INVALID_TOKEN),
        Arguments.of("scheme and spaces only", "Bearer      ", Kind.INVALID_TOKEN),
        Arguments.of("two tokens", "Bearer " + TOKEN + " " + TOKEN, Kind.INVALID_TOKEN),
        Arguments.of("comma-separated credentials", "Bearer " + TOKEN + ", Basic abc", Kind.INVALID_TOKEN),
        Arguments.of("quoted token", "Bearer \"" + TOKEN + "\"", Kind.INVALID_TOKEN),
        Arguments.of("token with comma", "Bearer abc,def", Kind.INVALID_TOKEN),
        Arguments.of("token with non-ASCII", "Bearer t\u00f6ken", Kind.INVALID_TOKEN),
        Arguments.of("token with CR LF", "Bearer abc\r\nX-Injected: 1", Kind.INVALID_TOKEN),
        Arguments.of("token with NUL", "Bearer abc\u0000def", Kind.INVALID_TOKEN),
        Arguments.of("padding in the middle", "Bearer ab=cd", Kind.INVALID_TOKEN),
        Arguments.of("padding only", "Bearer ===", Kind.INVALID_TOKEN),
        Arguments.of("token too long", "Bearer " + "a".repeat(4097), Kind.INVALID_TOKEN),
        Arguments.of("huge header", "Bearer " + "a".repeat(1_000_000), Kind.INVALID_TOKEN),
        Arguments.of("huge header of spaces", "Bearer" + " ".repeat(1_000_000) + "x", Kind.INVALID_TOKEN),
        Arguments.of("unknown well-formed token", "Bearer unknown-token", Kind.INVALID_TOKEN),
        Arguments.of("canonical", "Bearer " + TOKEN, valid),
        Arguments.of("lower-case scheme", "bearer " + TOKEN, valid),
        Arguments.of("upper-case scheme", "BEARER " + TOKEN, valid),
        Arguments.of("mixed-case scheme", "bEaReR " + TOKEN, valid),
        Arguments.of("extra spaces between", "Bearer     " + TOKEN, valid),
        Arguments.of("tab between", "Bearer\t" + TOKEN, valid),
        Arguments.of("leading and trailing blanks", "  Bearer " + TOKEN + " \t ", valid),
        Arguments.of("trailing padding", "Bearer " + PADDED, valid),
        Arguments.of("all b64token punctuation", "Bearer a~+/b", valid),
        Arguments.of("longest allowed token is still only looked up", "Bearer " + "a".repeat(4096), Kind.INVALID_TOKEN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headers")
  void everyHeaderHasADefinedAnswer(String name, String header, Kind expected) {
    ValidationResult result = validator.validate(header, "accessRestricted");
    if (expected == null) {
      assertThat(result.isValid()).as(result.toString()).isTrue();
    } else {
      assertThat(result.isValid()).isFalse();
      assertThat(result.error().kind()).isEqualTo(expected);
    }
  }
}
