package io.github.tokenvalidator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The walk a real MCP client does, with the official MCP Java SDK's client against {@link McpServerApp} and the
 * dev server: a request without a token, the 401's {@code resource_metadata}, the protected resource metadata
 * (RFC 9728), the authorization server's metadata (RFC 8414), a token by client credentials for the resource
 * (RFC 8707), {@code initialize}, {@code tools/list}, {@code tools/call}; a tool needing more scope answered 403
 * naming it, a new token, success; a token for another audience refused. The SDK's client has no OAuth
 * discovery of its own: the discovery goes over plain HTTP here, and the token reaches the client through its
 * request customizer. The steps are written to {@code target/mcp-transcript.txt}, tokens elided.
 */
class McpClientWalkTest {
  private static final String AGENT = "mcp-agent";
  private static final String AGENT_SECRET = "mcp-agent-secret";
  private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final DevAuthorizationServer authorizationServer = DevAuthorizationServer.builder()
      .client(Demo.RESOURCE_SERVER_ID, Demo.RESOURCE_SERVER_SECRET, "authorization.introspect")
      .client(AGENT, AGENT_SECRET, McpServerApp.TOOLS_SCOPE + " " + McpServerApp.TRANSFER_SCOPE)
      .start();
  private final McpServerApp mcpServer = McpServerApp.start(Map.of(
      "tokenvalidator.server-url", authorizationServer.serverUrl(),
      "tokenvalidator.client-id", Demo.RESOURCE_SERVER_ID,
      "tokenvalidator.client-secret", Demo.RESOURCE_SERVER_SECRET,
      // named in the metadata's authorization_servers: the issuer of the tokens, as its RFC 8414 metadata says
      "tokenvalidator.issuer", authorizationServer.serverUrl()));
  private final List<String> transcript = new ArrayList<>();
  private final List<McpSyncClient> clients = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    clients.forEach(McpSyncClient::close);
    mcpServer.close();
    authorizationServer.close();
    Path out = Path.of("target", "mcp-transcript.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, transcript, StandardCharsets.UTF_8);
  }

  @Test
  void anMcpClientFindsItsWayFromA401ToAToolAndStepsUpForMoreScope() {
    String endpoint = mcpServer.resource();
    AtomicReference<String> token = new AtomicReference<>();
    McpSyncClient client = client(token);

    // 1. no token: 401, and the challenge says where the resource's metadata is
    McpHttpClientTransportAuthorizationException refused = authorizationFailure(client::initialize);
    note("POST " + endpoint + " (initialize, no token)", refused);
    assertThat(refused.getResponseInfo().statusCode()).isEqualTo(401);
    Map<String, String> challenge = challenge(refused);
    String metadataUrl = challenge.get("resource_metadata");
    assertThat(metadataUrl).isEqualTo(mcpServer.baseUri() + "/.well-known/oauth-protected-resource/mcp");
    assertThat(challenge).containsEntry("scope", McpServerApp.TOOLS_SCOPE);

    // 2. the protected resource metadata (RFC 9728): which authorization server, which scopes
    Map<String, Object> metadata = getJson(metadataUrl);
    assertThat(metadata).containsEntry("resource", endpoint)
        .containsEntry("authorization_servers", List.of(authorizationServer.serverUrl()))
        .containsEntry("scopes_supported", List.of(McpServerApp.TOOLS_SCOPE, McpServerApp.TRANSFER_SCOPE))
        .containsEntry("bearer_methods_supported", List.of("header"));

    // 3. the authorization server's metadata (RFC 8414), at the path-inserted location of its issuer
    String issuer = ((List<?>) metadata.get("authorization_servers")).get(0).toString();
    URI issuerUri = URI.create(issuer);
    Map<String, Object> asMetadata = getJson(issuerUri.getScheme() + "://" + issuerUri.getRawAuthority()
        + "/.well-known/oauth-authorization-server" + issuerUri.getRawPath());
    assertThat(asMetadata).containsEntry("issuer", issuer);
    String tokenEndpoint = (String) asMetadata.get("token_endpoint");

    // 4. a token for this resource (RFC 8707), by client credentials
    token.set(requestToken(tokenEndpoint, McpServerApp.TOOLS_SCOPE, endpoint));

    // 5. initialize, tools/list, tools/call
    McpSchema.InitializeResult initialized = client.initialize();
    transcript.add("POST " + endpoint + " (initialize, Bearer …) -> 200 " + initialized.serverInfo().name());
    assertThat(initialized.serverInfo().name()).isEqualTo("bank-tools");
    List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    transcript.add("POST " + endpoint + " (tools/list) -> 200 " + tools);
    assertThat(tools).containsExactlyInAnyOrder("balance", "transfer");
    String balance = text(client.callTool(McpSchema.CallToolRequest.builder("balance").arguments(Map.of()).build()));
    transcript.add("POST " + endpoint + " (tools/call balance) -> 200 " + balance);
    assertThat(balance).contains("\"balance\":1234.56");

    // 6. a tool needing more scope: 403 naming it; a new token with it; success
    McpSchema.CallToolRequest transfer = McpSchema.CallToolRequest.builder("transfer")
        .arguments(Map.of("amount", 25, "to", "bob")).build();
    McpHttpClientTransportAuthorizationException forbidden = authorizationFailure(() -> client.callTool(transfer));
    note("POST " + endpoint + " (tools/call transfer)", forbidden);
    assertThat(forbidden.getResponseInfo().statusCode()).isEqualTo(403);
    Map<String, String> insufficient = challenge(forbidden);
    assertThat(insufficient).containsEntry("error", "insufficient_scope")
        .containsEntry("scope", McpServerApp.TOOLS_SCOPE + " " + McpServerApp.TRANSFER_SCOPE)
        .containsEntry("resource_metadata", metadataUrl);
    token.set(requestToken(tokenEndpoint, insufficient.get("scope"), endpoint));
    String transferred = text(client.callTool(transfer));
    transcript.add("POST " + endpoint + " (tools/call transfer, new token) -> 200 " + transferred);
    assertThat(transferred).isEqualTo("Transferred 25 to bob");

    // 7. a token for another resource: 401 invalid_token
    AtomicReference<String> otherToken = new AtomicReference<>(
        requestToken(tokenEndpoint, McpServerApp.TOOLS_SCOPE, "https://other.example.com/mcp"));
    McpHttpClientTransportAuthorizationException wrongAudience = authorizationFailure(client(otherToken)::initialize);
    note("POST " + endpoint + " (initialize, token for https://other.example.com/mcp)", wrongAudience);
    assertThat(wrongAudience.getResponseInfo().statusCode()).isEqualTo(401);
    assertThat(challenge(wrongAudience)).containsEntry("error", "invalid_token")
        .containsEntry("resource_metadata", metadataUrl);
  }

