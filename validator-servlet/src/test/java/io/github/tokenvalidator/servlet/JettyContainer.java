package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.testing.TestTls;

import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Embedded Jetty 12 (ee10). */
final class JettyContainer implements TestContainer {
  private final Server server;
  private final ServerConnector connector;
  private final boolean started;

  private JettyContainer(ServletContextHandler context) {
    this(context, null);
  }

  private JettyContainer(ServletContextHandler context, TestTls tls) {
    server = new Server();
    connector = tls == null ? new ServerConnector(server) : httpsConnector(server, tls);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    context.setContextPath(CONTEXT_PATH);
    server.setHandler(context);
    boolean ok;
    try {
      server.start();
      ok = context.isAvailable();
    } catch (Exception e) {
      // Jetty refuses to start when a filter's init fails
      ok = false;
    }
    started = ok;
  }

  static TestContainer start(Application application) {
    // sessions enabled, so a session created by mistake would show in a Set-Cookie header
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    ServletContainerInitializer initializer = (classes, servletContext) -> application.start(servletContext);
    context.addServletContainerInitializer(initializer);
    return new JettyContainer(context);
  }

  /** As {@link #start}, over HTTPS only, asking clients for a certificate (optional). */
  static TestContainer startTls(Application application, TestTls tls) {
    ServletContextHandler context = new ServletContextHandler();
    ServletContainerInitializer initializer = (classes, servletContext) -> application.start(servletContext);
    context.addServletContainerInitializer(initializer);
    return new JettyContainer(context, tls);
  }

  private static ServerConnector httpsConnector(Server server, TestTls tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    try {
      ssl.setKeyStore(tls.serverKeyStore());
      ssl.setKeyStorePassword(new String(TestTls.PASSWORD));
      ssl.setTrustStore(tls.trustStore());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ssl.setWantClientAuth(true);
    HttpConfiguration https = new HttpConfiguration();
    // the customizer sets the request's scheme and the certificate attribute
    https.addCustomizer(new SecureRequestCustomizer(false));
    return new ServerConnector(server, ssl, new HttpConnectionFactory(https));
  }

  /** Deploys the web application in {@code docBase}, configured by its {@code WEB-INF/web.xml}. */
  static TestContainer deploy(Path docBase) {
    WebAppContext webapp = new WebAppContext();
    webapp.setBaseResourceAsPath(docBase);
    // no webdefault.xml: its default and JSP servlets are not part of what is tested
    webapp.setDefaultsDescriptor(null);
    webapp.setParentLoaderPriority(true);
    webapp.setThrowUnavailableOnStartupException(true);
    return new JettyContainer(webapp);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public boolean applicationAvailable() {
    return started;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  @Override
  public String toString() {
    return "Jetty " + Server.getVersion();
  }
}
