package io.github.tokenvalidator.internal.request;

import io.github.tokenvalidator.internal.transport.FormEncoding;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import static org.assertj.core.api.Assertions.assertThat;


class AuthorizationCredentialsTest {
  @ParameterizedTest
  @ValueSource(strings = {"Bearer abc.DEF-1~+/==", "bearer abc.DEF-1~+/==", "Bearer\tabc.DEF-1~+/==",
      "  BEARER   abc.DEF-1~+/== \t"})
  void bearerTokenIsFoundAsTheValidatorFindsIt(String header) {
    assertThat(AuthorizationCredentials.bearerToken(header)).isEqualTo("abc.DEF-1~+/==");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "Bearer ", "Bearer not a token", "Bearer {json}", "Bearer ab=cd",
      "Bearer t\u00f6ken"})
  void malformedBearerTokenIsEmpty(String header) {
    assertThat(AuthorizationCredentials.bearerToken(header)).isEmpty();
  }

  @Test
  void overLongBearerTokenIsEmpty() {
    String token = "a".repeat(AuthorizationCredentials.MAX_CREDENTIALS_LENGTH + 1);

    assertThat(AuthorizationCredentials.bearerToken("Bearer " + token)).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Basic dGVzdDp0ZXN0", "Bearerabc", "Bearer: abc", "B\u0435arer abc"})
  void absentOrOtherSchemeIsNoBearerToken(String header) {
    assertThat(AuthorizationCredentials.bearerToken(header)).isNull();
  }

  @Test
  void basicCredentialsAreTheInverseOfWhatTheValidatorSends() {
    String header = FormEncoding.basicAuthorization("client%&1", "secret@$2:x");

    AuthorizationCredentials.Client client = AuthorizationCredentials.basic(header);

    assertThat(client.id()).isEqualTo("client%&1");
    assertThat(client.secret()).isEqualTo("secret@$2:x");
    assertThat(client.toString()).doesNotContain("secret");
  }

  @Test
  void basicAcceptsATabAfterTheSchemeAsBearerDoes() {
    assertThat(AuthorizationCredentials.basic("basic\tdGVzdDp0ZXN0")).isEqualTo(
        new AuthorizationCredentials.Client("test", "test"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Basic", "Basic ", "Basic !!!not-base64!!!", "Basic dGVzdA==", "Basicdgvzddp0zxn0",
      "Bearer dGVzdDp0ZXN0"})
  void malformedOrOtherBasicIsNoCredentials(String header) {
    assertThat(AuthorizationCredentials.basic(header)).isNull();
  }

  @Test
  void malformedEscapeInBasicIsNoCredentials() {
    String header = "Basic " + Base64.getEncoder().encodeToString("id%zz:secret".getBytes(StandardCharsets.UTF_8));

    assertThat(AuthorizationCredentials.basic(header)).isNull();
  }
}
