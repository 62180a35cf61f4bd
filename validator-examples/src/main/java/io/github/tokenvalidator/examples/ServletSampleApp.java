package io.github.tokenvalidator.examples;

import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.servlet.SecurityRules;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The servlet sample application: three plain servlets on embedded Jetty 12 (ee10), protected by
 * {@link BearerTokenFilter} with URL rules.
 *
 * <table>
 *   <caption>Resources</caption>
 *   <tr><th>path</th><th>needs</th></tr>
 *   <tr><td>{@code /public/hello}</td><td>nothing</td></tr>
 *   <tr><td>{@code /api/profile}</td><td>a valid token, any scope</td></tr>
 *   <tr><td>{@code /api/balance}</td><td>a valid token covering {@code accessRestricted}</td></tr>
 * </table>
 *
 * The protected servlets read the token from {@code request.getUserPrincipal()}, a
 * {@link TokenPrincipal}, and answer its data as JSON. The whole security set-up is one filter and
 * {@link #RULES}:
 *
 * <pre>{@code
 * context.addFilter(new FilterHolder(new BearerTokenFilter(validator, SecurityRules.parse(RULES))),
 *     "/*", EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * <p>Instances are thread-safe. The application listens on loopback and never closes the validator it was
 * given.
 */
public final class ServletSampleApp implements AutoCloseable {
  /**
   * The security rules, in {@link SecurityRules}' text form: first match wins, and a path no rule names
   * would need a valid token anyway.
   */
  public static final String RULES = """
      /public/* permit
      /api/balance accessRestricted
      /api/* authenticated
      """;

  private final Server server;
  private final URI baseUri;

  private ServletSampleApp(Server server, URI baseUri) {
    this.server = server;
    this.baseUri = baseUri;
  }

  /**
   * Starts the application on {@code 127.0.0.1:port}.
   *
   * @param validator validates every token; stays the caller's to close
   * @param port the port, or 0 for a free one
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static ServletSampleApp start(TokenValidator validator, int port) {
    Objects.requireNonNull(validator, "validator");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535: " + port);
    }
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("servlet-sample-app");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    BearerTokenFilter filter = new BearerTokenFilter(validator, SecurityRules.parse(RULES));
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new JsonServlet(principal -> SampleResponses.hello())), "/public/hello");
    context.addServlet(new ServletHolder(new JsonServlet(SampleResponses::profile)), "/api/profile");
    context.addServlet(new ServletHolder(new JsonServlet(SampleResponses::balance)), "/api/balance");
    server.setHandler(context);

    try {
      server.start();
    } catch (Exception e) {
      UncheckedIOException failure = new UncheckedIOException(
          "The servlet sample app cannot listen on 127.0.0.1:" + port,
          e instanceof IOException ? (IOException) e : new IOException(e));
      try {
        server.stop();
      } catch (Exception stopFailure) {
        failure.addSuppressed(stopFailure);
      }
      throw failure;
    }
    return new ServletSampleApp(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
  }

  /** Where the application listens, e.g. {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public URI baseUri() {
    return baseUri;
  }

  /** Stops the server; idempotent. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Stopping the servlet sample app failed", e);
    }
  }

  @Override
  public String toString() {
    return "ServletSampleApp{" + baseUri + '}';
  }

  /** GET answers one of {@link SampleResponses}, given the request's principal (null on public paths). */
  static final class JsonServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // the servlet is never serialised; Jetty holds the instance
    private final Function<TokenPrincipal, String> answer;

    JsonServlet(Function<TokenPrincipal, String> answer) {
      this.answer = answer;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      TokenPrincipal principal = request.getUserPrincipal() instanceof TokenPrincipal
          ? (TokenPrincipal) request.getUserPrincipal() : null;
      response.setContentType(SampleResponses.JSON);
      if (principal != null) {
        response.setHeader("Cache-Control", "no-store"); // about the caller: no cache should keep it
      }
      response.getWriter().write(answer.apply(principal));
    }
  }
}
