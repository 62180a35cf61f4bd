package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.testing.TestTls;
import io.undertow.Undertow;
import jakarta.ws.rs.core.Application;
import java.net.InetSocketAddress;
import java.net.URI;
import org.jboss.resteasy.plugins.interceptors.RoleBasedSecurityFeature;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

/** RESTEasy 6.2 on Undertow (through RESTEasy's servlet dispatcher). */
final class ResteasyRuntime implements JaxRsRuntime {

  @Override
  public RunningApplication start(Application application) {
    return started(application, Undertow.builder().addHttpListener(0, "127.0.0.1"), "http");
  }

  @Override
  public RunningApplication startTls(Application application, TestTls tls) {
    return started(application, Undertow.builder().addHttpsListener(0, "127.0.0.1", tls.server())
        .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUESTED), "https");
  }

  private static RunningApplication started(Application application, Undertow.Builder builder, String scheme) {
    PortAwareServer server = new PortAwareServer();
    server.start(builder);
    try {
      server.deploy(application, "/");
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
    URI base = URI.create(scheme + "://127.0.0.1:" + server.port() + "/");
    return new RunningApplication() {
      @Override
      public URI baseUri() {
        return base;
      }

      @Override
      public void close() {
        server.stop();
      }
    };
  }

  @Override
  public Object rolesAllowedFeature() {
    return new RoleBasedSecurityFeature();
  }

  @Override
  public String toString() {
    return "RESTEasy";
  }

  /** Exposes the port Undertow bound, which UndertowJaxrsServer keeps to itself. */
  private static final class PortAwareServer extends UndertowJaxrsServer {
    int port() {
      return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }
  }
}
