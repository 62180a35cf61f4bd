package io.github.tokenvalidator.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The core's local JWT validation against the dev server's JWTs, keys and discovery, over real HTTP. */
class JwtEndToEndTest {
  private final MutableClock clock = MutableClock.startingNow();

  @ParameterizedTest
  @EnumSource(DevAuthorizationServer.JwtAlgorithm.class)
  void aDevServerJwtVerifiesLocallyByDiscovery(DevAuthorizationServer.JwtAlgorithm algorithm) {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).jwt(algorithm).start();
        TokenValidator validator = TokenValidator.builder().tokenFormat(TokenFormat.JWT)
            .issuer(server.issuer()).audience("test").clock(clock).ticker(clock).build()) {
      String token = server.issueToken("test", "accessRestricted");

      ValidationResult result = validator.validate("Bearer " + token, "accessRestricted");

      assertThat(result.isValid()).as("%s", result).isTrue();
      assertThat(result.token().clientId()).isEqualTo("test");
      assertThat(validator.validate("Bearer " + token, "other").error().kind())
          .isEqualTo(AuthenticationError.Kind.INSUFFICIENT_SCOPE);
    }
  }

  @Test
  void appIdPathsAndTypJoseVerifyWithTheAppIdIssuer() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).appIdTenant("tenant-1")
        .start();
        TokenValidator validator = TokenValidator.builder().tokenFormat(TokenFormat.JWT)
            .issuer(server.appIdIssuer()).jwksUri(server.appIdIssuer() + "/publickeys").clock(clock).ticker(clock)
            .build()) {
      String token = (String) Http.json(Http.postForm(server.appIdIssuer() + "/token", Http.basic("test", "test"),
          "grant_type=client_credentials&scope=accessRestricted")).get("access_token");
      ValidationResult result = validator.validate("Bearer " + token, "accessRestricted");

      assertThat(result.isValid()).as("%s", result).isTrue();
    }
  }

  @Test
  void aRotatedKeyIsPickedUpByTheUnknownKidRefetch() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock)
        .jwt(DevAuthorizationServer.JwtAlgorithm.RS256).start();
        TokenValidator validator = TokenValidator.builder().tokenFormat(TokenFormat.JWT)
            .issuer(server.issuer()).clock(clock).ticker(clock).build()) {
      assertThat(validator.validate("Bearer " + server.issueToken("test", "accessRestricted"), "accessRestricted")
          .isValid()).isTrue();
      server.rotateSigningKey();
      String rotated = server.issueToken("test", "accessRestricted");

      clock.advance(Duration.ofSeconds(5));
      assertThat(validator.validate("Bearer " + rotated, "accessRestricted").isValid()).isTrue();
    }
  }
}
