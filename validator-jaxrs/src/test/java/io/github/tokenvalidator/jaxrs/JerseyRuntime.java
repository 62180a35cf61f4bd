package io.github.tokenvalidator.jaxrs;

import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/** Jersey 3.1 on the JDK's {@code com.sun.net.httpserver}. */
final class JerseyRuntime implements JaxRsRuntime {

  @Override
  public RunningApplication start(Application application) {
    HttpServer server = JdkHttpServerFactory.createHttpServer(
        URI.create("http://127.0.0.1:0/"), ResourceConfig.forApplication(application), false);
    // the JDK server's default executor is the single dispatcher thread; requests block on introspection
    ExecutorService executor = Executors.newFixedThreadPool(16);
    server.setExecutor(executor);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new RunningApplication() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void close() {
        server.stop(0);
        executor.shutdownNow();
      }
    };
  }

  @Override
  public Object rolesAllowedFeature() {
    return new RolesAllowedDynamicFeature();
  }

  @Override
  public String toString() {
    return "Jersey";
  }
}
