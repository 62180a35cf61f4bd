package io.github.tokenvalidator.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tokenvalidator.Requirement;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.servlet.SecurityRules;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An MCP server with two tools, on the official MCP Java SDK's Streamable HTTP servlet transport in embedded
 * Jetty, protected by {@link BearerTokenFilter}: the protected resource {@code http://127.0.0.1:PORT/mcp}, its
 * RFC 9728 metadata at {@code /.well-known/oauth-protected-resource/mcp}, and every 401 naming it.
 *
 * <table>
 *   <caption>Tools</caption>
 *   <tr><th>tool</th><th>needs</th></tr>
 *   <tr><td>{@code balance}</td><td>{@value #TOOLS_SCOPE}</td></tr>
 *   <tr><td>{@code transfer}</td><td>{@value #TOOLS_SCOPE} and {@value #TRANSFER_SCOPE}</td></tr>
 * </table>
 *
 * The endpoint's scope is a rule of the filter; the {@code transfer} tool's extra scope is checked by
 * {@link McpToolScopes} (every tool shares the one endpoint) and declared to the rules, so the metadata lists
 * it. The validator is built from the settings given, with {@code resource} set to this server's {@code /mcp}
 * once its port is bound.
 *
 * <p>Instances are thread-safe. {@link #close()} stops the server and closes its validator.
 */
public final class McpServerApp implements AutoCloseable {
  /** What every tool call needs. */
  public static final String TOOLS_SCOPE = "mcp.tools";
  /** What a transfer needs beyond {@link #TOOLS_SCOPE}. */
  public static final String TRANSFER_SCOPE = "mcp.transfer";
  /** The endpoint, the resource's path. */
  public static final String ENDPOINT = "/mcp";

  private final Server server;
  private final TokenValidator validator;
  private final McpSyncServer mcp;
  private final URI baseUri;

  private McpServerApp(Server server, TokenValidator validator, McpSyncServer mcp, URI baseUri) {
    this.server = server;
    this.validator = validator;
    this.mcp = mcp;
    this.baseUri = baseUri;
  }

  /**
   * Starts the server on a free loopback port.
   *
   * @param settings the validator's {@code tokenvalidator.*} settings, without {@code resource}: this server's
   *     identifier is added
   * @return the running server
   * @throws UncheckedIOException if no port can be bound
   */
  public static McpServerApp start(Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("mcp-server-app");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    try {
      connector.open(); // the port, and so the resource identifier, is known before the validator is built
    } catch (IOException e) {
      throw new UncheckedIOException("The MCP server app cannot listen on 127.0.0.1", e);
    }
    URI baseUri = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    Map<String, String> withResource = new LinkedHashMap<>(settings);
    withResource.put("tokenvalidator.resource", baseUri + ENDPOINT);
    TokenValidator validator = TokenValidator.fromProperties(withResource);

    McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(json).mcpEndpoint(ENDPOINT).build();
    McpSyncServer mcp = McpServer.sync(transport).serverInfo("bank-tools", "1.0.0").jsonMapper(json)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(balanceTool(json), transferTool(json))
        .build();

    Requirement transfer = Requirement.of(Scope.of(TOOLS_SCOPE + " " + TRANSFER_SCOPE));
    SecurityRules rules = SecurityRules.builder().rules(ENDPOINT + " " + TOOLS_SCOPE).declare(transfer).build();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder bearer = new FilterHolder(new BearerTokenFilter(validator, rules));
    bearer.setAsyncSupported(true);
    context.addFilter(bearer, "/*", EnumSet.of(DispatcherType.REQUEST));
    FilterHolder tools = new FilterHolder(new McpToolScopes(validator, Map.of("transfer", transfer)));
    tools.setAsyncSupported(true);
    context.addFilter(tools, ENDPOINT, EnumSet.of(DispatcherType.REQUEST));
    ServletHolder endpoint = new ServletHolder(transport);
    endpoint.setAsyncSupported(true);
    context.addServlet(endpoint, ENDPOINT);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      UncheckedIOException failure = new UncheckedIOException("The MCP server app did not start",
          e instanceof IOException ? (IOException) e : new IOException(e));
      try {
        server.stop();
      } catch (Exception stopFailure) {
        failure.addSuppressed(stopFailure);
      }
      mcp.close();
      validator.close();
      throw failure;
    }
    return new McpServerApp(server, validator, mcp, baseUri);
  }

  private static McpServerFeatures.SyncToolSpecification balanceTool(McpJsonMapper json) {
    McpSchema.Tool tool = McpSchema.Tool.builder("balance", json, "{\"type\":\"object\",\"properties\":{}}")
        .description("The account's balance").build();
    return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
            .addTextContent("{\"balance\":1234.56,\"currency\":\"EUR\"}").build())
        .build();
  }

  private static McpServerFeatures.SyncToolSpecification transferTool(McpJsonMapper json) {
    McpSchema.Tool tool = McpSchema.Tool.builder("transfer", json, "{\"type\":\"object\",\"properties\":{"
            + "\"amount\":{\"type\":\"number\"},\"to\":{\"type\":\"string\"}},\"required\":[\"amount\",\"to\"]}")
        .description("Transfers an amount").build();
    return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
            .addTextContent("Transferred " + request.arguments().get("amount") + " to " + request.arguments().get("to"))
            .build())
        .build();
  }

  /** {@return where the server listens, e.g. {@code http://127.0.0.1:PORT}, without a trailing slash} */
  public URI baseUri() {
    return baseUri;
  }

  /** {@return the protected resource's identifier, the MCP endpoint: {@code http://127.0.0.1:PORT/mcp}} */
  public String resource() {
    return baseUri + ENDPOINT;
  }

  /** Stops the server and closes its validator; idempotent. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Stopping the MCP server app failed", e);
    } finally {
      mcp.close();
      validator.close();
    }
  }

  @Override
  public String toString() {
    return "McpServerApp{" + resource() + '}';
  }
}
