package io.github.tokenvalidator.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessTokenQueryParameterTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "access_token=abc",
      "access_token",
      "access_token=",
      "a=1&access_token=abc",
      "&&access_token=abc&",
      "access%5Ftoken=abc",
      "%61ccess_token=abc",
      "a=b=c&access_token=abc",
  })
  void findsTheParameterHoweverItIsWritten(String query) {
    assertThat(BearerTokenFilter.hasQueryParameter(query, "access_token")).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "access_tokens=abc",
      "xaccess_token=abc",
      "a=access_token",
      "a=1&b=access_token=abc",
      "access+token=abc",
      "access_token%=abc",
      "access_token%zz=abc",
  })
  void ignoresOtherParametersAndValues(String query) {
    assertThat(BearerTokenFilter.hasQueryParameter(query, "access_token")).isFalse();
  }
}
