package io.github.tokenvalidator.devserver;

import static io.github.tokenvalidator.devserver.Http.basic;
import static io.github.tokenvalidator.devserver.TokenEndpointTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.devserver.DevAuthorizationServer.JwtAlgorithm;
import io.github.tokenvalidator.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a client that starts from a protected resource's RFC 9728 metadata needs of the dev server: RFC 8414
 * metadata at the path-inserted location, the RFC 8707 {@code resource} parameter becoming {@code aud}, and
 * RFC 9470 login details ({@code acr}, {@code auth_time}) in JWTs and introspection answers.
 */
class ResourceIndicatorsTest {
  private static final String TEST = basic("test", "test");
  private static final String MCP = "https://api.example.com/mcp";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

  @Test
  void rfc8414MetadataIsAtThePathInsertedLocationInEveryMode() {
    try (DevAuthorizationServer opaque = DevAuthorizationServer.builder().start();
        DevAuthorizationServer jwt = DevAuthorizationServer.builder().jwt(JwtAlgorithm.ES256).start()) {
      assertThat(opaque.authorizationServerMetadataUrl()).isEqualTo("http://127.0.0.1:" + opaque.port()
          + "/.well-known/oauth-authorization-server/mfp/api");
      Map<String, Object> plain = Jws.get(opaque.authorizationServerMetadataUrl());
      Map<String, Object> signed = Jws.get(jwt.authorizationServerMetadataUrl());

      assertThat(plain).containsEntry("issuer", opaque.serverUrl())
          .containsEntry("token_endpoint", opaque.tokenEndpoint()).doesNotContainKey("jwks_uri")
          .containsEntry("grant_types_supported", List.of("client_credentials"));
      assertThat(signed).containsEntry("issuer", jwt.issuer()).containsEntry("jwks_uri", jwt.jwksUri())
          .isEqualTo(Jws.get(jwt.serverUrl() + "/.well-known/openid-configuration"));
    }
  }

  @Test
  void theResourceParameterBecomesTheJwtsAudAndAcrValuesItsLogin() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).jwt(JwtAlgorithm.ES256)
        .start()) {
      String token = (String) Http.json(Http.requestToken(server, TEST, "grant_type", "client_credentials",
          "scope", "accessRestricted", "resource", MCP, "acr_values", "urn:example:mfa urn:example:pwd"))
          .get("access_token");

      Jws.Jwt jwt = Jws.verify(token, server.jwksUri());

      assertThat(jwt.claims()).containsEntry("aud", MCP).containsEntry("acr", "urn:example:mfa")
          .containsEntry("auth_time", clock.instant().getEpochSecond());
      assertThat(Http.json(Http.introspect(server, introspector(server), token))).containsEntry("aud", List.of(MCP))
          .containsEntry("acr", "urn:example:mfa");
    }
  }

  @Test
  void anOpaqueTokensIntrospectionAnswerNamesItsResource() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).start()) {
      String token = (String) Http.json(Http.requestToken(server, TEST, "grant_type", "client_credentials",
          "scope", "accessRestricted", "resource", MCP)).get("access_token");
      String plain = server.issueToken("test", "accessRestricted");

      assertThat(Http.json(Http.introspect(server, introspector(server), token))).containsEntry("aud", MCP)
          .doesNotContainKeys("acr", "auth_time");
      assertThat(Http.json(Http.introspect(server, introspector(server), plain))).doesNotContainKey("aud");
    }
  }

  @Test
  void aResourceThatIsNotAnAbsoluteUriIsRefusedAsInvalidTarget() {
    try (DevAuthorizationServer server = DevAuthorizationServer.start()) {
      for (String resource : List.of("mcp", "https://api.example.com/mcp#f")) {
        assertError(Http.requestToken(server, TEST, "grant_type", "client_credentials", "resource", resource),
            400, "invalid_target");
      }
    }
  }

  private static String introspector(DevAuthorizationServer server) {
    return "Bearer " + server.issueToken("rs", "authorization.introspect");
  }
}
