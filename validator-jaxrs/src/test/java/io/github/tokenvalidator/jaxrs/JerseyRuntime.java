package io.github.tokenvalidator.jaxrs;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.tokenvalidator.testing.TestTls;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/** Jersey 3.1 on the JDK's {@code com.sun.net.httpserver}. */
final class JerseyRuntime implements JaxRsRuntime {

  @Override
  public RunningApplication start(Application application) {
    return started(JdkHttpServerFactory.createHttpServer(
        URI.create("http://127.0.0.1:0/"), ResourceConfig.forApplication(application), false), "http");
  }

  @Override
  public RunningApplication startTls(Application application, TestTls tls) {
    SSLContext context = tls.server();
    HttpServer server = JdkHttpServerFactory.createHttpServer(
        URI.create("https://127.0.0.1:0/"), ResourceConfig.forApplication(application), context, false);
    ((HttpsServer) server).setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters parameters) {
        SSLParameters ssl = context.getDefaultSSLParameters();
        ssl.setWantClientAuth(true);
        parameters.setSSLParameters(ssl);
      }
    });
    return started(server, "https");
  }

  private static RunningApplication started(HttpServer server, String scheme) {
    // the JDK server's default executor is the single dispatcher thread; requests block on introspection
    ExecutorService executor = Executors.newFixedThreadPool(16);
    server.setExecutor(executor);
    server.start();
    URI base = URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/");
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
