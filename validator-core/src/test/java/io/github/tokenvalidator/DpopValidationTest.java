package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.testing.KeyServer;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import io.github.tokenvalidator.testing.TestDpop;
import io.github.tokenvalidator.testing.TestJson;
import io.github.tokenvalidator.testing.TestKey;
import io.github.tokenvalidator.testing.TestTls;
import java.net.URI;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sender-constrained tokens end to end (RFC 9449, RFC 8705): {@code validate(RequestView, Scope)} on a
 * real validator, with JWTs from a key server and introspected tokens from a mock authorization server.
 * The negative matrix: one test per rule, each refused for its own reason, for both token formats.
 */
class DpopValidationTest {
  private static final TestKey ISSUER_KEY = TestKey.rsa("issuer-key");
  private static final TestKey CLIENT_KEY = TestKey.ec(null, "ES256");
  private static final TestKey OTHER_KEY = TestKey.ec(null, "ES256");
  private static final String HTU = "https://api.example.com/bank/accounts";
  private static final TestTls TLS = new TestTls();

  private final MutableClock clock = MutableClock.startingNow();
  private final KeyServer keyServer = KeyServer.start().keys(ISSUER_KEY);
  private final MockAuthorizationServer authServer = MockAuthorizationServer.start(clock);
  private final AtomicInteger opaqueTokens = new AtomicInteger();

  @AfterEach
  void stop() {
    keyServer.close();
    authServer.close();
  }

  enum Format { JWT, OPAQUE }

  private TokenValidator.Builder builder(Format format) {
    TokenValidator.Builder builder = format == Format.JWT
        ? TokenValidator.builder().tokenFormat(TokenFormat.JWT).issuer(keyServer.issuer()).audience("bank")
        : authServer.validatorBuilder();
    return builder.clock(clock).ticker(clock);
  }

