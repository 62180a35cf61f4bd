package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.servlet.SecurityRules;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Two Jetty 12 servers on loopback with the same small servlet at {@code /hello}, one behind
 * {@link BearerTokenFilter} (scope {@code accessRestricted} required) and one without, for
 * {@code run-e2e.sh} to load with {@code wrk}. Thread-safe.
 *
 * <p>As a program: {@code EndToEndServers ports-file [lifetime-seconds]} writes {@code plain=PORT},
 * {@code filtered=PORT} and {@code token=TOKEN} (a 1 KB token the filter has already validated once, so the
 * load is hot) to the ports file, then serves until standard input closes or the lifetime (default 600 s)
 * ends, whichever comes first.
 */
public final class EndToEndServers implements AutoCloseable {
  private final Server plain;
  private final Server filtered;

  private EndToEndServers(Server plain, Server filtered) {
    this.plain = plain;
    this.filtered = filtered;
  }

  /** Starts both servers; the filtered one validates with {@code validator}, which the caller closes. */
  static EndToEndServers start(TokenValidator validator) throws Exception {
    Server plain = jetty(null);
    try {
      return new EndToEndServers(plain,
          jetty(new BearerTokenFilter(validator, SecurityRules.parse("GET /hello accessRestricted"))));
    } catch (Exception e) {
      plain.stop();
      throw e;
    }
  }

  String plainUrl() {
    return url(plain);
  }

  String filteredUrl() {
    return url(filtered);
  }

  @Override
  public void close() {
    IllegalStateException failure = null;
    for (Server server : List.of(filtered, plain)) {
      try {
        server.stop();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("Jetty did not stop cleanly", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  public static void main(String[] args) throws Exception {
    Path portsFile = Path.of(args[0]);
    Duration lifetime = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 600);
    try (LoopbackAuthorizationServer authorizationServer = LoopbackAuthorizationServer.start(2);
        TokenValidator validator = Introspectors.rfc7662(authorizationServer).build();
        EndToEndServers servers = start(validator)) {
      String token = new Tokens(11).next();
      if (!validator.validate("Bearer " + token, "accessRestricted").isValid()) {
        throw new IllegalStateException("the loopback server refused the benchmark token");
      }
      Path partial = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
      Files.write(partial, List.of("plain=" + port(servers.plain), "filtered=" + port(servers.filtered),
          "token=" + token), StandardCharsets.UTF_8);
      // Moved into place whole, so the script never reads a half-written file.
      Files.move(partial, portsFile, StandardCopyOption.ATOMIC_MOVE);
      Thread stdinWatcher = new Thread(EndToEndServers::drainStandardInput, "stdin-watcher");
      stdinWatcher.setDaemon(true);
      stdinWatcher.start();
      stdinWatcher.join(lifetime.toMillis());
    }
  }

  private static void drainStandardInput() {
    try {
      while (System.in.read() >= 0) {
        // the script closes standard input when it is done
      }
    } catch (IOException e) {
      // closed either way
    }
  }

  private static Server jetty(BearerTokenFilter filter) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new Hello()), "/hello");
    if (filter != null) {
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    server.setHandler(context);
    server.start();
    return server;
  }

  private static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  private static String url(Server server) {
    return "http://127.0.0.1:" + port(server) + "/hello";
  }

  /** Answers a short text, the same with or without the filter in front. */
  private static final class Hello extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] BODY = "hello\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.setContentLength(BODY.length);
      response.getOutputStream().write(BODY);
    }
  }
}
