package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * RFC 9728 metadata, the challenges an MCP client follows and RFC 9470 step-up, with Spring Security and the
 * starter's default chain: two resources, a route setting asking for a login of a class and age.
 */
@SpringBootTest(
    classes = BankApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenvalidator.client-id=test",
      "tokenvalidator.client-secret=test",
      "tokenvalidator.resource=" + ResourceMetadataTest.BANK + "," + ResourceMetadataTest.STAFF,
      "tokenvalidator.spring.rules=/public/* permit; GET /api/balance accessRestricted;"
          + " GET /api/staff staff acr=urn:example:mfa max-age=300 resource=" + ResourceMetadataTest.STAFF
    })
class ResourceMetadataTest {
  static final String BANK = "https://api.example.com/bank";
  static final String STAFF = "https://api.example.com/staff";
  static final String BANK_METADATA = "https://api.example.com/.well-known/oauth-protected-resource/bank";
  static final String STAFF_METADATA = "https://api.example.com/.well-known/oauth-protected-resource/staff";
  static final FrontedAuthorizationServer AUTHORIZATION_SERVER = new FrontedAuthorizationServer();

  @DynamicPropertySource
  static void authorizationServer(DynamicPropertyRegistry registry) {
    registry.add("tokenvalidator.server-url", AUTHORIZATION_SERVER::serverUrl);
  }

  @AfterAll
  static void stopAuthorizationServer() {
    AUTHORIZATION_SERVER.close();
  }

  @Value("${local.server.port}")
  int port;

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void bothWellKnownFormsServeEachResourcesDocumentWithoutAToken() {
    String bank = "{\"resource\":\"" + BANK + "\",\"scopes_supported\":[\"accessRestricted\"],"
        + "\"bearer_methods_supported\":[\"header\"]}";
    HttpResponse<String> inserted = Http.get(url("/.well-known/oauth-protected-resource/bank"));

    assertThat(inserted.statusCode()).isEqualTo(200);
    assertThat(inserted.body()).isEqualTo(bank);
    assertThat(inserted.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
    assertThat(Http.get(url("/.well-known/oauth-protected-resource")).body()).isEqualTo(bank);
    assertThat(Http.get(url("/.well-known/oauth-protected-resource/staff")).body())
        .isEqualTo("{\"resource\":\"" + STAFF + "\",\"scopes_supported\":[\"staff\"],"
            + "\"bearer_methods_supported\":[\"header\"]}");
  }

  @Test
  void behindAProxyRewritingHostAndPathTheDocumentNamesTheConfiguredResource() {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(
            URI.create(url("/.well-known/oauth-protected-resource/bank"))).timeout(Duration.ofSeconds(10))
        .header("X-Forwarded-Host", "internal.example.net").header("X-Forwarded-Prefix", "/gateway").GET());

    assertThat(response.body()).contains("\"resource\":\"" + BANK + "\"");
  }

  @Test
  void every401NamesTheMetadataFromTheFilterOrTheEntryPointAndA403Too() {
    // the validator's filter (a rule with a scope)
    assertThat(challenge(Http.get(url("/api/balance")), 401))
        .isEqualTo("Bearer scope=\"accessRestricted\", resource_metadata=\"" + BANK_METADATA + "\"");
    assertThat(challenge(Http.bearer(url("/api/balance"), "forged"), 401))
        .isEqualTo("Bearer error=\"invalid_token\", scope=\"accessRestricted\", resource_metadata=\""
            + BANK_METADATA + "\"");
    // Spring's authorization and the starter's entry point (no rule: any valid token)
    assertThat(challenge(Http.get(url("/api/admin")), 401))
        .isEqualTo("Bearer resource_metadata=\"" + BANK_METADATA + "\"");
    // a token without the rule's scope
    assertThat(challenge(Http.bearer(url("/api/balance"), AUTHORIZATION_SERVER.issueToken("other")), 403))
        .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"accessRestricted\", resource_metadata=\""
            + BANK_METADATA + "\"");
    // a token for the other resource (RFC 8707)
    assertThat(challenge(Http.bearer(url("/api/staff"),
        AUTHORIZATION_SERVER.issueToken("staff", BANK, "urn:example:mfa")), 401))
        .startsWith("Bearer error=\"invalid_token\", scope=\"staff\", resource_metadata=\"" + STAFF_METADATA);
  }

  @Test
  void aRouteSettingStepsUpWithAcrValuesAndMaxAge() {
    assertThat(challenge(Http.bearer(url("/api/staff"),
        AUTHORIZATION_SERVER.issueToken("staff", STAFF, "urn:example:pwd")), 401))
        .isEqualTo("Bearer error=\"insufficient_user_authentication\", acr_values=\"urn:example:mfa\","
            + " max_age=\"300\", scope=\"staff\", resource_metadata=\"" + STAFF_METADATA + "\"");
    assertThat(Http.bearer(url("/api/staff"), AUTHORIZATION_SERVER.issueToken("staff", STAFF, "urn:example:mfa"))
        .statusCode()).isEqualTo(200);
  }

  private static String challenge(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response.headers().firstValue("WWW-Authenticate").orElse(null);
  }
}
