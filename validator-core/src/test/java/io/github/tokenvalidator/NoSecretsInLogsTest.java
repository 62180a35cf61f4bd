package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.testing.KeyServer;
import io.github.tokenvalidator.testing.LogCapture;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import io.github.tokenvalidator.testing.TestKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/** A full scenario's log output, every level, holds no raw token and no secret. */
class NoSecretsInLogsTest {
  private static final String VALID = "VALID-CLIENT-TOKEN-7f3a9c";
  private static final String INVALID = "INVALID-CLIENT-TOKEN-1b2c3d";
  private static final String OWN_TOKEN_MARK = "own-";

  @Test
  void aJwtScenarioLogsNoPartOfAToken() {
    MutableClock clock = MutableClock.startingNow();
    TestKey key = TestKey.rsa("k1");
    try (LogCapture logs = LogCapture.start(); KeyServer keys = KeyServer.start().keys(key)) {
      Map<String, Object> claims = Map.of("iss", keys.issuer(), "sub", "alice-subject-42",
          "exp", clock.instant().getEpochSecond() + 600, "scope", "read");
      List<String> tokens = List.of(key.sign(claims), TestKey.rsa("k1").sign(claims),
          TestKey.rsa("k9").sign(claims), key.sign(Map.of("iss", keys.issuer(), "exp", 1L)));
      try (TokenValidator validator = TokenValidator.builder().tokenFormat(TokenFormat.JWT)
          .issuer(keys.issuer()).clock(clock).ticker(clock).build()) {
        tokens.forEach(token -> validator.validate("Bearer " + token, "read"));
        keys.down(true);
        clock.advance(Duration.ofHours(3));
        tokens.forEach(token -> validator.validate("Bearer " + token, "read"));
      }
      String text = logs.text();
      assertThat(logs.records()).as("the scenario did log").isNotEmpty();
      for (String token : tokens) {
        for (String part : token.split("\\.")) {
          assertThat(text).doesNotContain(part);
        }
      }
      assertThat(text).doesNotContain("alice-subject-42");
    }
  }

  @Test
  void fullScenarioLogsNoTokenAndNoSecret() {
    MutableClock clock = MutableClock.startingNow();
    try (LogCapture logs = LogCapture.start();
        MockAuthorizationServer server = MockAuthorizationServer.start(clock)) {
      server.activeToken(VALID, "accessRestricted", "alice");
      try (TokenValidator validator = server.validatorBuilder().clock(clock).ticker(clock).build()) {
        validator.validate("Bearer " + VALID, "accessRestricted");
        validator.validate("Bearer " + INVALID, "accessRestricted");
        validator.validate("Bearer " + VALID, "admin");
        validator.validate("Basic " + INVALID);
        // renewal, then a refused own token and a retry
        clock.advance(Duration.ofMinutes(50));
        validator.validate("Bearer " + INVALID + "x");
        server.enqueueIntrospection(new MockResponse().setResponseCode(401));
        validator.validate("Bearer " + INVALID + "y");
        // an outage, with stale answers and fail-fast
        clock.advance(Duration.ofMinutes(6));
        for (int i = 0; i < 5; i++) {
          server.enqueueIntrospection(new MockResponse().setResponseCode(500)
              .setBody("{\"echo\":\"" + VALID + "\"}"));
          validator.validate("Bearer " + VALID + i, "accessRestricted");
        }
        validator.validate("Bearer " + VALID, "accessRestricted");
        // a misconfigured client whose secret the server echoes back
        server.enqueueTokenResponse(new MockResponse().setResponseCode(400)
            .setBody("{\"error\":\"invalid_client\",\"error_description\":\"bad secret " + "test" + "\"}"));
      }
      try (TokenValidator wrong = TokenValidator.builder().serverUrl(server.serverUrl())
          .clientCredentials("resource-server", "Sup3r-S3cret-Pw").clock(clock).ticker(clock).build()) {
        wrong.validate("Bearer " + VALID);
      }
      String text = logs.text();
      assertThat(logs.records()).as("the scenario did log").isNotEmpty();
      assertThat(text).doesNotContain(VALID).doesNotContain(INVALID).doesNotContain("Sup3r-S3cret-Pw")
          .doesNotContain(OWN_TOKEN_MARK + "1").doesNotContain(OWN_TOKEN_MARK + "2")
          .doesNotContain("dGVzdDp0ZXN0").doesNotContain("bad secret");
    }
  }
}
