package io.github.tokenvalidator.servlet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 10.1. */
final class TomcatContainer implements TestContainer {
  // Tomcat logs every start and stop at INFO through java.util.logging; keep the test output readable
  private static final Logger TOMCAT_LOGGER = Logger.getLogger("org.apache");

  static {
    TOMCAT_LOGGER.setLevel(Level.WARNING);
  }

  private final Tomcat tomcat;
  private final Connector connector;
  private final Context context;
  private final Path baseDir;

  private TomcatContainer(Application application) throws Exception {
    baseDir = Files.createTempDirectory("tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    File docBase = Files.createDirectories(baseDir.resolve("docbase")).toFile();
    context = tomcat.addContext(CONTEXT_PATH, docBase.getAbsolutePath());
    // leak detection on stop wants --add-opens and warns without it; these tests start many contexts
    StandardContext standard = (StandardContext) context;
    standard.setClearReferencesObjectStreamClassCaches(false);
    standard.setClearReferencesThreadLocals(false);
    standard.setClearReferencesRmiTargets(false);
    context.addServletContainerInitializer((classes, servletContext) -> application.start(servletContext), null);
    tomcat.start();
  }

  static TestContainer start(Application application) throws Exception {
    return new TomcatContainer(application);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public boolean applicationAvailable() {
    // Tomcat keeps serving other contexts when a filter's init fails; the failed one is not available
    return context.getState().isAvailable();
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
      try (Stream<Path> files = Files.walk(baseDir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    } catch (LifecycleException | IOException e) {
      throw new IllegalStateException("Tomcat did not stop", e);
    }
  }

  @Override
  public String toString() {
    return "Tomcat";
  }
}
