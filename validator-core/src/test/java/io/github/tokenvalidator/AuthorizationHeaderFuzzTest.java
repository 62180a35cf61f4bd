package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.fuzz.FuzzInput;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes what a client controls: the {@code Authorization} values and the raw query, through the public
 * {@code validate}, {@code validateAsync} and {@code validateRequest}. Nothing may escape them, and each
 * answer must be the one the header grammar (written again here, as a regular expression) calls for.
 *
 * <p>The authorization server is a closed loopback port behind a failure gate that never reopens (the
 * ticker stands still): the first well-formed token fails to connect, every later one fails fast with 503,
 * so no input reaches a server and a run makes no network traffic.
 */
class AuthorizationHeaderFuzzTest {
  private static final int MAX_TOKEN_LENGTH = 256;
  private static final Pattern BEARER = Pattern.compile("[ \t]*(?i:bearer)(?:[ \t]+(.*?))?[ \t]*", Pattern.DOTALL);
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
  private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7E]*");
  private static final Pattern ESCAPE = Pattern.compile("%([0-9A-Fa-f]{2})");

  private static TokenValidator validator;

  @BeforeAll
  static void start() throws IOException {
    FuzzInput.quietLogs();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    validator = TokenValidator.builder()
        .introspectionEndpoint("http://127.0.0.1:" + closedPort + "/introspect")
        .clientCredentials("rs", "secret")
        .maxTokenLength(MAX_TOKEN_LENGTH)
        .failureThreshold(1)
        .failureBackoff(Duration.ofDays(365))
        .connectTimeout(Duration.ofSeconds(2))
        .ticker(() -> 0L)
        .eagerStart(false)
        .build();
    // the one connection attempt of the run, before any fuzzing: from here on the gate fails fast
    assertThat(validator.validate("Bearer warm-up").error().kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @AfterAll
  static void stop() {
    validator.close();
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "header.dict")
  void header(byte[] input) {
    String text = FuzzInput.text(input);
    Kind expected = expectedKind(text);

    check(validator.validate(text), expected);
    check(validator.validate(text, "scope:a"), expected);
    check(validator.validateAsync(text, Scope.empty()).orTimeout(10, TimeUnit.SECONDS).join(), expected);
    check(validator.validateRequest(List.of(text), null, Scope.empty()), expected);

    // NUL parts the same text into several Authorization values: two or more are refused as a request
    List<String> values = Arrays.asList(text.split("\u0000", -1));
    ValidationResult several = validator.validateRequest(values, null, Scope.empty());
    check(several, values.size() > 1 ? Kind.INVALID_REQUEST : expected);

    // the same text as a raw query, without and with a header
    boolean hasAccessToken = hasAccessTokenParameter(text);
    check(validator.validateRequest(List.of(), text, Scope.empty()),
        hasAccessToken ? Kind.INVALID_REQUEST : Kind.MISSING_TOKEN);
    check(validator.validateRequestAsync(List.of("Bearer abc"), text, Scope.empty())
        .orTimeout(10, TimeUnit.SECONDS).join(), hasAccessToken ? Kind.INVALID_REQUEST : Kind.UNAVAILABLE);
  }

  private static void check(ValidationResult result, Kind expected) {
    assertThat(result).isNotNull();
    assertThat(result.isValid()).isFalse();
    AuthenticationError error = result.error();
    assertThat(error.kind()).as(result.toString()).isEqualTo(expected);
    // what goes back to the client: a challenge where due, and headers and a description of printable
    // ASCII whatever the client sent (no header injection)
    assertThat(error.wwwAuthenticate() == null).isEqualTo(expected == Kind.UNAVAILABLE);
    for (String value : error.headers().values()) {
      assertThat(value).matches(PRINTABLE_ASCII);
    }
    assertThat(error.description()).matches(PRINTABLE_ASCII);
    assertThat(error.jsonBody()).startsWith("{\"error\":\"" + expected.errorCode() + "\"");
  }

  /**
   * RFC 6750 §2.1, independently of the validator's parser: another scheme (or none) is a missing token;
   * Bearer with anything but one b64token of at most the maximum length is an invalid one; a well-formed
   * token goes to the server, which cannot be reached.
   */
  private static Kind expectedKind(String header) {
    Matcher bearer = BEARER.matcher(header);
    if (!bearer.matches()) {
      return Kind.MISSING_TOKEN;
    }
    String token = bearer.group(1);
    if (token == null || token.length() > MAX_TOKEN_LENGTH || !B64TOKEN.matcher(token).matches()) {
      return Kind.INVALID_TOKEN;
    }
    return Kind.UNAVAILABLE;
  }

  /** A parameter named {@code access_token} once each %XX of its name is decoded; {@code &} or {@code ;} part them. */
  private static boolean hasAccessTokenParameter(String query) {
    for (String parameter : query.split("[&;]", -1)) {
      int equals = parameter.indexOf('=');
      String name = equals < 0 ? parameter : parameter.substring(0, equals);
      StringBuilder decoded = new StringBuilder();
      Matcher escape = ESCAPE.matcher(name);
      while (escape.find()) {
        escape.appendReplacement(decoded,
            Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escape.group(1), 16))));
      }
      escape.appendTail(decoded);
      if (decoded.toString().equals("access_token")) {
        return true;
      }
    }
    return false;
  }
}
