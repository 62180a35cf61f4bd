package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.testing.KeyServer;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import io.github.tokenvalidator.testing.TestKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The revocation API on one instance without a shared cache: a dropped token is asked for again; a subject's
 * or a client's "issued before" mark refuses introspected answers and locally verified JWTs alike.
 */
class RevocationTest {
  private static final TestKey KEY = TestKey.rsa("key-1");
  private final MutableClock clock = MutableClock.startingNow();

  @Test
  void aRevokedTokenIsAskedForAgain() throws Exception {
    try (MockAuthorizationServer server = MockAuthorizationServer.start(clock).activeToken("t", "read", "alice");
        TokenValidator validator = server.validatorBuilder().clock(clock).ticker(clock).build()) {
      assertThat(validator.validate("Bearer t", "read").isValid()).isTrue();
      assertThat(validator.validate("Bearer t", "read").isValid()).isTrue();
      assertThat(server.introspectionCount()).isEqualTo(1);
      server.introspectionBody("t", "{\"active\":false}");
      validator.revokeToken("t").get();
      assertThat(validator.validate("Bearer t", "read").isValid()).isFalse();
      assertThat(server.introspectionCount()).isEqualTo(2);
      assertThatThrownBy(() -> validator.revokeToken("")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aSubjectsMarkRefusesCachedAndNewAnswersIssuedBeforeIt() throws Exception {
    long exp = clock.instant().plusSeconds(600).getEpochSecond();
    try (MockAuthorizationServer server = MockAuthorizationServer.start(clock)
        .introspectionBody("old", "{\"active\":true,\"sub\":\"bob\",\"exp\":" + exp + ",\"iat\":"
            + clock.instant().minusSeconds(60).getEpochSecond() + "}");
        TokenValidator validator = server.validatorBuilder().clock(clock).ticker(clock).build()) {
      assertThat(validator.validate("Bearer old").isValid()).isTrue();
      validator.revokeSubject("bob", clock.instant()).get();
      assertThat(validator.validate("Bearer old").isValid()).as("the server still says active").isFalse();
      clock.advance(Duration.ofSeconds(10));
      server.introspectionBody("new", "{\"active\":true,\"sub\":\"bob\",\"exp\":" + exp + ",\"iat\":"
          + clock.instant().getEpochSecond() + "}");
      assertThat(validator.validate("Bearer new").isValid()).as("issued after the mark").isTrue();
    }
  }

  @Test
  void aClientsMarkRefusesLocallyVerifiedJwts() throws Exception {
    try (KeyServer keys = KeyServer.start().keys(KEY);
        TokenValidator validator = TokenValidator.builder().tokenFormat(TokenFormat.JWT).issuer(keys.issuer())
            .audience("orders").clock(clock).ticker(clock).build()) {
      String before = KEY.sign(claims(keys, "web-app"));
      String other = KEY.sign(claims(keys, "other-app"));
      assertThat(validator.validate("Bearer " + before).isValid()).isTrue();
      validator.revokeClient("web-app", clock.instant().plusSeconds(1)).get();
      assertThat(validator.validate("Bearer " + before).isValid()).as("cached answer refused").isFalse();
      assertThat(validator.validate("Bearer " + other).isValid()).isTrue();
      clock.advance(Duration.ofSeconds(5));
      assertThat(validator.validate("Bearer " + KEY.sign(claims(keys, "web-app"))).isValid())
          .as("issued after the mark").isTrue();
    }
  }

  private Map<String, Object> claims(KeyServer keys, String clientId) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", keys.issuer());
    claims.put("aud", List.of("orders"));
    claims.put("sub", "user-7");
    claims.put("client_id", clientId);
    claims.put("exp", clock.instant().getEpochSecond() + 600);
    claims.put("iat", clock.instant().getEpochSecond());
    return claims;
  }
}
