package io.github.tokenvalidator.examples;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one-command demo: starts the development authorization server, the three sample apps (servlet,
 * JAX-RS, Spring Boot) and a protected MCP server ({@link McpServerApp}) on free loopback ports, walks the MobileFirst flow against each with real HTTP calls,
 * prints every step, walks the same flow with App ID-shaped JWTs validated locally ({@link JwtWalk}), and
 * then serves until Ctrl-C, printing {@code curl} lines to try by hand.
 *
 * <p>From a clone of the repository:
 *
 * <pre>
 * mvn -B -q -Pdemo -pl validator-examples -am package -DskipTests
 * </pre>
 *
 * With {@code -Ddemo.exit=true} (or the argument {@code --exit-after-walkthrough}) it stops after the
 * walk-through, with exit status 0 when every step got the expected answer and 1 otherwise; a bad argument
 * or setting exits with status 2.
 *
 * <p>The apps' validators are built from settings by the core's one parser. Without any
 * {@code TOKENVALIDATOR_*} environment variable those settings name the dev server; with them, the apps
 * use the authorization server they name (MobileFirst or any RFC 7662 server) instead, and the walk-through
 * keeps the steps that need no token of that server.
 *
 * <p>Instances are thread-safe; {@link #close()} stops everything the demo started.
 */
public final class Demo implements AutoCloseable {
  /** The confidential client the apps' validators introspect with, as a MobileFirst resource server would. */
  static final String RESOURCE_SERVER_ID = "resource-server";
  static final String RESOURCE_SERVER_SECRET = "resource-server-secret";
  /** The client standing in for the mobile app, which asks for tokens. */
  static final String MOBILE_APP_ID = "mobile-app";
  static final String MOBILE_APP_SECRET = "mobile-app-secret";
  static final String MOBILE_APP_SCOPE = "RegisteredClient accessRestricted";
  /** The user the mobile app's tokens are for (the dev server's {@code username} extension). */
  static final String USERNAME = "alice";
  /** The client standing in for an MCP client (an agent), which asks for tokens for the MCP server. */
  static final String MCP_AGENT_ID = "mcp-agent";
  static final String MCP_AGENT_SECRET = "mcp-agent-secret";

  static final String EXIT_ARGUMENT = "--exit-after-walkthrough";
  static final String EXIT_PROPERTY = "demo.exit";

  private static final String ENVIRONMENT_PREFIX = "TOKENVALIDATOR_";

  private final DevAuthorizationServer authorizationServer;
  private final TokenValidator servletValidator;
  private final ServletSampleApp servletApp;
  private final TokenValidator jaxRsValidator;
  private final JaxRsSampleApp jaxRsApp;
  private final SpringBootSampleApp springBootApp;
  /** The JWT walk's dev server and app, or null with an external authorization server. */
  private JwtWalk jwtWalk;
  /** The MCP server protected as an RFC 9728 resource, or null with an external authorization server. */
  private McpServerApp mcpApp;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Demo(DevAuthorizationServer authorizationServer, TokenValidator servletValidator,
      ServletSampleApp servletApp, TokenValidator jaxRsValidator, JaxRsSampleApp jaxRsApp,
      SpringBootSampleApp springBootApp) {
    this.authorizationServer = authorizationServer;
    this.servletValidator = servletValidator;
    this.servletApp = servletApp;
    this.jaxRsValidator = jaxRsValidator;
    this.jaxRsApp = jaxRsApp;
    this.springBootApp = springBootApp;
  }

  /**
   * Runs the demo: prints the walk-through, then serves until the process is stopped, or exits after the
   * walk-through when {@code -Ddemo.exit=true} or {@code --exit-after-walkthrough} is given.
   */
  public static void main(String[] args) {
    Launch launch = launch(args, System.getenv(), Boolean.getBoolean(EXIT_PROPERTY), System.out, System.err);
    Demo demo = launch.demo();
    if (demo == null) {
      // Everything is closed by now, but the MCP Java SDK (2.2.0) starts its Streamable HTTP transport's session
      // sweeper on Schedulers.newSingle, a non-daemon thread it never disposes: without exit() the JVM (and
      // exec:java, which waits for non-daemon threads) would never end after the walk-through.
      System.exit(launch.exitCode());
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-shutdown"));
    try {
      new CountDownLatch(1).await(); // until Ctrl-C; the shutdown hook stops the servers
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      demo.close();
    }
  }

  /** What {@link #launch} left: a demo still serving, or none and the exit status. */
  record Launch(Demo demo, int exitCode) {}

  /**
   * Starts everything, walks through and prints the {@code curl} lines. In exit mode (or on failure to
   * start) everything is stopped again and the status returned; otherwise the running demo is returned for
   * the caller to close.
   */
  static Launch launch(String[] args, Map<String, String> environment, boolean exitAfterWalkthrough,
      PrintStream out, PrintStream err) {
    boolean exit = exitAfterWalkthrough;
    for (String arg : args) {
      if (arg.equals(EXIT_ARGUMENT)) {
        exit = true;
      } else if (arg.equals("-h") || arg.equals("--help")) {
        out.println("Usage: Demo [" + EXIT_ARGUMENT + "]   (or -D" + EXIT_PROPERTY + "=true)");
        out.println("Starts the dev authorization server and the sample apps, walks the MobileFirst flow");
        out.println("against them, then serves until Ctrl-C. TOKENVALIDATOR_* environment variables point");
        out.println("the apps at another authorization server (see docs/configuration.md).");
        return new Launch(null, 0);
      } else {
        err.println("Unknown argument " + Walkthrough.printable(arg) + "; the only one is " + EXIT_ARGUMENT
            + " (--help for help)");
        return new Launch(null, 2);
      }
    }

    Demo demo;
    try {
      demo = start(environment);
    } catch (InvalidConfigurationException e) {
      // the core's message names the variable as it was written
      err.println("The sample apps' validator settings are wrong: " + Walkthrough.printable(e.getMessage(), 2000));
      return new Launch(null, 2);
    } catch (UncheckedIOException e) {
      err.println("The demo cannot start: " + e.getMessage());
      return new Launch(null, 1);
    }

    boolean passed;
    try {
      demo.printBanner(out);
      passed = demo.walkThrough(out).passed();
      passed &= demo.walkJwt(out);
    } catch (RuntimeException e) {
      demo.close();
      throw e;
    }
    if (exit) {
      if (demo.authorizationServer == null) {
        // the walk skipped the steps that need a token of that server, pointing at these lines
        demo.printCurlLines(out, false);
      }
      demo.close();
      return new Launch(null, passed ? 0 : 1);
    }
    demo.printCurlLines(out, true);
    return new Launch(demo, 0);
  }

  /**
   * Starts the dev server (unless {@code environment} has {@code TOKENVALIDATOR_*} settings) and the apps,
   * each with its own validator built from those settings (the Spring Boot app's by the starter).
   *
   * @throws InvalidConfigurationException naming the setting, if a {@code TOKENVALIDATOR_*} setting is
   *     unknown, malformed or missing
   */
  static Demo start(Map<String, String> environment) {
    boolean external = environment.keySet().stream().anyMatch(name -> name.startsWith(ENVIRONMENT_PREFIX));
    DevAuthorizationServer authorizationServer = external ? null : DevAuthorizationServer.builder()
        .client(RESOURCE_SERVER_ID, RESOURCE_SERVER_SECRET, "authorization.introspect")
        .client(MOBILE_APP_ID, MOBILE_APP_SECRET, MOBILE_APP_SCOPE)
        .client(MCP_AGENT_ID, MCP_AGENT_SECRET, McpServerApp.TOOLS_SCOPE + " " + McpServerApp.TRANSFER_SCOPE)
        .start();
    Deque<AutoCloseable> started = new ArrayDeque<>();
    if (authorizationServer != null) {
      started.push(authorizationServer);
    }
    try {
      Map<String, String> settings = external ? environment : devServerSettings(authorizationServer);
      // each app gets its own validator, as two services would
      TokenValidator servletValidator = push(started, TokenValidator.builder().environment(settings).build());
      ServletSampleApp servletApp = push(started, ServletSampleApp.start(servletValidator, 0));
      TokenValidator jaxRsValidator = push(started, TokenValidator.builder().environment(settings).build());
      JaxRsSampleApp jaxRsApp = push(started, JaxRsSampleApp.start(jaxRsValidator, 0));
      // the Spring Boot starter builds its validator from the same settings, read as environment variables
      SpringBootSampleApp springBootApp = push(started, SpringBootSampleApp.start(settings, 0));
      Demo demo = new Demo(authorizationServer, servletValidator, servletApp, jaxRsValidator, jaxRsApp,
          springBootApp);
      if (!external) {
        demo.jwtWalk = push(started, JwtWalk.start());
        demo.mcpApp = push(started, McpServerApp.start(Map.of(
            "tokenvalidator.server-url", authorizationServer.serverUrl(),
            "tokenvalidator.client-id", RESOURCE_SERVER_ID,
            "tokenvalidator.client-secret", RESOURCE_SERVER_SECRET,
            "tokenvalidator.issuer", authorizationServer.serverUrl())));
      }
      return demo;
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  private static <T extends AutoCloseable> T push(Deque<AutoCloseable> started, T closeable) {
    started.push(closeable);
    return closeable;
  }

  /** The settings naming the dev server, as environment variables would: the same parser reads them. */
  static Map<String, String> devServerSettings(DevAuthorizationServer authorizationServer) {
    return Map.of(
        "TOKENVALIDATOR_SERVER_URL", authorizationServer.serverUrl(),
        "TOKENVALIDATOR_CLIENT_ID", RESOURCE_SERVER_ID,
        "TOKENVALIDATOR_CLIENT_SECRET", RESOURCE_SERVER_SECRET);
  }

  /** The MCP server, or null with an external authorization server. */
  McpServerApp mcpApp() {
    return mcpApp;
  }

  /** The dev server, or null when the apps use the server the {@code TOKENVALIDATOR_*} settings name. */
  DevAuthorizationServer authorizationServer() {
    return authorizationServer;
  }

  ServletSampleApp servletApp() {
    return servletApp;
  }

  JaxRsSampleApp jaxRsApp() {
    return jaxRsApp;
  }

  SpringBootSampleApp springBootApp() {
    return springBootApp;
  }

  /** The apps, named as the output names them. */
  List<Walkthrough.App> apps() {
    return List.of(new Walkthrough.App("servlet app", servletApp.baseUri()),
        new Walkthrough.App("JAX-RS app", jaxRsApp.baseUri()),
        new Walkthrough.App("Spring Boot app", springBootApp.baseUri()));
  }

  /** The mobile app's client on the dev server, or null without one. */
  Walkthrough.TokenClient mobileApp() {
    return authorizationServer == null ? null : new Walkthrough.TokenClient(
        URI.create(authorizationServer.tokenEndpoint()), MOBILE_APP_ID, MOBILE_APP_SECRET, USERNAME);
  }

  /** Walks the flow against every app, printing each step to {@code out}. */
  Walkthrough.Report walkThrough(PrintStream out) {
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    return new Walkthrough(http, apps(), mobileApp(), out).run();
  }

  /** The JWT walk (none with an external server): banner and steps printed to {@code out}; whether it passed. */
  boolean walkJwt(PrintStream out) {
    if (jwtWalk == null) {
      return true;
    }
    jwtWalk.printBanner(out);
    return jwtWalk.run(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build(), out).passed();
  }

  /** The JWT walk, or null with an external authorization server. */
  JwtWalk jwtWalk() {
    return jwtWalk;
  }

  void printBanner(PrintStream out) {
    out.println("Token Validator demo");
    out.println();
    if (authorizationServer != null) {
      out.println("  Dev authorization server  " + authorizationServer.serverUrl()
          + "   (MobileFirst protocol; for development only)");
      out.println("    client " + RESOURCE_SERVER_ID + "   allowed scope authorization.introspect:"
          + " the apps' validators introspect with it");
      out.println("    client " + MOBILE_APP_ID + "        allowed scope " + MOBILE_APP_SCOPE
          + ": stands in for the mobile app");
    } else {
      out.println("  Authorization server      from the TOKENVALIDATOR_* environment variables:");
      out.println("    " + Walkthrough.printable(servletValidator.toString(), 1000));
    }
    out.println("  Servlet app               " + servletApp.baseUri() + "   Jetty 12 + BearerTokenFilter");
    out.println("  JAX-RS app                " + jaxRsApp.baseUri() + "   Jersey 3.1 + @OAuthSecurity");
    out.println("  Spring Boot app           " + springBootApp.baseUri()
        + "   Spring Boot 3.5 + Spring Security + validator-spring-boot-starter");
    out.println("  All serve /public/hello (no token), /api/profile (any valid token) and");
    out.println("  /api/balance (a token for scope accessRestricted).");
    if (mcpApp != null) {
      out.println("  MCP server                " + mcpApp.resource() + "   MCP Java SDK (Streamable HTTP) + BearerTokenFilter");
      out.println("    tools balance (scope " + McpServerApp.TOOLS_SCOPE + ") and transfer (also "
          + McpServerApp.TRANSFER_SCOPE + "); client " + MCP_AGENT_ID + " may ask for both");
    }
    out.println();
  }

  /**
   * The {@code curl} lines to try the apps by hand; {@code serving} false when the demo is about to stop,
   * so the lines show their shape for the next run.
   */
  void printCurlLines(PrintStream out, boolean serving) {
    out.println(serving ? "Try it yourself; the servers keep running until Ctrl-C."
        : "Try it yourself: run the demo again without -D" + EXIT_PROPERTY + "=true, which keeps the apps serving,"
            + " and call them like this (each run picks new ports; the apps stop now):");
    if (authorizationServer != null) {
      String tokenRequest = "curl -s -u " + MOBILE_APP_ID + ':' + MOBILE_APP_SECRET
          + " -d grant_type=client_credentials -d scope=accessRestricted -d username=" + USERNAME + ' '
          + authorizationServer.tokenEndpoint();
      out.println("  # a token for scope accessRestricted (leave out -d scope=... for the default scope):");
      out.println("  " + tokenRequest);
      out.println("  # the same, kept in TOKEN:");
      out.println("  TOKEN=$(" + tokenRequest + " | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
    } else {
      out.println("  # a token from your authorization server:");
      out.println("  TOKEN=...");
    }
    for (Walkthrough.App app : apps()) {
      out.println("  # the " + app.name() + ":");
      out.println("  curl -i " + app.baseUri().resolve("/public/hello"));
      out.println("  curl -i -H \"Authorization: Bearer $TOKEN\" " + app.baseUri().resolve("/api/profile"));
      out.println("  curl -i -H \"Authorization: Bearer $TOKEN\" " + app.baseUri().resolve(Walkthrough.RESOURCE));
    }
    if (mcpApp != null) {
      out.println("  # the MCP server (" + mcpApp.resource() + "): its RFC 9728 metadata, then a token for it:");
      out.println("  curl -s " + mcpApp.baseUri() + "/.well-known/oauth-protected-resource/mcp");
      out.println("  curl -s -u " + MCP_AGENT_ID + ':' + MCP_AGENT_SECRET + " -d grant_type=client_credentials -d scope="
          + McpServerApp.TOOLS_SCOPE + " -d resource=" + mcpApp.resource() + ' ' + authorizationServer.tokenEndpoint());
    }
    if (jwtWalk != null) {
      jwtWalk.printCurlLines(out);
    }
    out.println();
  }

  /** Stops the apps, their validators and the dev server, in that order; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Deque<AutoCloseable> all = new ArrayDeque<>();
      if (authorizationServer != null) {
        all.push(authorizationServer);
      }
      all.push(jaxRsValidator);
      all.push(servletValidator);
      all.push(springBootApp); // closes the validator the starter built
      all.push(jaxRsApp);
      all.push(servletApp);
      if (jwtWalk != null) {
        all.push(jwtWalk);
      }
      if (mcpApp != null) {
        all.push(mcpApp);
      }
      closeAll(all);
    }
  }

  /** Closes each in turn; one failing to close does not keep the others open. */
  private static void closeAll(Deque<AutoCloseable> closeables) {
    RuntimeException failure = null;
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("Stopping the demo failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "Demo{" + (authorizationServer == null ? "external authorization server" : authorizationServer)
        + ", " + servletApp + ", " + jaxRsApp + ", " + springBootApp + '}';
  }
}