  private TokenValidator validator(Format format, String... settings) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      properties.put("tokenvalidator." + settings[i], settings[i + 1]);
    }
    return builder(format).properties(properties).build();
  }

  /** A token of {@code format} whose cnf is {@code cnf} (none when null). */
  private String token(Format format, Map<String, Object> cnf) {
    Map<String, Object> claims = new LinkedHashMap<>();
    long now = clock.instant().getEpochSecond();
    claims.put("exp", now + 600);
    claims.put("scope", "accounts");
    claims.put("client_id", "bank-app");
    if (cnf != null) {
      claims.put("cnf", cnf);
    }
    if (format == Format.JWT) {
      claims.put("iss", keyServer.issuer());
      claims.put("aud", "bank");
      claims.put("iat", now);
      return ISSUER_KEY.sign(claims);
    }
    claims.put("active", true);
    String token = "opaque-" + opaqueTokens.incrementAndGet();
    authServer.introspectionBody(token, TestJson.write(claims));
    return token;
  }

  private String boundToken(Format format) {
    return token(format, Map.of("jkt", TestDpop.thumbprint(CLIENT_KEY)));
  }

  private TestDpop proof(String token) {
    return TestDpop.proof(CLIENT_KEY).htm("GET").htu(HTU).iat(clock.instant()).accessToken(token);
  }

  private static TestRequestView request() {
    return TestRequestView.get("https", "api.example.com", 443, "/bank/accounts");
  }

  private static TestRequestView dpop(String token, String proof) {
    return request().header("Authorization", "DPoP " + token).header("DPoP", proof);
  }

  private static ValidationResult validate(TokenValidator validator, RequestView request) {
    return validator.validate(request, Scope.of("accounts"));
  }

  private static void assertRefused(ValidationResult result, Kind kind, String description) {
    assertThat(result.isValid()).as("valid").isFalse();
    assertThat(result.error().kind()).isEqualTo(kind);
    assertThat(result.error().status()).isEqualTo(401);
    assertThat(result.error().description()).contains(description);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aBoundTokenWithItsProofPasses(Format format) {
    try (TokenValidator validator = validator(format)) {
      String token = boundToken(format);

      ValidationResult result = validate(validator, dpop(token, proof(token).build()));

      assertThat(result.isValid()).isTrue();
      assertThat(result.headers()).isEmpty();
      // a second request, answered from the cache, needs its own proof too
      assertThat(validate(validator, dpop(token, proof(token).build())).isValid()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aNimbusProofPasses(Format format) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    try (TokenValidator validator = validator(format)) {
      String token = token(format, Map.of("jkt", key.computeThumbprint().toString()));
      String proof = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256).createDPoPJWT(new JWTID(), "GET",
          URI.create(HTU), Date.from(clock.instant()), new DPoPAccessToken(token)).serialize();

      assertThat(validate(validator, dpop(token, proof)).isValid()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void theDpopSchemeWithoutAProof(Format format) {
    try (TokenValidator validator = validator(format)) {
      String token = boundToken(format);
      assertRefused(validate(validator, request().header("Authorization", "DPoP " + token)),
          Kind.INVALID_DPOP_PROOF, "A DPoP proof is required");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void twoProofs(Format format) {
    try (TokenValidator validator = validator(format)) {
      String token = boundToken(format);
      assertRefused(validate(validator, dpop(token, proof(token).build()).header("DPoP", proof(token).build())),
          Kind.INVALID_DPOP_PROOF, "More than one DPoP proof");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void eachRuleOfTheProofItself(Format format) {
    try (TokenValidator validator = validator(format)) {
      String token = boundToken(format);
      TestDpop privateKey = proof(token);
      privateKey.jwk().put("d", "AAAA");
      TestDpop otherSigner = proof(token);
      Map<String, Object> otherJwk = OTHER_KEY.jwk();
      otherJwk.remove("use");
      otherSigner.header("jwk", otherJwk);
      Map<String, String> cases = new LinkedHashMap<>();
      cases.put(proof(token).header("typ", "JWT").build(), "typ");
      cases.put(proof(token).header("alg", "HS256").build(), "accepted algorithm");
      cases.put(privateKey.build(), "private key");
      cases.put(otherSigner.build(), "signature");
      cases.put(proof(token).jti(null).build(), "jti");
      cases.put(proof(token).htm("POST").build(), "htm");
      cases.put(proof(token).htu("https://api.example.com/bank/other").build(), "htu");
      cases.put(proof(token).iat(clock.instant().minusSeconds(61)).build(), "iat");
      cases.put(proof(token).iat(clock.instant().plusSeconds(61)).build(), "iat");
      cases.put(proof(token).accessToken("another-token").build(), "ath");
      cases.forEach((proof, rule) ->
          assertRefused(validate(validator, dpop(token, proof)), Kind.INVALID_DPOP_PROOF, rule));
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aProofUsedTwice(Format format) {
    try (TokenValidator validator = validator(format)) {
      String token = boundToken(format);
      String proof = proof(token).build();

      assertThat(validate(validator, dpop(token, proof)).isValid()).isTrue();
      assertRefused(validate(validator, dpop(token, proof)), Kind.INVALID_DPOP_PROOF, "used before");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aProofByAnotherKeyThanTheTokensBinding(Format format) {
    try (TokenValidator validator = validator(format)) {
      String token = boundToken(format);
      String proof = TestDpop.proof(OTHER_KEY).htm("GET").htu(HTU).iat(clock.instant()).accessToken(token).build();

      assertRefused(validate(validator, dpop(token, proof)), Kind.INVALID_DPOP_PROOF,
          "not the one the token is bound to");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aBoundTokenAsABearerTokenIsRefusedInEveryMode(Format format) {
    for (String mode : new String[] {null, "off", "allowed", "required"}) {
      try (TokenValidator validator = mode == null ? validator(format) : validator(format, "dpop.mode", mode)) {
        String token = boundToken(format);
        ValidationResult result = validate(validator, request().header("Authorization", "Bearer " + token));

        assertThat(result.isValid()).as(mode).isFalse();
        assertThat(result.error().kind()).as(mode).isEqualTo(Kind.INVALID_TOKEN);
        // and through the header-only API, which has no proof to show
        assertThat(validator.validate("Bearer " + token, "accounts").isValid()).as(mode).isFalse();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void anUnboundTokenWithTheDpopScheme(Format format) {
    try (TokenValidator validator = validator(format)) {
      String token = token(format, null);
      assertRefused(validate(validator, dpop(token, proof(token).build())), Kind.INVALID_TOKEN,
          "not bound to a DPoP key");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void modeRequiredRefusesBearerTokensWithADpopChallenge(Format format) {
    try (TokenValidator validator = validator(format, "dpop.mode", "required")) {
      String token = token(format, null);
      ValidationResult result = validate(validator, request().header("Authorization", "Bearer " + token));

      assertRefused(result, Kind.INVALID_TOKEN, "DPoP proof is required");
      assertThat(result.error().wwwAuthenticate()).startsWith("DPoP error=\"invalid_token\", algs=\"RS256 ");
      ValidationResult missing = validate(validator, request());
      assertThat(missing.error().wwwAuthenticate()).startsWith("DPoP algs=\"");
      String bound = boundToken(format);
      assertThat(validate(validator, dpop(bound, proof(bound).build())).isValid()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void modeOffTreatsTheDpopSchemeAsAnotherScheme(Format format) {
    try (TokenValidator validator = validator(format, "dpop.mode", "off")) {
      String token = boundToken(format);
      ValidationResult result = validate(validator, dpop(token, proof(token).build()));

      assertThat(result.error().kind()).isEqualTo(Kind.MISSING_TOKEN);
      assertThat(result.error().wwwAuthenticate()).isEqualTo("Bearer");
      String unbound = token(format, null);
      assertThat(validate(validator, request().header("Authorization", "Bearer " + unbound)).isValid()).isTrue();
    }
  }

  @Test
  void anExplicitModeOffersBothSchemesInOneHeaderValue() {
    try (TokenValidator validator = validator(Format.OPAQUE, "dpop.mode", "allowed", "realm", "bank")) {
      ValidationResult missing = validate(validator, request());
      assertThat(missing.error().headers().get("WWW-Authenticate"))
          .isEqualTo("Bearer realm=\"bank\", DPoP realm=\"bank\", algs=\"" + String.join(" ", "RS256", "RS384",
              "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA") + "\"");

      ValidationResult bearerError = validate(validator, request().header("Authorization", "Bearer unknown"));
      assertThat(bearerError.error().wwwAuthenticate())
          .startsWith("Bearer realm=\"bank\", error=\"invalid_token\", DPoP realm=\"bank\", algs=");

      ValidationResult dpopError = validate(validator, request().header("Authorization", "DPoP unknown"));
      assertThat(dpopError.error().wwwAuthenticate())
          .startsWith("Bearer realm=\"bank\", DPoP realm=\"bank\", error=\"invalid_dpop_proof\", algs=");
    }
    try (TokenValidator validator = validator(Format.OPAQUE)) {
      assertThat(validate(validator, request()).error().wwwAuthenticate()).isEqualTo("Bearer");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void noncesAreDemandedAndAFreshOneComesWithEverySuccess(Format format) {
    try (TokenValidator validator = validator(format, "dpop.nonce", "true", "dpop.nonce-secret",
        "a-fleet-secret-of-at-least-32-characters")) {
      String token = boundToken(format);

      ValidationResult demanded = validate(validator, dpop(token, proof(token).build()));
      assertRefused(demanded, Kind.USE_DPOP_NONCE, "nonce");
      String nonce = demanded.error().headers().get("DPoP-Nonce");
      assertThat(nonce).isNotEmpty();
      assertThat(demanded.error().wwwAuthenticate()).contains("error=\"use_dpop_nonce\"");
      assertRefused(validate(validator, dpop(token, proof(token).nonce("not-ours").build())), Kind.USE_DPOP_NONCE,
          "nonce");

      ValidationResult result = validate(validator, dpop(token, proof(token).nonce(nonce).build()));
      assertThat(result.isValid()).isTrue();
      assertThat(result.headers()).containsEntry("DPoP-Nonce", nonce);

      clock.advance(Duration.ofSeconds(60));
      ValidationResult later = validate(validator, dpop(token, proof(token).iat(clock.instant()).nonce(nonce).build()));
      assertThat(later.isValid()).isTrue();
      assertThat(later.headers().get("DPoP-Nonce")).isNotEqualTo(nonce);
      clock.advance(Duration.ofSeconds(60));
      assertRefused(validate(validator, dpop(token, proof(token).iat(clock.instant()).nonce(nonce).build())),
          Kind.USE_DPOP_NONCE, "nonce");
    }
  }

  @Test
  void noncesNeedTheirSecret() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> validator(Format.OPAQUE, "dpop.nonce", "true"))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("dpop.nonce-secret");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> validator(Format.OPAQUE, "dpop.nonce-secret", "short"))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("at least 32");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> validator(Format.OPAQUE, "dpop.mode", "sometimes"))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("off, allowed or required");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void theHtuIsTheUriTheClientSentThroughATrustedProxy(Format format) {
    try (TokenValidator validator = validator(format, "trusted-proxies", "10.0.0.1")) {
      String token = boundToken(format);
      TestRequestView behindProxy = TestRequestView.get("http", "10.0.0.7", 8080, "/bank/accounts")
          .from("10.0.0.1").header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com")
          .header("Authorization", "DPoP " + token).header("DPoP", proof(token).build());
      assertThat(validate(validator, behindProxy).isValid()).isTrue();

      TestRequestView untrusted = TestRequestView.get("http", "10.0.0.7", 8080, "/bank/accounts")
          .from("10.0.0.2").header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com")
          .header("Authorization", "DPoP " + token).header("DPoP", proof(token).build());
      assertRefused(validate(validator, untrusted), Kind.INVALID_DPOP_PROOF, "htu");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aProofUsedOnOneInstanceIsRefusedOnAnotherSharingTheStore(Format format) {
    SharedStoreTest.InMemoryStore store = new SharedStoreTest.InMemoryStore();
    try (TokenValidator first = builder(format).sharedStore(store).build();
        TokenValidator second = builder(format).sharedStore(store).build()) {
      String token = boundToken(format);
      String proof = proof(token).build();

      assertThat(validate(first, dpop(token, proof)).isValid()).isTrue();
      assertRefused(validate(second, dpop(token, proof)), Kind.INVALID_DPOP_PROOF, "used before");
    }
  }

  private static String x5t(X509Certificate certificate) throws Exception {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aCertificateBoundTokenNeedsItsCertificate(Format format) throws Exception {
    try (TokenValidator validator = validator(format, "trusted-proxies", "10.0.0.1")) {
      X509Certificate certificate = TLS.clientCertificate();
      String token = token(format, Map.of("x5t#S256", x5t(certificate)));
      TestRequestView bearer = request().header("Authorization", "Bearer " + token);

      assertThat(validate(validator, request().header("Authorization", "Bearer " + token)
          .certificates(List.of(certificate))).isValid()).isTrue();
      assertRefused(validate(validator, bearer), Kind.INVALID_TOKEN, "client certificate");
      assertRefused(validate(validator, request().header("Authorization", "Bearer " + token)
          .certificates(List.of(new TestTls().clientCertificate()))), Kind.INVALID_TOKEN, "client certificate");

      String clientCert = ":" + Base64.getEncoder().encodeToString(certificate.getEncoded()) + ":";
      assertThat(validate(validator, request().from("10.0.0.1").header("Client-Cert", clientCert)
          .header("Authorization", "Bearer " + token)).isValid()).isTrue();
      assertRefused(validate(validator, request().from("10.0.0.2").header("Client-Cert", clientCert)
          .header("Authorization", "Bearer " + token)), Kind.INVALID_TOKEN, "client certificate");
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aTokenBoundBothWaysIsCheckedBothWays(Format format) throws Exception {
    try (TokenValidator validator = validator(format)) {
      X509Certificate certificate = TLS.clientCertificate();
      String token = token(format, Map.of("jkt", TestDpop.thumbprint(CLIENT_KEY), "x5t#S256", x5t(certificate)));

      assertThat(validate(validator, dpop(token, proof(token).build()).certificates(List.of(certificate)))
          .isValid()).isTrue();
      assertRefused(validate(validator, dpop(token, proof(token).build())), Kind.INVALID_TOKEN, "client certificate");
    }
  }

  @Test
  void aMalformedCnfBindsToNothing() {
    try (TokenValidator validator = validator(Format.OPAQUE)) {
      String token = "opaque-malformed-cnf";
      authServer.introspectionBody(token, "{\"active\":true,\"scope\":\"accounts\",\"cnf\":\"jkt\"}");
      assertRefused(validate(validator, request().header("Authorization", "Bearer " + token)), Kind.INVALID_TOKEN,
          "cnf");
    }
  }

  @Test
  void checkingAnIntrospectedAnswersBindingLeavesItsClaimsUnread() {
    // a cached answer keeps the server's bytes and parses them only when its claims are asked for: the cnf
    // check every request makes must not ask, or every cached answer grows by its parsed claims
    try (TokenValidator validator = validator(Format.OPAQUE)) {
      String bound = boundToken(Format.OPAQUE);
      String unbound = token(Format.OPAQUE, null);

      ValidationResult dpop = validate(validator, dpop(bound, proof(bound).build()));
      ValidationResult bearer = validate(validator, request().header("Authorization", "Bearer " + unbound));
      ValidationResult again = validate(validator, dpop(bound, proof(bound).build()));

      assertThat(dpop.isValid()).isTrue();
      assertThat(bearer.isValid()).isTrue();
      assertThat(again.isValid()).isTrue();
      assertThat(dpop.token().claimsRead()).as("bound answer's claims read").isFalse();
      assertThat(bearer.token().claimsRead()).as("unbound answer's claims read").isFalse();
      assertThat(again.token().claimsRead()).as("cached bound answer's claims read").isFalse();
      assertRefused(validate(validator, request().header("Authorization", "Bearer " + bound)), Kind.INVALID_TOKEN,
          "bound to a DPoP key");
      // what was read ahead is what the claims say
      assertThat(again.token().claim("cnf")).isEqualTo(Map.of("jkt", TestDpop.thumbprint(CLIENT_KEY)));
      assertThat(again.token().claimsRead()).isFalse();
      assertThat(again.token().claims()).containsEntry("cnf", Map.of("jkt", TestDpop.thumbprint(CLIENT_KEY)))
          .containsEntry("client_id", "bank-app");
      assertThat(again.token().claimsRead()).isTrue();
      assertThat(bearer.token().claim("cnf")).isNull();
      assertThat(bearer.token().claim("client_id")).isEqualTo("bank-app");
    }
  }

  @Test
  void theAsyncPathGivesTheSameAnswers() {
    try (TokenValidator validator = validator(Format.OPAQUE)) {
      String token = boundToken(Format.OPAQUE);
      String proof = proof(token).build();

      assertThat(validator.validateAsync(dpop(token, proof), Scope.of("accounts")).join().isValid()).isTrue();
      assertRefused(validator.validateAsync(dpop(token, proof), Scope.of("accounts")).join(),
          Kind.INVALID_DPOP_PROOF, "used before");
      assertRefused(validator.validateAsync(request().header("Authorization", "Bearer " + token),
          Scope.of("accounts")).join(), Kind.INVALID_TOKEN, "bound to a DPoP key");
    }
  }

  @Test
  void modesAndNoncesAreEachIssuers() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("tokenvalidator.issuers.partner.token-format", "jwt");
    properties.put("tokenvalidator.issuers.partner.issuer", keyServer.issuer());
    properties.put("tokenvalidator.issuers.partner.audience", "bank");
    properties.put("tokenvalidator.issuers.partner.dpop.mode", "required");
    properties.put("tokenvalidator.issuers.partner.dpop.nonce", "true");
    properties.put("tokenvalidator.issuers.partner.dpop.nonce-secret", "a-fleet-secret-of-at-least-32-characters");
    try (TokenValidator validator = builder(Format.OPAQUE).properties(properties).build()) {
      String opaque = token(Format.OPAQUE, null);
      String jwt = token(Format.JWT, null);
      String boundJwt = boundToken(Format.JWT);

      assertThat(validate(validator, request().header("Authorization", "Bearer " + opaque)).isValid()).isTrue();
      ValidationResult partnerBearer = validate(validator, request().header("Authorization", "Bearer " + jwt));
      assertRefused(partnerBearer, Kind.INVALID_TOKEN, "DPoP proof is required");
      assertThat(partnerBearer.error().wwwAuthenticate()).startsWith("DPoP error=\"invalid_token\"");
      ValidationResult demanded = validate(validator, dpop(boundJwt, proof(boundJwt).build()));
      assertRefused(demanded, Kind.USE_DPOP_NONCE, "nonce");
      String nonce = demanded.error().headers().get("DPoP-Nonce");
      ValidationResult passed = validate(validator, dpop(boundJwt, proof(boundJwt).nonce(nonce).build()));
      assertThat(passed.isValid()).isTrue();
      assertThat(passed.headers()).containsKey("DPoP-Nonce");
      // the default issuer demands no nonce
      String boundOpaque = boundToken(Format.OPAQUE);
      ValidationResult opaqueDpop = validate(validator, dpop(boundOpaque, proof(boundOpaque).build()));
      assertThat(opaqueDpop.isValid()).isTrue();
      assertThat(opaqueDpop.headers()).isEmpty();
      // a resource's route goes through the same checks
      assertRefused(validator.validate(request().header("Authorization", "Bearer " + boundJwt), Scope.of("accounts"),
          validator.route("partner")), Kind.INVALID_TOKEN, "bound to a DPoP key");
      assertRefused(validator.validate("Bearer " + boundJwt, Scope.of("accounts"), validator.route("partner")),
          Kind.INVALID_TOKEN, "bound to a DPoP key");
    }
  }
}
