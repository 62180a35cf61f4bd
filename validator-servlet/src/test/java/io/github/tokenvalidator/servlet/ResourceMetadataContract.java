package io.github.tokenvalidator.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RFC 9728 metadata, the challenges an MCP client follows and RFC 9470 step-up, through the filter in every
 * container: two resources in one application ({@code /mcp/*} and {@code /accounts/*}), under the context path
 * {@code /bank} as a proxy that maps {@code https://api.example.com/…} to it would reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ResourceMetadataContract {
  static final String MCP = "https://api.example.com/mcp";
  static final String ACCOUNTS = "https://api.example.com/accounts";
  static final String MCP_METADATA = "https://api.example.com/.well-known/oauth-protected-resource/mcp";
  static final String ACCOUNTS_METADATA = "https://api.example.com/.well-known/oauth-protected-resource/accounts";
  static final String RULES = "POST /mcp/transfer tools.write acr=urn:example:mfa max-age=300; /mcp/* tools.read;"
      + " /accounts/* accounts resource=" + ACCOUNTS + "; /health permit";
  static final String MCP_DOCUMENT = "{\"resource\":\"" + MCP + "\",\"scopes_supported\":[\"tools.write\","
      + "\"tools.read\"],\"bearer_methods_supported\":[\"header\"],\"resource_name\":\"Bank tools\"}";

  private MockAuthorizationServer auth;
  private TokenValidator validator;
  private TestContainer container;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  abstract TestContainer start(TestContainer.Application application) throws Exception;

  @BeforeAll
  void startApplication() throws Exception {
    auth = MockAuthorizationServer.start();
    long now = Instant.now().getEpochSecond();
    token("reader", "tools.read", MCP, Map.of());
    token("writer-mfa", "tools.read tools.write", MCP, Map.of("acr", "urn:example:mfa", "auth_time", now));
    token("writer-password", "tools.read tools.write", MCP, Map.of("acr", "urn:example:pwd", "auth_time", now));
    token("accounts", "accounts", ACCOUNTS, Map.of());
    validator = auth.validatorBuilder().resource(MCP, ACCOUNTS).resourceName("Bank tools")
        .properties(Map.of("tokenvalidator.trusted-proxies", "127.0.0.1,::1")).build();
    BearerTokenFilter filter = new BearerTokenFilter(validator, SecurityRules.parse(RULES));
    container = start(context -> {
      BearerTokenFilterContract.bankApplication(context);
      context.addServlet("mcp", new EchoServlet("mcp")).addMapping("/mcp/*");
      context.addServlet("accounts", new EchoServlet("accounts")).addMapping("/accounts/*");
      BearerTokenFilterContract.register(context, filter);
    });
  }

  @AfterAll
  void stop() {
    container.close();
    validator.close();
    auth.close();
  }

  private void token(String token, String scope, String audience, Map<String, Object> extra) {
    auth.activeTokenFor(token, scope, audience, extra);
  }

  @Test
  void thePathInsertedFormServesEachResourcesDocumentWithoutAToken() throws Exception {
    HttpResponse<String> mcp = send("GET", "/.well-known/oauth-protected-resource/mcp");
    HttpResponse<String> accounts = send("GET", "/.well-known/oauth-protected-resource/accounts");

    assertThat(mcp.statusCode()).isEqualTo(200);
    assertThat(mcp.body()).isEqualTo(MCP_DOCUMENT);
    assertThat(mcp.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("application/json"));
    assertThat(mcp.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
    assertThat(accounts.body()).isEqualTo("{\"resource\":\"" + ACCOUNTS + "\",\"scopes_supported\":[\"accounts\"],"
        + "\"bearer_methods_supported\":[\"header\"],\"resource_name\":\"Bank tools\"}");
  }

  @Test
  void theRootFormServesTheDefaultResourcesDocumentAndHeadHasNoBody() throws Exception {
    assertThat(send("GET", "/.well-known/oauth-protected-resource").body()).isEqualTo(MCP_DOCUMENT);
    HttpResponse<String> head = send("HEAD", "/.well-known/oauth-protected-resource/mcp");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void behindAProxyRewritingHostAndPathTheDocumentAndChallengesNameTheConfiguredResource() throws Exception {
    String[] forwarded = {"X-Forwarded-Host", "internal.example.net:8443", "X-Forwarded-Proto", "https",
        "X-Forwarded-Prefix", "/gateway"};

    assertThat(send("GET", "/.well-known/oauth-protected-resource/mcp", forwarded).body()).isEqualTo(MCP_DOCUMENT);
    assertThat(send("GET", "/mcp/tools", forwarded).headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer scope=\"tools.read\", resource_metadata=\"" + MCP_METADATA + "\"");
  }

  @Test
  void every401NamesTheMetadataAndTheScopeTheRouteNeeds() throws Exception {
    assertThat(challenge(send("GET", "/mcp/tools"), 401))
        .isEqualTo("Bearer scope=\"tools.read\", resource_metadata=\"" + MCP_METADATA + "\"");
    assertThat(challenge(send("GET", "/mcp/tools", "Authorization", "Bearer unknown"), 401))
        .isEqualTo("Bearer error=\"invalid_token\", scope=\"tools.read\", resource_metadata=\"" + MCP_METADATA + "\"");
    assertThat(challenge(send("GET", "/accounts/1"), 401))
        .isEqualTo("Bearer scope=\"accounts\", resource_metadata=\"" + ACCOUNTS_METADATA + "\"");
    // a token for the other resource of the same application is not for this one (RFC 8707)
    assertThat(challenge(send("GET", "/accounts/1", "Authorization", "Bearer reader"), 401))
        .isEqualTo("Bearer error=\"invalid_token\", scope=\"accounts\", resource_metadata=\"" + ACCOUNTS_METADATA
            + "\"");
  }

  @Test
  void a403NamesTheScopeAndTheMetadata() throws Exception {
    assertThat(challenge(send("POST", "/mcp/transfer", "Authorization", "Bearer reader"), 403))
        .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"tools.write\", resource_metadata=\""
            + MCP_METADATA + "\"");
  }

  @Test
  void stepUpAnswersWithAcrValuesAndMaxAge() throws Exception {
    assertThat(challenge(send("POST", "/mcp/transfer", "Authorization", "Bearer writer-password"), 401))
        .isEqualTo("Bearer error=\"insufficient_user_authentication\", acr_values=\"urn:example:mfa\","
            + " max_age=\"300\", scope=\"tools.write\", resource_metadata=\"" + MCP_METADATA + "\"");
    HttpResponse<String> strong = send("POST", "/mcp/transfer", "Authorization", "Bearer writer-mfa");
    assertThat(strong.statusCode()).isEqualTo(200);
    assertThat(send("GET", "/accounts/1", "Authorization", "Bearer accounts").statusCode()).isEqualTo(200);
  }

  @Test
  void aRuleNamingAnUnknownResourceIsRefused() {
    assertThatThrownBy(() -> new BearerTokenFilter(validator,
        SecurityRules.parse("/x/* a resource=https://elsewhere.example.com")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://elsewhere.example.com");
  }

  private static String challenge(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response.headers().firstValue("WWW-Authenticate").orElse(null);
  }

  private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + container.port()
            + TestContainer.CONTEXT_PATH + path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
