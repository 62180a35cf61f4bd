package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticationErrorTest {

  @Test
  void missingTokenIsBareBearerChallenge() {
    AuthenticationError error = AuthenticationError.missingToken(null);
    assertThat(error.status()).isEqualTo(401);
    assertThat(error.wwwAuthenticate()).isEqualTo("Bearer");
    assertThat(AuthenticationError.missingToken("bank").wwwAuthenticate()).isEqualTo("Bearer realm=\"bank\"");
  }

  @Test
  void invalidTokenChallengeIsExactlyWhatMobileFirstClientsParse() {
    assertThat(AuthenticationError.invalidToken(null, "x").wwwAuthenticate())
        .isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(AuthenticationError.invalidToken("bank", "x").wwwAuthenticate())
        .isEqualTo("Bearer realm=\"bank\", error=\"invalid_token\"");
  }

  @Test
  void insufficientScopeNamesTheRequiredScope() {
    AuthenticationError error = AuthenticationError.insufficientScope(null, Scope.of("RegisteredClient scopeA"));
    assertThat(error.status()).isEqualTo(403);
    assertThat(error.wwwAuthenticate())
        .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"RegisteredClient scopeA\"");
    assertThat(error.requiredScope()).isEqualTo(Scope.of("RegisteredClient scopeA"));
  }

  @Test
  void insufficientScopeWithoutAKnownScopeHasNoScopeAttribute() {
    assertThat(AuthenticationError.insufficientScope("bank", Scope.empty()).wwwAuthenticate())
        .isEqualTo("Bearer realm=\"bank\", error=\"insufficient_scope\"");
  }

  @Test
  void invalidRequestIs400WithChallenge() {
    AuthenticationError error = AuthenticationError.invalidRequest(null, "two tokens");
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_request\"");
  }

  @Test
  void unavailableIs503WithRetryAfterAndNoChallenge() {
    AuthenticationError error = AuthenticationError.unavailable(Duration.ofMillis(2500), "down");
    assertThat(error.status()).isEqualTo(503);
    assertThat(error.wwwAuthenticate()).isNull();
    assertThat(error.headers()).containsExactly(entry("Retry-After", "3"), entry("Cache-Control", "no-store"));
    assertThat(AuthenticationError.unavailable(Duration.ZERO, "down").headers()).containsEntry("Retry-After", "1");
  }

  @Test
  void conflictCarriesMfpConflictAndNoChallenge() {
    AuthenticationError error = AuthenticationError.conflict();
    assertThat(error.status()).isEqualTo(409);
    assertThat(error.wwwAuthenticate()).isNull();
    assertThat(error.headers()).containsExactly(entry("MFP-Conflict", "true"), entry("Cache-Control", "no-store"));
  }

  @Test
  void realmIsEscapedAndNeverCarriesControlCharacters() {
    String challenge = AuthenticationError.missingToken("a\"b\\c\r\nSet-Cookie: x\u00e9").wwwAuthenticate();
    assertThat(challenge).isEqualTo("Bearer realm=\"a\\\"b\\\\c??Set-Cookie: x?\"");
    assertThat(challenge).doesNotContain("\r").doesNotContain("\n");
  }

  @Test
  void jsonBodyCarriesErrorCodeAndSafeDescription() {
    assertThat(AuthenticationError.invalidToken(null, "bad \"token\"\r\n").jsonBody())
        .isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"bad  token   \"}");
    assertThat(AuthenticationError.missingToken(null).jsonBody())
        .isEqualTo("{\"error\":\"missing_token\",\"error_description\":\"A bearer token is required\"}");
    assertThat(AuthenticationError.unavailable(Duration.ofSeconds(5), "x").jsonBody())
        .startsWith("{\"error\":\"temporarily_unavailable\"");
  }

  @Test
  void everyRejectionForbidsCaching() {
    for (AuthenticationError error : new AuthenticationError[] {
        AuthenticationError.missingToken(null), AuthenticationError.invalidToken(null, ""),
        AuthenticationError.insufficientScope(null, Scope.of("a")), AuthenticationError.conflict(),
        AuthenticationError.unavailable(Duration.ofSeconds(1), ""), AuthenticationError.invalidRequest(null, "")}) {
      assertThat(error.headers()).containsEntry("Cache-Control", "no-store");
    }
  }

  @Test
  void dpopChallengesGoBesideTheBearerOneInOneHeaderValue() {
    AuthenticationError proof = AuthenticationError.invalidDpopProof("bank", "The DPoP proof's htu is wrong", "ES256 PS256");
    assertThat(proof.status()).isEqualTo(401);
    assertThat(proof.wwwAuthenticate()).isEqualTo("DPoP realm=\"bank\", error=\"invalid_dpop_proof\", algs=\"ES256 PS256\"");
    assertThat(proof.withDpopChallenge("ES256", true, true).wwwAuthenticate())
        .isEqualTo("Bearer realm=\"bank\", DPoP realm=\"bank\", error=\"invalid_dpop_proof\", algs=\"ES256\"");

    AuthenticationError nonce = AuthenticationError.useDpopNonce(null, "ES256", "n-1");
    assertThat(nonce.headers()).containsExactly(entry("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\", algs=\"ES256\""),
        entry("DPoP-Nonce", "n-1"), entry("Cache-Control", "no-store"));
    assertThat(nonce.jsonBody()).startsWith("{\"error\":\"use_dpop_nonce\"");

    assertThat(AuthenticationError.insufficientScope(null, Scope.of("a b")).withDpopChallenge("ES256", true, false)
        .wwwAuthenticate()).isEqualTo("Bearer error=\"insufficient_scope\", scope=\"a b\", DPoP algs=\"ES256\"");
    assertThat(AuthenticationError.insufficientScope(null, Scope.of("a")).withDpopChallenge("ES256", true, true)
        .wwwAuthenticate()).isEqualTo("Bearer, DPoP error=\"insufficient_scope\", scope=\"a\", algs=\"ES256\"");
    assertThat(AuthenticationError.missingToken(null).withDpopChallenge("ES256", false, false).wwwAuthenticate())
        .isEqualTo("DPoP algs=\"ES256\"");
    AuthenticationError unavailable = AuthenticationError.unavailable(Duration.ofSeconds(1), "");
    assertThat(unavailable.withDpopChallenge("ES256", true, true)).isSameAs(unavailable);
  }

  @Test
  void insufficientUserAuthenticationNamesTheAcrValuesAndTheMaxAgeInWholeSeconds() {
    AuthenticationError error = AuthenticationError.insufficientUserAuthentication("bank",
        List.of("urn:example:mfa", "urn:example:hwk"), Duration.ofMinutes(5));

    assertThat(error.status()).isEqualTo(401);
    assertThat(error.wwwAuthenticate()).isEqualTo("Bearer realm=\"bank\", error=\"insufficient_user_authentication\","
        + " acr_values=\"urn:example:mfa urn:example:hwk\", max_age=\"300\"");
    assertThat(AuthenticationError.insufficientUserAuthentication(null, List.of(), Duration.ofSeconds(60))
        .wwwAuthenticate()).isEqualTo("Bearer error=\"insufficient_user_authentication\", max_age=\"60\"");
    assertThatThrownBy(() -> AuthenticationError.insufficientUserAuthentication(null, List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void challengeAttributesGoTo401And403OnlyEscapedAndTheScopeTo401Only() {
    String metadata = "https://api.example.com/.well-known/oauth-protected-resource/mcp";
    Scope scope = Scope.of("tools.read");

    assertThat(AuthenticationError.missingToken(null).withChallengeAttributes(scope, metadata).wwwAuthenticate())
        .isEqualTo("Bearer scope=\"tools.read\", resource_metadata=\"" + metadata + "\"");
    assertThat(AuthenticationError.insufficientScope(null, Scope.of("tools.write"))
        .withChallengeAttributes(scope, metadata).wwwAuthenticate())
        .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"tools.write\", resource_metadata=\"" + metadata
            + "\"");
    assertThat(AuthenticationError.invalidToken(null, "x").withChallengeAttributes(Scope.empty(), "a\"b\r\n")
        .wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\", resource_metadata=\"a\\\"b??\"");
    AuthenticationError unavailable = AuthenticationError.unavailable(Duration.ofSeconds(5), "down");
    AuthenticationError badRequest = AuthenticationError.invalidRequest(null, "two tokens");
    assertThat(unavailable.withChallengeAttributes(scope, metadata)).isSameAs(unavailable);
    assertThat(badRequest.withChallengeAttributes(scope, metadata)).isSameAs(badRequest);
  }
}
