package io.github.tokenvalidator.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.TestJson;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RFC 9728 metadata, the challenges an MCP client follows and RFC 9470 step-up, through the feature and its
 * metadata filter in every runtime: two resources in one application, {@code /mcp} and {@code /accounts}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ResourceMetadataContract {
  static final String MCP = "https://api.example.com/mcp";
  static final String ACCOUNTS = "https://api.example.com/accounts";
  static final String MCP_METADATA = "https://api.example.com/.well-known/oauth-protected-resource/mcp";
  static final String ACCOUNTS_METADATA = "https://api.example.com/.well-known/oauth-protected-resource/accounts";

  /** Tools of the default resource. */
  @Path("mcp")
  @OAuthSecurity(scope = "tools.read")
  public static class Tools {
    @GET
    public String list() {
      return "tools";
    }

    @POST
    @Path("transfer")
    @OAuthSecurity(scope = "tools.write", acrValues = "urn:example:mfa", maxAge = 300)
    public String transfer() {
      return "transferred";
    }
  }

  /** The second resource. */
  @Path("accounts")
  @OAuthSecurity(scope = "accounts", resource = ACCOUNTS)
  public static class Accounts {
    @GET
    public String list() {
      return "accounts";
    }
  }

  /** A method naming a resource the validator does not know. */
  @Path("elsewhere")
  public static class Elsewhere {
    @GET
    @OAuthSecurity(resource = "https://elsewhere.example.com")
    public String get() {
      return "elsewhere";
    }
  }

  private MockAuthorizationServer auth;
  private TokenValidator validator;
  private JaxRsRuntime.RunningApplication running;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  abstract JaxRsRuntime runtime();

  @BeforeAll
  void start() throws Exception {
    auth = MockAuthorizationServer.start();
    long now = Instant.now().getEpochSecond();
    token("reader", "tools.read", MCP, Map.of());
    token("writer-mfa", "tools.read tools.write", MCP, Map.of("acr", "urn:example:mfa", "auth_time", now));
    token("writer-old", "tools.read tools.write", MCP, Map.of("acr", "urn:example:mfa", "auth_time", now - 3600));
    token("accounts", "accounts", ACCOUNTS, Map.of());
    validator = auth.validatorBuilder().resource(MCP, ACCOUNTS).build();
    TokenValidationFeature feature = TokenValidationFeature.of(validator);
    running = runtime().start(application(Set.of(Tools.class, Accounts.class), feature, feature.metadata()));
  }

  @AfterAll
  void stop() {
    running.close();
    validator.close();
    auth.close();
  }

  private void token(String token, String scope, String audience, Map<String, Object> extra) {
    auth.activeTokenFor(token, scope, audience, extra);
  }

  @Test
  void bothWellKnownFormsServeTheDocumentWithoutAToken() throws Exception {
    String mcpDocument = "{\"resource\":\"" + MCP + "\",\"scopes_supported\":[\"tools.read\",\"tools.write\"],"
        + "\"bearer_methods_supported\":[\"header\"]}";
    HttpResponse<String> inserted = send("GET", ".well-known/oauth-protected-resource/mcp");

    assertThat(inserted.statusCode()).isEqualTo(200);
    assertThat(TestJson.object(inserted.body())).isEqualTo(TestJson.object(mcpDocument));
    assertThat(inserted.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
    assertThat(TestJson.object(send("GET", ".well-known/oauth-protected-resource").body()))
        .isEqualTo(TestJson.object(mcpDocument));
    assertThat(send("GET", ".well-known/oauth-protected-resource/accounts").body())
        .contains("\"resource\":\"" + ACCOUNTS + "\"", "\"scopes_supported\":[\"accounts\"]");
  }

  @Test
  void behindAProxyRewritingHostAndPathTheDocumentNamesTheConfiguredResource() throws Exception {
    HttpResponse<String> response = send("GET", ".well-known/oauth-protected-resource/mcp",
        "X-Forwarded-Host", "internal.example.net", "X-Forwarded-Prefix", "/gateway");

    assertThat(response.body()).contains("\"resource\":\"" + MCP + "\"");
    assertThat(send("GET", "mcp", "X-Forwarded-Host", "internal.example.net").headers()
        .firstValue("WWW-Authenticate")).hasValue("Bearer scope=\"tools.read\", resource_metadata=\""
        + MCP_METADATA + "\"");
  }

  @Test
  void every401NamesTheMetadataAndA403TheScope() throws Exception {
    assertThat(challenge(send("GET", "mcp"), 401))
        .isEqualTo("Bearer scope=\"tools.read\", resource_metadata=\"" + MCP_METADATA + "\"");
    assertThat(challenge(send("GET", "mcp", "Authorization", "Bearer forged"), 401))
        .isEqualTo("Bearer error=\"invalid_token\", scope=\"tools.read\", resource_metadata=\"" + MCP_METADATA + "\"");
    assertThat(challenge(send("GET", "accounts", "Authorization", "Bearer reader"), 401))
        .isEqualTo("Bearer error=\"invalid_token\", scope=\"accounts\", resource_metadata=\"" + ACCOUNTS_METADATA
            + "\"");
    assertThat(challenge(send("POST", "mcp/transfer", "Authorization", "Bearer reader"), 403))
        .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"tools.write\", resource_metadata=\""
            + MCP_METADATA + "\"");
  }

  @Test
  void stepUpAnswersWithAcrValuesAndMaxAge() throws Exception {
    assertThat(challenge(send("POST", "mcp/transfer", "Authorization", "Bearer writer-old"), 401))
        .isEqualTo("Bearer error=\"insufficient_user_authentication\", acr_values=\"urn:example:mfa\","
            + " max_age=\"300\", scope=\"tools.write\", resource_metadata=\"" + MCP_METADATA + "\"");
    assertThat(send("POST", "mcp/transfer", "Authorization", "Bearer writer-mfa").body()).isEqualTo("transferred");
    assertThat(send("GET", "accounts", "Authorization", "Bearer accounts").body()).isEqualTo("accounts");
  }

  @Test
  void anAnnotationNamingAnUnknownResourceFailsDeployment() {
    TokenValidationFeature feature = TokenValidationFeature.of(validator);
    assertThatThrownBy(() -> runtime().start(application(Set.of(Elsewhere.class), feature, feature.metadata()))
        .close()).hasStackTraceContaining("https://elsewhere.example.com");
  }

  private static String challenge(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return response.headers().firstValue("WWW-Authenticate").orElse(null);
  }

  private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(running.baseUri().resolve(path))
        .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Application application(Set<Class<?>> classes, Object... singletons) {
    return new Application() {
      @Override
      public Set<Class<?>> getClasses() {
        return classes;
      }

      @Override
      @SuppressWarnings("deprecation") // getSingletons is how a plain Application hands over configured instances
      public Set<Object> getSingletons() {
        return Set.of(singletons);
      }
    };
  }
}
