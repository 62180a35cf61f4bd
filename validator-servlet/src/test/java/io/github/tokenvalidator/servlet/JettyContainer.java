package io.github.tokenvalidator.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10). */
final class JettyContainer implements TestContainer {
  private final Server server;
  private final ServerConnector connector;
  private final ServletContextHandler context;
  private final boolean started;

  private JettyContainer(Application application) throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    // sessions enabled, so a session created by mistake would show in a Set-Cookie header
    context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath(CONTEXT_PATH);
    ServletContainerInitializer initializer = (classes, servletContext) -> application.start(servletContext);
    context.addServletContainerInitializer(initializer);
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

  static TestContainer start(Application application) throws Exception {
    return new JettyContainer(application);
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
