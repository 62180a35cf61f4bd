package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.testing.TestTls;

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
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.scan.StandardJarScanner;

/** Embedded Tomcat 10.1. */
final class TomcatContainer implements TestContainer {
  // Tomcat logs every start and stop at INFO through java.util.logging; keep the test output readable
  private static final Logger TOMCAT_LOGGER = Logger.getLogger("org.apache");
  // The tests share validators (and their HTTP client threads) across many short-lived contexts, which
  // Tomcat's leak detection reports with a stack trace per thread at every stop
  private static final Logger LEAK_LOGGER = Logger.getLogger("org.apache.catalina.loader");

  // With certificateVerification="optional", JSSE's TLS 1.3 warns that it cannot ask for a certificate after
  // the handshake; the TLS tests ask for it in the handshake, which is all they need
  private static final Logger TLS_LOGGER = Logger.getLogger("org.apache.tomcat.util.net.SSLUtilBase");

  static {
    TOMCAT_LOGGER.setLevel(Level.WARNING);
    LEAK_LOGGER.setLevel(Level.SEVERE);
    TLS_LOGGER.setLevel(Level.SEVERE);
  }

  private final Tomcat tomcat;
  private final Connector connector;
  private final Path baseDir;
  private Context context;

  private TomcatContainer() throws IOException {
    baseDir = Files.createTempDirectory("tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
  }

  /** As {@link #start}, over HTTPS only (JSSE), asking clients for a certificate (optional). */
  static TestContainer startTls(Application application, TestTls tls) throws Exception {
    TomcatContainer container = new TomcatContainer();
    Connector https = container.connector;
    https.setSecure(true);
    https.setScheme("https");
    https.setProperty("SSLEnabled", "true");
    SSLHostConfig ssl = new SSLHostConfig();
    ssl.setCertificateVerification("optional");
    ssl.setTrustStore(tls.trustStore());
    SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
    certificate.setCertificateKeystore(tls.serverKeyStore());
    certificate.setCertificateKeystorePassword(new String(TestTls.PASSWORD));
    ssl.addCertificate(certificate);
    https.addSslHostConfig(ssl);
    File docBase = Files.createDirectories(container.baseDir.resolve("docbase")).toFile();
    container.context = container.tomcat.addContext(CONTEXT_PATH, docBase.getAbsolutePath());
    container.context.addServletContainerInitializer(
        (classes, servletContext) -> application.start(servletContext), null);
    return container.started();
  }

  static TestContainer start(Application application) throws Exception {
    TomcatContainer container = new TomcatContainer();
    File docBase = Files.createDirectories(container.baseDir.resolve("docbase")).toFile();
    container.context = container.tomcat.addContext(CONTEXT_PATH, docBase.getAbsolutePath());
    container.context.addServletContainerInitializer(
        (classes, servletContext) -> application.start(servletContext), null);
    return container.started();
  }

  /** Deploys the web application in {@code docBase}, configured by its {@code WEB-INF/web.xml}. */
  static TestContainer deploy(Path docBase) throws Exception {
    TomcatContainer container = new TomcatContainer();
    // no conf/web.xml defaults: its default and JSP servlets are not part of what is tested
    container.tomcat.setAddDefaultWebXmlToWebapp(false);
    container.context = container.tomcat.addWebapp(CONTEXT_PATH, docBase.toAbsolutePath().toString());
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false);
    container.context.setJarScanner(scanner);
    return container.started();
  }

  private TestContainer started() throws LifecycleException {
    // leak detection on stop wants --add-opens and warns without it; these tests start many contexts
    StandardContext standard = (StandardContext) context;
    standard.setClearReferencesObjectStreamClassCaches(false);
    standard.setClearReferencesThreadLocals(false);
    standard.setClearReferencesRmiTargets(false);
    tomcat.start();
    return this;
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
