package io.github.tokenvalidator.examples;

import com.sun.net.httpserver.HttpServer;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.jaxrs.OAuthSecurity;
import io.github.tokenvalidator.jaxrs.TokenValidationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The JAX-RS sample application: {@link PublicResource} and {@link AccountResource} on Jersey 3.1 and the
 * JDK's HTTP server, protected by {@link TokenValidationFeature} as their {@link OAuthSecurity}
 * annotations declare.
 *
 * <table>
 *   <caption>Resources</caption>
 *   <tr><th>path</th><th>declaration</th></tr>
 *   <tr><td>{@code /public/hello}</td><td>{@code @OAuthSecurity(enabled = false)}</td></tr>
 *   <tr><td>{@code /api/profile}</td><td>{@code @OAuthSecurity}: a valid token, any scope</td></tr>
 *   <tr><td>{@code /api/balance}</td><td>{@code @OAuthSecurity(scope = "accessRestricted")}</td></tr>
 * </table>
 *
 * The whole security set-up is one registration:
 *
 * <pre>{@code
 * new ResourceConfig(PublicResource.class, AccountResource.class)
 *     .register(TokenValidationFeature.of(validator));
 * }</pre>
 *
 * <p>Instances are thread-safe. The application listens on loopback and never closes the validator it was
 * given.
 */
public final class JaxRsSampleApp implements AutoCloseable {
  private static final int THREADS = 8;

  static {
    // As the dev server does: without TCP_NODELAY the JDK server's answers wait ~40 ms for the client's
    // delayed ACK. Read once per JVM, so it must be set before the first JDK server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI baseUri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JaxRsSampleApp(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    this.baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Starts the application on {@code 127.0.0.1:port}.
   *
   * @param validator validates every token; stays the caller's to close
   * @param port the port, or 0 for a free one
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static JaxRsSampleApp start(TokenValidator validator, int port) {
    Objects.requireNonNull(validator, "validator");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535: " + port);
    }
    ResourceConfig application = new ResourceConfig(PublicResource.class, AccountResource.class)
        .register(TokenValidationFeature.of(validator))
        // no /application.wadl, and no warnings about the JAXB and Activation APIs those providers need
        .property(ServerProperties.WADL_FEATURE_DISABLE, true)
        .property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "ALL");
    HttpServer server;
    try {
      server = JdkHttpServerFactory.createHttpServer(
          URI.create("http://127.0.0.1:" + port + "/"), application, false);
    } catch (RuntimeException e) {
      // Jersey wraps the BindException in its ProcessingException
      throw new UncheckedIOException("The JAX-RS sample app cannot listen on 127.0.0.1:" + port,
          new IOException(e.getMessage(), e));
    }
    // the JDK server's default is its single dispatcher thread, and a request may wait on introspection
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, new NamedThreads());
    server.setExecutor(executor);
    server.start();
    return new JaxRsSampleApp(server, executor);
  }

  /** Where the application listens, e.g. {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public URI baseUri() {
    return baseUri;
  }

  /** Stops the server at once; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "JaxRsSampleApp{" + baseUri + '}';
  }

  private static final class NamedThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      return new Thread(task, "jaxrs-sample-app-" + count.incrementAndGet());
    }
  }
}
