package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.testing.KeyServer;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import io.github.tokenvalidator.testing.TestJson;
import io.github.tokenvalidator.testing.TestKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 9728 metadata, the resource as audience (RFC 8707), the challenges an MCP client follows, and RFC 9470
 * step-up, through {@link TokenValidator#validate(RequestView, Requirement)} and
 * {@link TokenValidator#resourceMetadata(java.util.Collection)}.
 */
class ProtectedResourceTest {
  private static final String MCP = "https://api.example.com/mcp";
  private static final String BANK = "https://api.example.com/bank/";
  private static final String MCP_METADATA = "https://api.example.com/.well-known/oauth-protected-resource/mcp";
  private static final TestKey KEY = TestKey.rsa("k1");

  private final MutableClock clock = MutableClock.startingNow();
  private final MockAuthorizationServer server = MockAuthorizationServer.start(clock);
  private final KeyServer keys = KeyServer.start().keys(KEY);

  @AfterEach
  void stop() {
    server.close();
    keys.close();
  }

  private static TestRequestView request(String authorization) {
    TestRequestView view = TestRequestView.get("http", "10.0.0.7", 8080, "/mcp");
    return authorization == null ? view : view.header("Authorization", authorization);
  }

  private void introspected(String token, Map<String, Object> extra) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("active", true);
    claims.put("scope", "tools.read tools.write");
    claims.put("client_id", "agent");
    claims.put("exp", clock.instant().getEpochSecond() + 3600);
    claims.putAll(extra);
    server.introspectionBody(token, TestJson.write(claims));
  }

  @Test
  void everyRefusalNamesTheMetadataAndA401TheRouteScope() {
    introspected("weak", Map.of("scope", "tools.read"));
    try (TokenValidator validator = server.validatorBuilder().resource(MCP).clock(clock).build()) {
      Requirement route = Requirement.of(Scope.of("tools.write"));

      AuthenticationError missing = validator.validate(request(null), route).error();
      AuthenticationError invalid = validator.validate(request("Bearer unknown"), route).error();
      AuthenticationError scope = validator.validate(request("Bearer weak"), route).error();

      assertThat(missing.wwwAuthenticate())
          .isEqualTo("Bearer scope=\"tools.write\", resource_metadata=\"" + MCP_METADATA + "\"");
      assertThat(invalid.wwwAuthenticate()).isEqualTo("Bearer error=\"invalid_token\", scope=\"tools.write\","
          + " resource_metadata=\"" + MCP_METADATA + "\"");
      assertThat(scope.status()).isEqualTo(403);
      assertThat(scope.wwwAuthenticate()).isEqualTo("Bearer error=\"insufficient_scope\", scope=\"tools.write\","
          + " resource_metadata=\"" + MCP_METADATA + "\"");
      assertThat(missing.resourceMetadata()).isEqualTo(MCP_METADATA);
    }
  }

  @Test
  void withoutTheResourceSettingChallengesStayAsMobileFirstClientsParseThem() {
    try (TokenValidator validator = server.validatorBuilder().realm("bank").build()) {
      AuthenticationError missing = validator.validate(request(null), Requirement.of(Scope.of("a"))).error();

      assertThat(missing.wwwAuthenticate()).isEqualTo("Bearer realm=\"bank\"");
      assertThat(validator.resourceMetadata(List.of(Requirement.of(Scope.of("a")))).isEnabled()).isFalse();
    }
  }

  @Test
  void theResourceIsTheAudienceOfIntrospectedTokensAndAnAnswerWithoutAudPasses() {
    introspected("for-mcp", Map.of("aud", MCP));
    introspected("for-other", Map.of("aud", List.of("https://other.example.com")));
    introspected("no-aud", Map.of());
    try (TokenValidator validator = server.validatorBuilder().resource(MCP).clock(clock).build()) {
      Requirement route = Requirement.of(Scope.empty());

      assertThat(validator.validate(request("Bearer for-mcp"), route).isValid()).isTrue();
      assertThat(validator.validate(request("Bearer no-aud"), route).isValid()).isTrue();
      AuthenticationError other = validator.validate(request("Bearer for-other"), route).error();
      assertThat(other.kind()).isEqualTo(Kind.INVALID_TOKEN);
      assertThat(other.resourceMetadata()).isEqualTo(MCP_METADATA);
    }
  }

  @Test
  void anExplicitAudienceWinsOverTheResource() {
    introspected("for-api", Map.of("aud", "orders-api"));
    try (TokenValidator validator = server.validatorBuilder().resource(MCP).audience("orders-api").clock(clock).build()) {
      ValidationResult r = validator.validate(request("Bearer for-api"), Requirement.of(Scope.empty()));
      assertThat(r.isValid()).as(String.valueOf(r)).isTrue();
    }
  }

  @Test
  void aJwtMustBeForTheResourceWhenNoAudienceIsSet() {
    try (TokenValidator validator = TokenValidator.builder().tokenFormat(TokenFormat.JWT).issuer(keys.issuer())
        .resource(MCP).clock(clock).ticker(clock).build()) {
      Requirement route = Requirement.of(Scope.empty());

      assertThat(validator.validate(request("Bearer " + KEY.sign(jwt(MCP))), route).isValid()).isTrue();
      assertThat(validator.validate(request("Bearer " + KEY.sign(jwt("https://other.example.com"))), route)
          .error().kind()).isEqualTo(Kind.INVALID_TOKEN);
    }
  }

  @Test
  void severalResourcesEachAcceptOnlyTheirOwnTokens() {
    introspected("for-mcp", Map.of("aud", MCP));
    introspected("for-bank", Map.of("aud", BANK));
    try (TokenValidator validator = server.validatorBuilder().resource(MCP, BANK).clock(clock).build()) {
      Requirement mcp = Requirement.of(Scope.empty());
      Requirement bank = Requirement.of(Scope.empty()).resource(BANK);

      assertThat(validator.validate(request("Bearer for-mcp"), mcp).isValid()).isTrue();
      assertThat(validator.validate(request("Bearer for-bank"), bank).isValid()).isTrue();
      AuthenticationError wrong = validator.validate(request("Bearer for-mcp"), bank).error();
      assertThat(wrong.kind()).isEqualTo(Kind.INVALID_TOKEN);
      assertThat(wrong.resourceMetadata())
          .isEqualTo("https://api.example.com/.well-known/oauth-protected-resource/bank");
      assertThatThrownBy(() -> validator.validate(request("Bearer for-mcp"),
          Requirement.of(Scope.empty()).resource("https://elsewhere.example.com")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://elsewhere.example.com");
    }
  }

  @Test
  void stepUpNamesTheAcrValuesAndTheMaxAge() {
    long now = clock.instant().getEpochSecond();
    introspected("mfa-now", Map.of("acr", "urn:example:mfa", "auth_time", now));
    introspected("mfa-old", Map.of("acr", "urn:example:mfa", "auth_time", now - 301));
    introspected("password", Map.of("acr", "urn:example:pwd", "auth_time", now));
    introspected("no-auth-time", Map.of("acr", "urn:example:mfa"));
    try (TokenValidator validator = server.validatorBuilder().resource(MCP).clock(clock).build()) {
      Requirement route = Requirement.of(Scope.of("tools.write")).acrValues("urn:example:mfa")
          .maxAge(Duration.ofMinutes(5));

      assertThat(validator.validate(request("Bearer mfa-now"), route).isValid()).isTrue();
      for (String token : List.of("mfa-old", "password", "no-auth-time")) {
        AuthenticationError error = validator.validate(request("Bearer " + token), route).error();
        assertThat(error.status()).as(token).isEqualTo(401);
        assertThat(error.wwwAuthenticate()).as(token).isEqualTo("Bearer error=\"insufficient_user_authentication\","
            + " acr_values=\"urn:example:mfa\", max_age=\"300\", scope=\"tools.write\", resource_metadata=\""
            + MCP_METADATA + "\"");
        assertThat(error.jsonBody()).contains("\"error\":\"insufficient_user_authentication\"");
      }
      clock.advance(Duration.ofSeconds(301));
      assertThat(validator.validate(request("Bearer mfa-now"), route).error().kind())
          .isEqualTo(Kind.INSUFFICIENT_USER_AUTHENTICATION);
    }
  }

  @Test
  void theAsynchronousValidationAppliesTheSameRouteRules() {
    introspected("password", Map.of("acr", "urn:example:pwd", "auth_time", clock.instant().getEpochSecond()));
    try (TokenValidator validator = server.validatorBuilder().resource(MCP).clock(clock).build()) {
      Requirement route = Requirement.of(Scope.of("tools.read")).acrValues("urn:example:mfa");

      AuthenticationError error = validator.validateAsync(request("Bearer password"), route).join().error();

      assertThat(error.kind()).isEqualTo(Kind.INSUFFICIENT_USER_AUTHENTICATION);
      assertThat(error.resourceMetadata()).isEqualTo(MCP_METADATA);
      assertThat(validator.validateAsync(request(null), route).join().error().wwwAuthenticate())
          .isEqualTo("Bearer scope=\"tools.read\", resource_metadata=\"" + MCP_METADATA + "\"");
    }
  }

  @Test
  void stepUpReadsAcrAndAuthTimeFromAJwt() {
    try (TokenValidator validator = TokenValidator.builder().tokenFormat(TokenFormat.JWT).issuer(keys.issuer())
        .resource(MCP).clock(clock).ticker(clock).build()) {
      Map<String, Object> claims = jwt(MCP);
      claims.put("acr", "urn:example:mfa");
      Requirement acr = Requirement.of(Scope.empty()).acrValues("urn:example:mfa", "urn:example:hwk");
      Requirement recent = Requirement.of(Scope.empty()).maxAge(Duration.ofSeconds(60));

      assertThat(validator.validate(request("Bearer " + KEY.sign(claims)), acr).isValid()).isTrue();
      AuthenticationError error = validator.validate(request("Bearer " + KEY.sign(claims)), recent).error();
      assertThat(error.wwwAuthenticate()).startsWith("Bearer error=\"insufficient_user_authentication\", "
          + "max_age=\"60\", resource_metadata=");
      assertThat(error.maxAge()).isEqualTo(Duration.ofSeconds(60));
    }
  }

  @Test
  void theDocumentNamesTheResourceItsIssuersAndItsRoutesScopes() {
    try (TokenValidator validator = TokenValidator.builder().tokenFormat(TokenFormat.JWT).issuer(keys.issuer())
        .resource(MCP, BANK).resourceName("Tools").build()) {
      ResourceMetadata metadata = validator.resourceMetadata(List.of(Requirement.of(Scope.of("tools.read")),
          Requirement.of(Scope.of("tools.read tools.write")), Requirement.of(Scope.of("admin.*")),
          Requirement.of(Scope.of("accounts")).resource(BANK)));

      String mcp = "{\"resource\":\"" + MCP + "\",\"authorization_servers\":[\"" + keys.issuer() + "\"],"
          + "\"scopes_supported\":[\"tools.read\",\"tools.write\"],\"bearer_methods_supported\":[\"header\"],"
          + "\"resource_name\":\"Tools\"}";
      assertThat(metadata.document(TestRequestView.get("https", "api.example.com", 443,
          "/.well-known/oauth-protected-resource/mcp"))).isEqualTo(mcp);
      // the root form is the default resource's
      assertThat(metadata.document(TestRequestView.get("https", "api.example.com", 443,
          "/.well-known/oauth-protected-resource"))).isEqualTo(mcp);
      // behind a proxy that adds a prefix, or under a context path
      assertThat(metadata.document(TestRequestView.get("http", "10.0.0.7", 8080,
          "/internal/.well-known/oauth-protected-resource/mcp"))).isEqualTo(mcp);
      assertThat(metadata.document(TestRequestView.get("https", "api.example.com", 443,
          "/.well-known/oauth-protected-resource/bank"))).contains("\"resource\":\"" + BANK + "\"",
          "\"scopes_supported\":[\"accounts\"]");
      assertThat(metadata.document(TestRequestView.get("https", "api.example.com", 443, "/mcp"))).isNull();
      assertThat(metadata.document(TestRequestView.get("https", "api.example.com", 443,
          "/.well-known/oauth-protected-resource/other"))).isNull();
      assertThat(metadata.headers()).containsEntry("Cache-Control", "public, max-age=3600");
    }
  }

  @Test
  void everyIssuerGroupIsAnAuthorizationServerAndTakesTheResourceAsItsAudienceUnlessItHasOne() {
    TestKey partnerKey = TestKey.rsa("p1");
    try (KeyServer partners = KeyServer.start().keys(partnerKey);
        TokenValidator validator = TokenValidator.builder().properties(Map.of(
            "tokenvalidator.token-format", "jwt",
            "tokenvalidator.issuer", keys.issuer(),
            "tokenvalidator.resource", MCP,
            "tokenvalidator.issuers.partners.token-format", "jwt",
            "tokenvalidator.issuers.partners.issuer", partners.issuer(),
            "tokenvalidator.issuers.partners.audience", "partner-api")).clock(clock).ticker(clock).build()) {
      String document = validator.resourceMetadata(List.of()).document(TestRequestView.get("https", "h", 443,
          "/.well-known/oauth-protected-resource/mcp"));
      Map<String, Object> partnerClaims = jwt("partner-api");
      partnerClaims.put("iss", partners.issuer());
      Requirement route = Requirement.of(Scope.empty());

      assertThat(document).contains("\"authorization_servers\":[\"" + keys.issuer() + "\",\"" + partners.issuer()
          + "\"]");
      // the default issuer has no audience: the resource is its tokens' audience
      assertThat(validator.validate(request("Bearer " + KEY.sign(jwt(MCP))), route).isValid()).isTrue();
      assertThat(validator.validate(request("Bearer " + KEY.sign(jwt("partner-api"))), route).isValid()).isFalse();
      // the partners' group has its own audience, which wins
      assertThat(validator.validate(request("Bearer " + partnerKey.sign(partnerClaims)), route).isValid()).isTrue();
    }
  }

  private String documentWith(Map<String, String> more) {
    Map<String, String> properties = new LinkedHashMap<>(Map.of("tokenvalidator.token-format", "jwt",
        "tokenvalidator.issuer", keys.issuer(), "tokenvalidator.resource", MCP));
    properties.putAll(more);
    try (TokenValidator validator = TokenValidator.builder().properties(properties).build()) {
      return validator.resourceMetadata(List.of()).document(TestRequestView.get("https", "h", 443,
          "/.well-known/oauth-protected-resource/mcp"));
    }
  }

  @Test
  void theDocumentNamesDpopWhereAnIssuersModeOffersItAndRequiresItWhereEveryIssuerDoes() {
    String algs = "\"dpop_signing_alg_values_supported\":[\"RS256\",\"RS384\",\"RS512\",\"PS256\",\"PS384\","
        + "\"PS512\",\"ES256\",\"ES384\",\"ES512\",\"EdDSA\"]";

    assertThat(documentWith(Map.of("tokenvalidator.dpop.mode", "required")))
        .contains("\"bearer_methods_supported\":[\"header\"]," + algs + ",\"dpop_bound_access_tokens_required\":true");
    assertThat(documentWith(Map.of("tokenvalidator.dpop.mode", "allowed")))
        .contains(algs + ",\"dpop_bound_access_tokens_required\":false");
    // one issuer of two requires it: a client may still bring the other's bearer token
    assertThat(documentWith(Map.of("tokenvalidator.dpop.mode", "required",
        "tokenvalidator.issuers.partners.token-format", "jwt",
        "tokenvalidator.issuers.partners.issuer", "https://partners.example.com",
        "tokenvalidator.issuers.partners.audience", "partner-api")))
        .contains(algs + ",\"dpop_bound_access_tokens_required\":false");
    // not set, or off: the scheme is not offered, and the document says nothing of it
    assertThat(documentWith(Map.of())).doesNotContain("dpop");
    assertThat(documentWith(Map.of("tokenvalidator.dpop.mode", "off"))).doesNotContain("dpop");
  }

  @Test
  void anIssuerWithoutAnIdentifierIsLeftOutOfAuthorizationServers() {
    try (TokenValidator validator = server.validatorBuilder().resource(MCP).build()) {
      String document = validator.resourceMetadata(List.of()).document(TestRequestView.get("https", "h", 443,
          "/.well-known/oauth-protected-resource/mcp"));

      assertThat(document).isEqualTo("{\"resource\":\"" + MCP + "\",\"bearer_methods_supported\":[\"header\"]}");
    }
  }

  @Test
  void theResourceMustBeHttpsOrLoopbackWithoutQueryOrFragment() {
    assertThat(TokenValidator.fromProperties(Map.of("tokenvalidator.server-url", server.serverUrl(),
        "tokenvalidator.client-id", "test", "tokenvalidator.client-secret", "test",
        "tokenvalidator.resource", "http://localhost:8080/mcp"))).isNotNull().satisfies(TokenValidator::close);
    for (String bad : List.of("http://api.example.com/mcp", "https://api.example.com/mcp?x=1",
        "https://api.example.com/mcp#f", "mcp")) {
      assertThatThrownBy(() -> server.validatorBuilder().resource(bad)).as(bad)
          .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("resource");
    }
  }

  private Map<String, Object> jwt(String audience) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", keys.issuer());
    claims.put("aud", audience);
    claims.put("sub", "agent");
    claims.put("exp", clock.instant().getEpochSecond() + 600);
    claims.put("iat", clock.instant().getEpochSecond());
    claims.put("scope", "tools.read");
    return claims;
  }
}
