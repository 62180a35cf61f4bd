package io.github.tokenvalidator.internal.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.ValidationResult;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPolicyTest {
  private final RequestPolicy policy = new RequestPolicy("bank");

  @Test
  void oneHeaderAndAQueryWithoutATokenMayGoOn() {
    assertThat(policy.refusal(List.of("Bearer abc"), "a=1&b=2")).isNull();
    assertThat(policy.refusal(List.of("Bearer abc"), null)).isNull();
    assertThat(policy.refusal(List.of("Bearer abc"), "")).isNull();
  }

  @Test
  void noHeaderAndNoQueryTokenIsLeftToTheValidatorAsAMissingToken() {
    assertThat(policy.refusal(List.of(), null)).isNull();
    assertThat(policy.refusal(List.of(), "")).isNull();
  }

  @Test
  void twoHeadersAreAnInvalidRequest() {
    assertRefused(policy.refusal(List.of("Bearer abc", "Bearer def"), null), "More than one Authorization header");
    // the same answer with a query token as well: two headers is what is wrong first
    assertRefused(policy.refusal(List.of("Bearer abc", "Bearer abc"), "access_token=abc"),
        "More than one Authorization header");
  }

  @Test
  void headerAndQueryTokenAreAnInvalidRequest() {
    assertRefused(policy.refusal(List.of("Bearer abc"), "access_token=def"),
        "A token in both the Authorization header and the query");
  }

  @Test
  void queryTokenAloneIsAnInvalidRequest() {
    assertRefused(policy.refusal(List.of(), "x=1&access_token=abc"),
        "Send the token in the Authorization header; access_token in the query is not accepted");
  }

  @Test
  void refusalsAreMadeOnceAndNameTheRealm() {
    ValidationResult first = policy.refusal(List.of("a", "b"), null);

    assertThat(policy.refusal(List.of("c", "d"), null)).isSameAs(first);
    assertThat(first.error().wwwAuthenticate()).isEqualTo("Bearer realm=\"bank\", error=\"invalid_request\"");
    assertThat(new RequestPolicy(null).refusal(List.of("a", "b"), null).error().wwwAuthenticate())
        .isEqualTo("Bearer error=\"invalid_request\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "access_token=abc",
      "access_token",
      "access_token=",
      "a=1&access_token=abc",
      "&&access_token=abc&",
      "access%5Ftoken=abc",
      "access%5ftoken=abc",
      "%61ccess_token=abc",
      "%61%63%63%65%73%73%5F%74%6F%6B%65%6E=abc",
      "a=b=c&access_token=abc",
      "a=1;access_token=abc",
      "access_token;a=1",
      "a=%26&access_token=abc",
  })
  void findsTheParameterHoweverItIsWritten(String query) {
    assertThat(RequestPolicy.hasAccessTokenParameter(query)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "access_tokens=abc",
      "access_tokenx=abc",
      "xaccess_token=abc",
      "access_toke=abc",
      "ACCESS_TOKEN=abc",
      "a=access_token",
      "a=1&b=access_token=abc",
      "a=x%26access_token=abc",
      "access+token=abc",
      "access token=abc",
      "access_token%=abc",
      "access_token%zz=abc",
      "access_token%2=abc",
      "access%5_token=abc",
      // full-width digits are digits to Character.digit, never to a URL decoder
      "access%\uFF15Ftoken=abc",
      "%2561ccess_token=abc",
      "acc\u00e9ss_token=abc",
      "=access_token",
      "&;&;",
  })
  void ignoresOtherParametersAndValues(String query) {
    assertThat(RequestPolicy.hasAccessTokenParameter(query)).isFalse();
  }

  @Test
  void scanningAQueryWithoutATokenAllocatesNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    String query = "page=2&sort=created_at&filter=%22open%22&utm_source=news;lang=en";
    long id = Thread.currentThread().getId();
    boolean found = false;
    for (int i = 0; i < 20_000; i++) {
      found |= RequestPolicy.hasAccessTokenParameter(query);
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100_000; i++) {
      found |= RequestPolicy.hasAccessTokenParameter(query);
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;

    assertThat(found).isFalse();
    // one String per name, as a substring-and-decode scan makes, would be megabytes here
    assertThat(allocated).isLessThan(4096);
  }

  private static void assertRefused(ValidationResult result, String description) {
    assertThat(result).isNotNull();
    assertThat(result.isValid()).isFalse();
    AuthenticationError error = result.error();
    assertThat(error.kind()).isEqualTo(AuthenticationError.Kind.INVALID_REQUEST);
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.description()).isEqualTo(description);
  }
}
