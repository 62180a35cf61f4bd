package io.github.tokenvalidator.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.TokenValidator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The expiry example of docs/dev-server.md ("Testing expiry"), compiled and run so it stays true. Keep the
 * two in step.
 */
class TestClockExampleTest {
  TestClock clock = TestClock.at(Instant.parse("2026-01-01T09:00:00Z"));
  DevAuthorizationServer authorizationServer = DevAuthorizationServer.builder().clock(clock).start();
  TokenValidator validator = TokenValidator.builder()
      .serverUrl(authorizationServer.serverUrl())
      .clientCredentials("test", "test")
      .clock(clock)    // compared with the token's exp
      .ticker(clock)   // cache ages, renewal, back-off
      .build();

  @AfterEach
  void stop() {
    validator.close();
    authorizationServer.close();
  }

  @Test
  void tokenIsRefusedOnceItHasExpired() {
    String token = authorizationServer.issueToken("mobile-app", "accessRestricted", "alice");
    assertTrue(validator.validate("Bearer " + token, "accessRestricted").isValid());

    clock.advance(Duration.ofHours(1));  // the dev server's default token lifetime

    AuthenticationError error = validator.validate("Bearer " + token, "accessRestricted").error();
    assertEquals(AuthenticationError.Kind.INVALID_TOKEN, error.kind());
    assertEquals(401, error.status());
  }
}
