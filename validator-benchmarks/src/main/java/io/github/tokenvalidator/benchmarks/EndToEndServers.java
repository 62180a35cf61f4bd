package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.jaxrs.OAuthSecurity;
import io.github.tokenvalidator.jaxrs.TokenValidationFeature;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.servlet.SecurityRules;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Two pairs of Jetty 12 servers on loopback answering the same short text at {@code /hello}, each pair one
 * with the validator and one without, for {@code run-e2e.sh} to load with {@code wrk}: a servlet behind
 * {@link BearerTokenFilter} (rule {@code GET /hello accessRestricted}) against the bare servlet, and a Jersey
 * resource declared {@code @OAuthSecurity(scope = "accessRestricted")} with {@link TokenValidationFeature}
 * registered against the same resource on Jersey without it (there the annotation does nothing). Jersey runs
 * as a servlet in the same Jetty, so the pairs differ only by the layer they test. Thread-safe.
 *
 * <p>As a program: {@code EndToEndServers ports-file [lifetime-seconds]} writes {@code plain=PORT},
 * {@code filtered=PORT}, {@code jersey-plain=PORT}, {@code jersey-filtered=PORT} and {@code token=TOKEN} (a
 * 1 KB token the validator has already validated once, so the load is hot) to the ports file, then serves
 * until standard input closes or the lifetime (default 600 s) ends, whichever comes first.
 */
public final class EndToEndServers implements AutoCloseable {
  private final Server plain;
  private final Server filtered;
  private final Server jerseyPlain;
  private final Server jerseyFiltered;

  private EndToEndServers(List<Server> servers) {
    this.plain = servers.get(0);
    this.filtered = servers.get(1);
    this.jerseyPlain = servers.get(2);
    this.jerseyFiltered = servers.get(3);
  }

  /** Starts all four servers; the filtered ones validate with {@code validator}, which the caller closes. */
  static EndToEndServers start(TokenValidator validator) throws Exception {
    List<Server> started = new ArrayList<>();
    try {
      started.add(jetty(new Hello(), null));
      SecurityRules rules = SecurityRules.parse("GET /hello accessRestricted");
      started.add(jetty(new Hello(), new BearerTokenFilter(validator, rules)));
      started.add(jetty(new ServletContainer(jersey()), null));
      started.add(jetty(new ServletContainer(jersey().register(TokenValidationFeature.of(validator))), null));
      return new EndToEndServers(started);
    } catch (Exception e) {
      stopAll(started);
      throw e;
    }
  }

  String plainUrl() {
    return url(plain);
  }

  String filteredUrl() {
    return url(filtered);
  }

  String jerseyPlainUrl() {
    return url(jerseyPlain);
  }

  String jerseyFilteredUrl() {
    return url(jerseyFiltered);
  }

  @Override
  public void close() {
    stopAll(List.of(jerseyFiltered, jerseyPlain, filtered, plain));
  }

  private static void stopAll(List<Server> servers) {
    IllegalStateException failure = null;
    for (Server server : servers) {
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
    java.nio.file.Path portsFile = java.nio.file.Path.of(args[0]);
    Duration lifetime = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 600);
    try (LoopbackAuthorizationServer authorizationServer = LoopbackAuthorizationServer.start(2);
        TokenValidator validator = Introspectors.rfc7662(authorizationServer).build();
        EndToEndServers servers = start(validator)) {
      String token = new Tokens(11).next();
      if (!validator.validate("Bearer " + token, "accessRestricted").isValid()) {
        throw new IllegalStateException("the loopback server refused the benchmark token");
      }
      java.nio.file.Path partial = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
      Files.write(partial, List.of("plain=" + port(servers.plain), "filtered=" + port(servers.filtered),
          "jersey-plain=" + port(servers.jerseyPlain), "jersey-filtered=" + port(servers.jerseyFiltered),
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

  /** The Jersey application both Jersey servers run; the filtered one registers the feature on top. */
  private static ResourceConfig jersey() {
    return new ResourceConfig(HelloResource.class)
        // as the JAX-RS sample app: no /application.wadl, no default providers the resource does not need
        .property(ServerProperties.WADL_FEATURE_DISABLE, true)
        .property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "ALL");
  }

  private static Server jetty(Servlet servlet, BearerTokenFilter filter) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(servlet), servlet instanceof Hello ? "/hello" : "/*");
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

  /** The same short text as a JAX-RS resource, declared as a MobileFirst adapter declares a scope. */
  @Path("/hello")
  public static final class HelloResource {
    @GET
    @Produces("text/plain")
    @OAuthSecurity(scope = "accessRestricted")
    public String hello() {
      return "hello\n";
    }
  }
}
