package io.github.tokenvalidator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleResponsesTest {

  @Test
  void tokenFromAGenericServerHasNullMobileFirstParts() {
    TokenInfo token = TokenInfo.builder().active(true).scope("accessRestricted").clientId("web")
        .subject("user-42").build();

    Map<String, Object> json = Http.json(SampleResponses.balance(new TokenPrincipal(token)));

    assertThat(json).containsEntry("accountHolder", "user-42");
    assertThat(Http.object(json, "token"))
        .containsEntry("username", null)
        .containsEntry("subject", "user-42")
        .containsEntry("expiresAt", null)
        .containsEntry("application", null)
        .containsEntry("device", null);
  }

  @Test
  void expiryIsAnIsoInstant() {
    TokenInfo token = TokenInfo.builder().active(true).clientId("app")
        .expiresAt(Instant.parse("2030-01-02T03:04:05Z")).build();

    Map<String, Object> json = Http.json(SampleResponses.profile(new TokenPrincipal(token)));

    assertThat(Http.object(json, "token")).containsEntry("expiresAt", "2030-01-02T03:04:05Z")
        .containsEntry("scope", "");
  }
}
