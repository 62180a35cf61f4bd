package io.github.tokenvalidator.devserver;

import static io.github.tokenvalidator.devserver.Http.basic;
import static io.github.tokenvalidator.devserver.TokenEndpointTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.devserver.DevAuthorizationServer.JwtAlgorithm;
import io.github.tokenvalidator.testing.MutableClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** JWT access tokens: signed as configured, verifiable through the served JWKS, still introspectable. */
class JwtTokensTest {
  private static final String TEST = basic("test", "test");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00.250Z"));

  @ParameterizedTest
  @EnumSource(JwtAlgorithm.class)
  void tokenVerifiesThroughTheJwksNamedByTheDiscoveryDocument(JwtAlgorithm algorithm) {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).jwt(algorithm).start()) {
      Map<String, Object> discovery = Jws.get(server.serverUrl() + "/.well-known/openid-configuration");
      String token = (String) Http.json(Http.requestToken(server, TEST, "grant_type", "client_credentials",
          "scope", "accessRestricted push.send", "username", "alice")).get("access_token");

      Jws.Jwt jwt = Jws.verify(token, (String) discovery.get("jwks_uri"));

      assertThat(jwt.header()).containsOnlyKeys("alg", "kid", "typ")
          .containsEntry("alg", algorithm.joseName()).containsEntry("typ", "at+jwt");
      long now = Instant.parse("2026-12-01T10:00:00Z").getEpochSecond();
      assertThat(jwt.claims()).containsOnlyKeys("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "scope")
          .containsEntry("iss", server.issuer()).containsEntry("sub", "alice").containsEntry("aud", "test")
          .containsEntry("iat", now).containsEntry("exp", now + 3600).containsEntry("client_id", "test")
          .containsEntry("scope", "accessRestricted push.send");
      assertThat((String) jwt.claims().get("jti")).isNotBlank();
    }
  }

  @ParameterizedTest
  @EnumSource(JwtAlgorithm.class)
  void publishedKeyIsTheOnlyOneItsKidNamesAndTheKidIsItsRfc7638Thumbprint(JwtAlgorithm algorithm)
      throws Exception {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().jwt(algorithm).start()) {
      List<Map<String, Object>> keys = Jws.keys(server.jwksUri());

      assertThat(keys).hasSize(1);
      Map<String, Object> jwk = keys.get(0);
      assertThat(jwk).containsEntry("use", "sig").containsEntry("alg", algorithm.joseName());
      String canonical;
      switch ((String) jwk.get("kty")) {
        case "RSA":
          assertThat(jwk).containsOnlyKeys("kty", "kid", "use", "alg", "n", "e").containsEntry("e", "AQAB");
          canonical = "{\"e\":\"" + jwk.get("e") + "\",\"kty\":\"RSA\",\"n\":\"" + jwk.get("n") + "\"}";
          break;
        case "EC":
          assertThat(jwk).containsOnlyKeys("kty", "crv", "kid", "use", "alg", "x", "y");
          canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x") + "\",\"y\":\"" + jwk.get("y") + "\"}";
          break;
        default:
          assertThat(jwk).containsOnlyKeys("kty", "crv", "kid", "use", "alg", "x").containsEntry("kty", "OKP");
          canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + jwk.get("x") + "\"}";
          break;
      }
      byte[] thumbprint = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      assertThat(jwk.get("kid")).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(thumbprint));
      assertThat(Jws.publicKey(jwk)).isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(JwtAlgorithm.class)
  void alteredTokenFailsTheSameCheck(JwtAlgorithm algorithm) {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().jwt(algorithm).start()) {
      Jws.Jwt jwt = Jws.verify(server.issueToken("app", "read"), server.jwksUri());
      byte[] input = jwt.signingInput().clone();
      input[input.length - 1] ^= 1;

      Jws.Jwt altered = new Jws.Jwt(jwt.header(), jwt.claims(), input, jwt.signature());

      assertThat(Jws.verifies(altered, Jws.keys(server.jwksUri()).get(0))).isFalse();
      if (algorithm != JwtAlgorithm.RS256) {
        assertThat(jwt.signature()).as("raw JOSE signature, not DER").hasSize(64);
      }
    }
  }

  @Test
  void esSignaturesAreConvertedFromDerWithFixedLengthRAndS() {
    // r and s with leading zeros and with the high bit set exercise padding and sign-byte stripping.
    byte[] der = new byte[] {0x30, 0x08, 0x02, 0x01, 0x05, 0x02, 0x03, 0x00, (byte) 0x80, 0x01};
    byte[] jose = SigningKey.derToJose(der, 32);

    assertThat(jose).hasSize(64);
    assertThat(jose[31]).isEqualTo((byte) 5);
    assertThat(jose[62]).isEqualTo((byte) 0x80);
    assertThat(jose[63]).isEqualTo((byte) 1);
    assertThat(jose[0]).isZero();
    assertThat(jose[32]).isZero();
  }

  @Test
  void issueTokenMintsAJwtForTheServersIssuer() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().jwt(JwtAlgorithm.RS256).start()) {
      Jws.Jwt jwt = Jws.verify(server.issueToken("mobile-app", ""), server.jwksUri());

      assertThat(jwt.claims()).containsEntry("sub", "mobile-app").containsEntry("client_id", "mobile-app")
          .containsEntry("aud", "mobile-app").containsEntry("scope", "RegisteredClient")
          .containsEntry("iss", server.serverUrl());
      assertThat(server.issuesJwts()).isTrue();
    }
  }

  @Test
  void discoveryDocumentNamesTheIssuerAndItsEndpoints() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().jwt(JwtAlgorithm.ES256).start()) {
      Map<String, Object> discovery = Jws.get(server.serverUrl() + "/.well-known/openid-configuration");

      assertThat(discovery).containsEntry("issuer", server.serverUrl())
          .containsEntry("jwks_uri", server.serverUrl() + "/az/v1/jwks")
          .containsEntry("token_endpoint", server.tokenEndpoint())
          .containsEntry("introspection_endpoint", server.introspectionEndpoint())
          .containsEntry("grant_types_supported", List.of("client_credentials"))
          .containsEntry("token_endpoint_auth_methods_supported", List.of("client_secret_basic"))
          .doesNotContainKey("introspection_endpoint_auth_methods_supported");
      assertThat(server.jwksUri()).isEqualTo(discovery.get("jwks_uri"));
    }
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().jwt(JwtAlgorithm.ES256)
        .mode(DevAuthorizationServer.Mode.RFC7662).runtimePath("").start()) {
      Map<String, Object> discovery = Jws.get(server.serverUrl() + "/.well-known/openid-configuration");

      assertThat(discovery).containsEntry("issuer", server.serverUrl())
          .containsEntry("introspection_endpoint_auth_methods_supported",
              List.of("client_secret_basic", "client_secret_post"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"JOSE", "at+jwt", "application/at+jwt", "JWT", "dpop+jwt"})
  void headerTypIsConfigurable(String type) {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().jwt(JwtAlgorithm.EDDSA).jwtType(type)
        .start()) {
      assertThat(Jws.verify(Http.token(server, "test", "test", null), server.jwksUri()).header())
          .containsEntry("typ", type);
    }
  }

  @Test
  void emptyTypLeavesTypOut() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().jwt(JwtAlgorithm.EDDSA).jwtType("")
        .start()) {
      assertThat(Jws.verify(server.issueToken("app", "read"), server.jwksUri()).header())
          .containsOnlyKeys("alg", "kid");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"at jwt", "at+jwt\r\nX: y", "\u00e9",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
  void malformedTypIsRefusedByTheBuilder(String type) {
    assertThatIllegalArgumentException().isThrownBy(() -> DevAuthorizationServer.builder().jwtType(type));
  }

  @Test
  void audienceIsConfigurableAsOneValueOrSeveral() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().jwt(JwtAlgorithm.ES256)
        .jwtAudience("https://api.example").start()) {
      assertThat(Jws.verify(server.issueToken("app", "read"), server.jwksUri()).claims())
          .containsEntry("aud", "https://api.example");
    }
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().jwt(JwtAlgorithm.ES256)
        .jwtAudience("api-1", "api-2").start()) {
      assertThat(Jws.verify(server.issueToken("app", "read"), server.jwksUri()).claims())
          .containsEntry("aud", List.of("api-1", "api-2"));
    }
    assertThatIllegalArgumentException().isThrownBy(() -> DevAuthorizationServer.builder().jwtAudience());
    assertThatIllegalArgumentException().isThrownBy(() -> DevAuthorizationServer.builder().jwtAudience("a", ""));
  }

  @Test
  void jwtSettingsWithoutJwtsAreRefusedAtStart() {
    assertThatIllegalStateException().isThrownBy(() -> DevAuthorizationServer.builder().jwtType("JOSE").start())
        .withMessageContaining("jwt(");
    assertThatIllegalStateException().isThrownBy(() -> DevAuthorizationServer.builder().jwtAudience("a").start());
  }

  @Test
  void opaqueServerPublishesNoKeysAndSaysSoWhenAsked() {
    try (DevAuthorizationServer server = DevAuthorizationServer.start()) {
      assertThat(server.issuesJwts()).isFalse();
      assertThat(server.issueToken("app", "read")).doesNotContain(".");
      assertThatIllegalStateException().isThrownBy(server::jwksUri);
      assertThatIllegalStateException().isThrownBy(server::issuer);
      assertThatIllegalStateException().isThrownBy(server::rotateSigningKey);
      assertThatIllegalStateException().isThrownBy(server::appIdIssuer);
      assertError(Http.send(Jws.request(server.serverUrl() + "/az/v1/jwks").GET()), 404, "not_found");
      assertError(Http.send(Jws.request(server.serverUrl() + "/.well-known/openid-configuration").GET()), 404,
          "not_found");
    }
  }

  @Test
  void publishedDocumentsAnswerOnlyGetAndHeadOnTheirExactPath() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().jwt(JwtAlgorithm.RS256).start()) {
      HttpResponse<String> post = Http.postForm(server.jwksUri(), null, "a=b");
      assertError(post, 405, "invalid_request");
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertError(Http.send(Jws.request(server.jwksUri()).DELETE()), 405, "invalid_request");

      HttpResponse<String> head = Http.send(Jws.request(server.jwksUri())
          .method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();

      assertError(Http.send(Jws.request(server.jwksUri() + "/x").GET()), 404, "not_found");
      assertError(Http.send(Jws.request(server.jwksUri() + "x").GET()), 404, "not_found");
      assertError(Http.send(Jws.request(server.serverUrl() + "/.well-known/openid-configurationx").GET()),
          404, "not_found");
    }
  }

  @Test
  void introspectionAnswersForAJwtUntilItsExpAndRepeatsItsClaims() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).jwt(JwtAlgorithm.RS256)
        .jwtAudience("api").tokenLifetime(Duration.ofSeconds(60)).start()) {
      String introspector = "Bearer " + Http.token(server, "test", "test", "authorization.introspect");
      String token = server.issueToken("app", "read", "bob");

      Map<String, Object> answer = Http.json(Http.introspect(server, introspector, token));
      assertThat(answer).containsEntry("active", true).containsEntry("client_id", "app")
          .containsEntry("scope", "read").containsEntry("iss", server.issuer()).containsEntry("sub", "bob")
          .containsEntry("aud", List.of("api")).containsEntry("username", "bob")
          .containsEntry("exp", Jws.parse(token).claims().get("exp"));

      String altered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
      assertThat(Http.json(Http.introspect(server, introspector, altered))).isEqualTo(Map.of("active", false));

      clock.advance(Duration.ofSeconds(60));
      String laterIntrospector = "Bearer " + Http.token(server, "test", "test", "authorization.introspect");
      assertThat(Http.json(Http.introspect(server, laterIntrospector, token))).isEqualTo(Map.of("active", false));
    }
  }

  @Test
  void coreValidatorAcceptsTheJwtByIntrospection() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).jwt(JwtAlgorithm.ES256)
        .start();
        TokenValidator validator = TokenValidator.builder().serverUrl(server.serverUrl())
            .clientCredentials("test", "test").clock(clock).ticker(clock).build()) {
      String token = Http.token(server, "test", "test", "accessRestricted");

      ValidationResult result = validator.validate("Bearer " + token, "accessRestricted");

      assertThat(result.isValid()).as("%s", result).isTrue();
      TokenInfo info = result.token();
      assertThat(info.clientId()).isEqualTo("test");
      assertThat(info.issuer()).isEqualTo(server.issuer());
    }
  }
}