  private McpSyncClient client(AtomicReference<String> token) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
            mcpServer.baseUri().toString())
        .endpoint(McpServerApp.ENDPOINT)
        .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
        // what the SDK leaves to its host: the token of the OAuth walk goes on every request
        .addHttpRequestCustomizer((request, method, uri, body, context) -> {
          String current = token.get();
          if (current != null) {
            request.header("Authorization", "Bearer " + current);
          }
        })
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20))
        .initializationTimeout(Duration.ofSeconds(20)).build();
    clients.add(client);
    return client;
  }

  /** The transport's authorization failure that {@code call} ends in, wherever the client wrapped it. */
  private static McpHttpClientTransportAuthorizationException authorizationFailure(Runnable call) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(call::run).satisfies(failure -> thrown[0] = failure);
    for (Throwable cause = thrown[0]; cause != null; cause = cause.getCause()) {
      if (cause instanceof McpHttpClientTransportAuthorizationException) {
        return (McpHttpClientTransportAuthorizationException) cause;
      }
    }
    throw new AssertionError("not an authorization failure", thrown[0]);
  }

  private static Map<String, String> challenge(McpHttpClientTransportAuthorizationException failure) {
    String header = failure.getResponseInfo().headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(header).startsWith("Bearer");
    Map<String, String> attributes = new java.util.LinkedHashMap<>();
    Matcher matcher = ATTRIBUTE.matcher(header);
    while (matcher.find()) {
      attributes.put(matcher.group(1), matcher.group(2));
    }
    return attributes;
  }

  private void note(String request, McpHttpClientTransportAuthorizationException failure) {
    transcript.add(request + " -> " + failure.getResponseInfo().statusCode() + "\n  WWW-Authenticate: "
        + failure.getResponseInfo().headers().firstValue("WWW-Authenticate").orElse(""));
  }

  private Map<String, Object> getJson(String url) {
    HttpResponse<String> response = Http.get(URI.create(url));
    transcript.add("GET " + url + " -> " + response.statusCode() + "\n  " + response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    return Http.json(response.body());
  }

  private String requestToken(String tokenEndpoint, String scope, String resource) {
    String form = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
        + "&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8);
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (AGENT + ":" + AGENT_SECRET).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, Object> answer = Http.json(response.body());
    transcript.add("POST " + tokenEndpoint + " (" + form + ") -> 200\n  {\"access_token\":\"…\",\"scope\":\""
        + answer.get("scope") + "\",\"expires_in\":" + answer.get("expires_in") + "}");
    return (String) answer.get("access_token");
  }

  private static String text(McpSchema.CallToolResult result) {
    assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }
}
