package io.github.tokenvalidator.devserver;

import static io.github.tokenvalidator.devserver.Http.basic;
import static io.github.tokenvalidator.devserver.TokenEndpointTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.tokenvalidator.devserver.DevAuthorizationServer.JwtAlgorithm;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IBM App ID's paths, issuer and token shape, so App ID code can be tested without the cloud. */
class AppIdPathsTest {
  private static final String TENANT = "3f1c7a52-9d1e-4c11-9a3b-0e5a6f2d7c88";

  private static DevAuthorizationServer server() {
    return DevAuthorizationServer.builder().appIdTenant(TENANT).client("bank-app", "app-secret", "*").start();
  }

  @Test
  void documentedExampleWorks() {
    // As in docs/dev-server.md, "IBM App ID paths".
    try (DevAuthorizationServer appId = DevAuthorizationServer.builder()
        .appIdTenant("my-tenant")                             // RS256, typ JOSE, as App ID
        .client("bank-app", "app-secret", "*")
        .start()) {
      String issuer = appId.appIdIssuer();                     // http://127.0.0.1:PORT/oauth/v4/my-tenant
      String token = appId.issueToken("bank-app", "read");     // issueToken uses the MobileFirst issuer

      assertThat(issuer).isEqualTo("http://127.0.0.1:" + appId.port() + "/oauth/v4/my-tenant");
      assertThat(Jws.verify(token, issuer + "/publickeys").claims()).containsEntry("iss", appId.issuer());
    }
  }

  @Test
  void issuerIsTheTenantsOauthServerUrlAndDiscoveryNamesItsEndpoints() {
    try (DevAuthorizationServer server = server()) {
      String issuer = "http://127.0.0.1:" + server.port() + "/oauth/v4/" + TENANT;
      assertThat(server.appIdIssuer()).isEqualTo(issuer);

      Map<String, Object> discovery = Jws.get(issuer + "/.well-known/openid-configuration");

      assertThat(discovery).containsEntry("issuer", issuer)
          .containsEntry("token_endpoint", issuer + "/token")
          .containsEntry("introspection_endpoint", issuer + "/introspect")
          .containsEntry("jwks_uri", issuer + "/publickeys")
          .containsEntry("introspection_endpoint_auth_methods_supported",
              List.of("client_secret_basic", "client_secret_post"));
    }
  }

  @Test
  void tokensAreRs256WithAKidAndTypJoseAndVerifyThroughPublickeys() {
    try (DevAuthorizationServer server = server()) {
      HttpResponse<String> response = Http.postForm(server.appIdIssuer() + "/token", basic("bank-app", "app-secret"),
          Http.form("grant_type", "client_credentials", "scope", "read write"));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      Map<String, Object> answer = Http.json(response);
      assertThat(answer).containsEntry("token_type", "Bearer").containsEntry("scope", "read write");

      Jws.Jwt jwt = Jws.verify((String) answer.get("access_token"), server.appIdIssuer() + "/publickeys");

      assertThat(jwt.header()).containsEntry("alg", "RS256").containsEntry("typ", "JOSE").containsKey("kid");
      assertThat(jwt.claims()).containsEntry("iss", server.appIdIssuer()).containsEntry("tenant", TENANT)
          .containsEntry("aud", "bank-app").containsEntry("sub", "bank-app").containsEntry("scope", "read write");
      assertThat(Jws.keys(server.appIdIssuer() + "/publickeys")).isEqualTo(Jws.keys(server.jwksUri()));
    }
  }

  @Test
  void mobileFirstPathsStayWithTheirOwnIssuerAndTyp() {
    try (DevAuthorizationServer server = server()) {
      Jws.Jwt jwt = Jws.verify(Http.token(server, "bank-app", "app-secret", null), server.jwksUri());

      assertThat(jwt.header()).containsEntry("typ", "at+jwt");
      assertThat(jwt.claims()).containsEntry("iss", server.serverUrl()).doesNotContainKey("tenant");
    }
  }

  @Test
  void configuredAlgorithmAndTypApplyToAppIdTokens() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().appIdTenant("t1")
        .jwt(JwtAlgorithm.ES256).jwtType("at+jwt").start()) {
      Jws.Jwt jwt = Jws.verify(Http.json(Http.postForm(server.appIdIssuer() + "/token", basic("test", "test"),
          "grant_type=client_credentials")).get("access_token").toString(), server.appIdIssuer() + "/publickeys");

      assertThat(jwt.header()).containsEntry("alg", "ES256").containsEntry("typ", "at+jwt");
    }
  }

  @Test
  void introspectAuthenticatesTheCallerAsAClientWhateverTheMode() {
    try (DevAuthorizationServer server = server()) {
      String token = Http.json(Http.postForm(server.appIdIssuer() + "/token", basic("bank-app", "app-secret"),
          "grant_type=client_credentials")).get("access_token").toString();
      String introspect = server.appIdIssuer() + "/introspect";

      assertThat(Http.json(Http.postForm(introspect, basic("bank-app", "app-secret"), Http.form("token", token))))
          .containsEntry("active", true).containsEntry("iss", server.appIdIssuer())
          .containsEntry("aud", List.of("bank-app"));
      assertThat(Http.json(Http.postForm(introspect, null,
          Http.form("token", token, "client_id", "bank-app", "client_secret", "app-secret"))))
          .containsEntry("active", true);
      HttpResponse<String> wrong = Http.postForm(introspect, basic("bank-app", "nope"), Http.form("token", token));
      assertError(wrong, 401, "invalid_client");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/token", "/introspect", "/publickeys", "/.well-known/openid-configuration"})
  void anotherTenantIsNotFound(String endpoint) {
    try (DevAuthorizationServer server = server()) {
      String base = "http://127.0.0.1:" + server.port() + "/oauth/v4/";
      assertError(Http.postForm(base + "other-tenant" + endpoint, basic("bank-app", "app-secret"),
          "grant_type=client_credentials"), 404, "not_found");
      assertError(Http.send(Jws.request(base + "other-tenant" + endpoint).GET()), 404, "not_found");
      assertError(Http.send(Jws.request(base + TENANT.toUpperCase() + endpoint).GET()), 404, "not_found");
      assertError(Http.send(Jws.request(base + TENANT + endpoint + "/more").GET()), 404, "not_found");
    }
  }

  @Test
  void badRequestsToAppIdPathsGetClearAnswersNever500() {
    try (DevAuthorizationServer server = server()) {
      String token = server.appIdIssuer() + "/token";
      assertError(Http.send(Jws.request(token).GET()), 405, "invalid_request");
      assertError(Http.postForm(token, basic("bank-app", "app-secret"), "grant_type=password"), 400,
          "unsupported_grant_type");
      assertError(Http.postForm(token, basic("bank-app", "app-secret"), "grant_type=client_credentials&scope=%zz"),
          400, "invalid_request");
      assertError(Http.postForm(server.appIdIssuer() + "/publickeys", null, "a=b"), 405, "invalid_request");
      assertError(Http.send(Jws.request("http://127.0.0.1:" + server.port() + "/oauth/v4/").GET()), 404,
          "not_found");
      assertError(Http.send(Jws.request("http://127.0.0.1:" + server.port() + "/oauth/v4/%2e%2e/token").GET()), 404,
          "not_found");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a b", ".", "..", "t%41", "\u00e9"})
  void malformedTenantIsRefusedByTheBuilder(String tenant) {
    assertThatIllegalArgumentException().isThrownBy(() -> DevAuthorizationServer.builder().appIdTenant(tenant));
  }
}
