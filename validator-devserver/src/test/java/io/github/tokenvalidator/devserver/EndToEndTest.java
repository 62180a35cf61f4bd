package io.github.tokenvalidator.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The core's real TokenValidator against the dev server, over real HTTP. */
class EndToEndTest {
  private final MutableClock clock = MutableClock.startingNow();

  @Test
  void validatorAcceptsATokenMintedOverHttpWithItsData() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).start();
        TokenValidator validator = TokenValidator.builder().serverUrl(server.serverUrl())
            .clientCredentials("test", "test").clock(clock).ticker(clock).build()) {
      String token = (String) Http.json(Http.requestToken(server, Http.basic("test", "test"),
          "grant_type", "client_credentials", "scope", "accessRestricted", "username", "alice"))
          .get("access_token");

      ValidationResult result = validator.validate("Bearer " + token, "accessRestricted");

      assertThat(result.isValid()).as("%s", result).isTrue();
      TokenInfo info = result.token();
      assertThat(info.clientId()).isEqualTo("test");
      assertThat(info.username()).isEqualTo("alice");
      assertThat(info.scope()).isEqualTo(Scope.of("accessRestricted"));
      assertThat(info.tokenType()).isEqualTo("Bearer");
      assertThat(info.issuedAt()).isEqualTo(clock.instant());
      assertThat(info.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
      TokenInfo.MobileFirst mfp = info.mobileFirst();
      assertThat(mfp.application()).isEqualTo(new TokenInfo.Application("test", "dev", "1.0", null));
      assertThat(mfp.device().status()).isEqualTo("ACTIVE");
      assertThat(mfp.user().id()).isEqualTo("alice");
      assertThat(mfp.user().authenticatedBy()).isEqualTo("UserLogin");
      assertThat(mfp.checks()).isEqualTo(Map.of("UserLogin", Map.of()));
    }
  }

  @Test
  void defaultScopeTokenIsRefused403WithTheRequiredScope() {
    try (DevAuthorizationServer server = DevAuthorizationServer.start();
        TokenValidator validator = validatorFor(server)) {
      String token = Http.token(server, "test", "test", null);

      ValidationResult result = validator.validate("Bearer " + token, "accessRestricted");

      assertThat(result.error().kind()).isEqualTo(AuthenticationError.Kind.INSUFFICIENT_SCOPE);
      assertThat(result.error().status()).isEqualTo(403);
      assertThat(result.error().wwwAuthenticate()).contains("scope=\"accessRestricted\"");
      assertThat(validator.validate("Bearer " + token, "RegisteredClient").isValid()).isTrue();
    }
  }

  @Test
  void madeUpTokenIsRefused401InvalidToken() {
    try (DevAuthorizationServer server = DevAuthorizationServer.start();
        TokenValidator validator = validatorFor(server)) {
      ValidationResult result = validator.validate("Bearer made-up-token");

      assertThat(result.error().kind()).isEqualTo(AuthenticationError.Kind.INVALID_TOKEN);
      assertThat(result.error().status()).isEqualTo(401);
    }
  }

  @Test
  void tokenStopsBeingValidAtItsExpiryPlusTheClockSkew() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).start();
        TokenValidator validator = TokenValidator.builder().serverUrl(server.serverUrl())
            .clientCredentials("test", "test").clock(clock).ticker(clock).build()) {
      String token = server.issueToken("mobile-app", "accessRestricted");
      Instant expiry = clock.instant().plusSeconds(3600);

      assertThat(validator.validate("Bearer " + token, "accessRestricted").isValid()).isTrue();

      clock.set(expiry.minusSeconds(1));
      assertThat(validator.validate("Bearer " + token, "accessRestricted").isValid()).isTrue();

      // clock-skew (30 s by default) applies to exp as to nbf and iat.
      clock.set(expiry.plusSeconds(29));
      assertThat(validator.validate("Bearer " + token, "accessRestricted").isValid()).isTrue();

      clock.set(expiry.plusSeconds(30));
      ValidationResult expired = validator.validate("Bearer " + token, "accessRestricted");
      assertThat(expired.isValid()).isFalse();
      assertThat(expired.error().kind()).isEqualTo(AuthenticationError.Kind.INVALID_TOKEN);
    }
  }

  @Test
  void validatorRenewsItsOwnTokenWhenTheDevServerExpiresIt() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock)
            .tokenLifetime(Duration.ofMinutes(10)).start();
        TokenValidator validator = TokenValidator.builder().serverUrl(server.serverUrl())
            .clientCredentials("test", "test").clock(clock).ticker(clock).cacheMaxSize(0).build()) {
      assertThat(validator.validate("Bearer " + server.issueToken("app", "")).isValid()).isTrue();

      clock.advance(Duration.ofMinutes(15));

      assertThat(validator.validate("Bearer " + server.issueToken("app", "")).isValid()).isTrue();
    }
  }

  @Test
  void rfc7662ModeServesAValidatorUsingClientBasicAuth() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder()
            .mode(DevAuthorizationServer.Mode.RFC7662)
            .client("resource-server", "rs-secret", "RegisteredClient").start();
        TokenValidator validator = TokenValidator.builder()
            .introspectionEndpoint(server.introspectionEndpoint())
            .clientCredentials("resource-server", "rs-secret")
            .clientAuthentication(ClientAuthentication.BASIC).build()) {
      String token = server.issueToken("mobile-app", "accessRestricted", "bob");

      ValidationResult result = validator.validate("Bearer " + token, "accessRestricted");

      assertThat(result.isValid()).as("%s", result).isTrue();
      assertThat(result.token().username()).isEqualTo("bob");
    }
  }

  @Test
  void rfc7662ModeServesAValidatorSendingClientCredentialsInTheForm() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder()
            .mode(DevAuthorizationServer.Mode.RFC7662)
            .client("resource-server", "rs-secret", "RegisteredClient").start();
        TokenValidator validator = TokenValidator.builder()
            .introspectionEndpoint(server.introspectionEndpoint())
            .clientCredentials("resource-server", "rs-secret")
            .clientAuthentication(ClientAuthentication.POST).build()) {
      String token = server.issueToken("mobile-app", "accessRestricted");

      assertThat(validator.validate("Bearer " + token, "accessRestricted").isValid()).isTrue();
    }
  }

  @Test
  void validatorWhoseClientIsNotAllowedToIntrospectAnswersUnavailableNotInvalidToken() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder()
            .client("resource-server", "rs-secret", "RegisteredClient").start();
        TokenValidator validator = TokenValidator.builder().serverUrl(server.serverUrl())
            .clientCredentials("resource-server", "rs-secret").build()) {
      String token = server.issueToken("mobile-app", "accessRestricted");

      ValidationResult result = validator.validate("Bearer " + token, "accessRestricted");

      assertThat(result.error().kind()).isEqualTo(AuthenticationError.Kind.UNAVAILABLE);
      assertThat(result.error().status()).isEqualTo(503);
    }
  }

  @Test
  void validatorCredentialsWithSpecialCharactersAuthenticate() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder()
            .client("client%&1", "secret@$2:x", "authorization.introspect").start();
        TokenValidator validator = TokenValidator.builder().serverUrl(server.serverUrl())
            .clientCredentials("client%&1", "secret@$2:x").build()) {
      String token = server.issueToken("mobile-app", "accessRestricted");

      assertThat(validator.validate("Bearer " + token, "accessRestricted").isValid()).isTrue();
    }
  }

  private static TokenValidator validatorFor(DevAuthorizationServer server) {
    return TokenValidator.builder().serverUrl(server.serverUrl()).clientCredentials("test", "test").build();
  }
}
