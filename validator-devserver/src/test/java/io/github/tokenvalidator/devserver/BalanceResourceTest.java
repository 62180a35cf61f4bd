package io.github.tokenvalidator.devserver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example of {@link DevAuthorizationServer}'s class documentation and of docs/dev-server.md, compiled
 * and run so it stays true (DocSnippetsTest checks the guide's copy). Keep the three in step.
 */
class BalanceResourceTest {
  static DevAuthorizationServer authorizationServer;
  static TokenValidator validator;

  @BeforeAll
  static void startAuthorizationServer() {
    authorizationServer = DevAuthorizationServer.start();  // free loopback port, client test/test
    validator = TokenValidator.builder()
        .serverUrl(authorizationServer.serverUrl())
        .clientCredentials("test", "test")
        .build();
  }

  @AfterAll
  static void stopAuthorizationServer() {
    validator.close();
    authorizationServer.close();
  }

  @Test
  void tokenForAccessRestrictedIsValid() {
    String token = authorizationServer.issueToken("mobile-app", "accessRestricted", "alice");
    ValidationResult result = validator.validate("Bearer " + token, "accessRestricted");
    assertTrue(result.isValid());
  }
}
