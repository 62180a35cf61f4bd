package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.TestProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code proxy} and {@code trust-store} settings, against a real proxy and a self-signed HTTPS server. */
@Timeout(30)
class ProxyAndTrustStoreTest {
  private static final String STORE_PASSWORD = "st0re-Passw0rd";

  @TempDir
  Path dir;

  private final TestProxy proxy = TestProxy.start();
  private final HeldCertificate certificate = new HeldCertificate.Builder()
      .addSubjectAlternativeName("localhost").commonName("localhost").build();
  private MockWebServer https;

  @BeforeEach
  void startHttpsServer() throws IOException {
    https = new MockWebServer();
    https.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory(), false);
    https.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse().setHeader("Content-Type", "application/json")
            .setBody("{\"active\":true,\"scope\":\"accessRestricted\",\"client_id\":\"app\"}");
      }
    });
    https.start(java.net.InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    https.shutdown();
  }

  private String httpsIntrospection() {
    return "https://localhost:" + https.getPort() + "/introspect";
  }

  private TokenValidator.Builder rfc7662Client() {
    return TokenValidator.builder().introspectionEndpoint(httpsIntrospection()).clientCredentials("rs", "secret")
        .clientAuthentication(ClientAuthentication.BASIC);
  }

  private Path trustStore(String type, String password) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    store.load(null, null);
    store.setCertificateEntry("authorization-server", certificate.certificate());
    Path file = dir.resolve("trust." + type.toLowerCase(java.util.Locale.ROOT));
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
    return file;
  }

  @Test
  void httpCallsGoThroughTheProxy() {
    try (MockAuthorizationServer server = MockAuthorizationServer.start()
        .activeToken("alice-token", "accessRestricted", "alice");
        TokenValidator validator = server.validatorBuilder().proxy(proxy.address()).build()) {
      assertThat(validator.validate("Bearer alice-token", "accessRestricted").isValid()).isTrue();

      String base = server.serverUrl();
      assertThat(proxy.requestLines()).containsExactly(
          "POST " + base + "/az/v1/token HTTP/1.1",
          "POST " + base + "/az/v1/introspection HTTP/1.1");
    }
  }

  @Test
  void proxyIsASettingAndTakesAUrl() {
    try (MockAuthorizationServer server = MockAuthorizationServer.start()
        .activeToken("alice-token", "accessRestricted", "alice")) {
      Map<String, String> properties = new HashMap<>();
      properties.put("tokenvalidator.server-url", server.serverUrl());
      properties.put("tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID);
      properties.put("tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET);
      properties.put("tokenvalidator.proxy", "http://localhost:" + proxy.port() + "/");
      try (TokenValidator validator = TokenValidator.fromProperties(properties)) {
        assertThat(validator.validate("Bearer alice-token", "accessRestricted").isValid()).isTrue();
      }
      assertThat(proxy.requestLines()).hasSize(2);
    }
  }

  @Test
  void theJvmProxyPropertiesAreNotRead() {
    String[] names = {"http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
    Map<String, String> saved = new HashMap<>();
    for (String name : names) {
      saved.put(name, System.getProperty(name));
    }
    // what would send the JDK's default proxy selector, loopback included, to the proxy
    System.setProperty("http.proxyHost", "127.0.0.1");
    System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
    System.setProperty("http.nonProxyHosts", "");
    try (MockAuthorizationServer server = MockAuthorizationServer.start()
        .activeToken("alice-token", "accessRestricted", "alice");
        TokenValidator validator = server.validatorBuilder().build()) {
      assertThat(validator.validate("Bearer alice-token", "accessRestricted").isValid()).isTrue();
      assertThat(proxy.requestLines()).as("no proxy unless the proxy setting names one").isEmpty();
    } finally {
      saved.forEach((name, value) -> {
        if (value == null) {
          System.clearProperty(name);
        } else {
          System.setProperty(name, value);
        }
      });
    }
  }

  @Test
  void aTrustStoreTrustsTheSelfSignedServer() throws Exception {
    Path store = trustStore("PKCS12", STORE_PASSWORD);
    try (TokenValidator validator = rfc7662Client().trustStore(store).trustStorePassword(STORE_PASSWORD).build()) {
      assertThat(validator.validate("Bearer some-token", "accessRestricted").isValid()).isTrue();
    }
  }

  @Test
  void withoutTheTrustStoreTheSelfSignedServerIsNotTrusted() {
    try (TokenValidator validator = rfc7662Client().build()) {
      assertThat(validator.validate("Bearer some-token", "accessRestricted").error().kind())
          .isEqualTo(Kind.UNAVAILABLE);
    }
    assertThat(https.getRequestCount()).as("refused in the handshake").isZero();
  }

  @Test
  void httpsGoesThroughTheProxyWithConnect() throws Exception {
    Path store = trustStore("PKCS12", STORE_PASSWORD);
    try (TokenValidator validator = rfc7662Client().trustStore(store).trustStorePassword(STORE_PASSWORD)
        .proxy(proxy.address()).build()) {
      assertThat(validator.validate("Bearer some-token", "accessRestricted").isValid()).isTrue();
    }
    assertThat(proxy.requestLines()).containsExactly("CONNECT localhost:" + https.getPort() + " HTTP/1.1");
  }

  @Test
  void trustStoreSettingsWithJks() throws Exception {
    Path store = trustStore("JKS", STORE_PASSWORD);
    Map<String, String> properties = new HashMap<>();
    properties.put("tokenvalidator.introspection-endpoint", httpsIntrospection());
    properties.put("tokenvalidator.client-id", "rs");
    properties.put("tokenvalidator.client-secret", "secret");
    properties.put("tokenvalidator.trust-store", store.toString());
    properties.put("tokenvalidator.trust-store-password", STORE_PASSWORD);
    properties.put("tokenvalidator.trust-store-type", "JKS");
    try (TokenValidator validator = TokenValidator.fromProperties(properties)) {
      assertThat(validator.validate("Bearer some-token", "accessRestricted").isValid()).isTrue();
      assertThat(validator.toString()).doesNotContain(STORE_PASSWORD);
    }
  }

  @Test
  void aMissingTrustStoreFailsBuildNamingTheKey() {
    Path missing = dir.resolve("no-such-store.p12");
    assertThatThrownBy(() -> rfc7662Client().trustStore(missing).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.trust-store: no such file")
        .hasMessageContaining("no-such-store.p12")
        .satisfies(e -> assertThat(((InvalidConfigurationException) e).key()).isEqualTo("trust-store"));
  }

  @Test
  void aWrongPasswordFailsBuildNamingThePasswordSettingWithoutRepeatingIt() throws Exception {
    Path store = trustStore("PKCS12", STORE_PASSWORD);
    assertThatThrownBy(() -> rfc7662Client().trustStore(store).trustStorePassword("wr0ng-Guess").build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.trust-store-password: ")
        .hasMessageNotContaining("wr0ng-Guess").hasMessageNotContaining(STORE_PASSWORD);
  }

  @Test
  void aFileOfAnotherKindFailsBuildNamingTheTrustStore() throws Exception {
    Path notAStore = Files.writeString(dir.resolve("cert.pem"), certificate.certificatePem());
    assertThatThrownBy(() -> rfc7662Client().trustStore(notAStore).trustStorePassword(STORE_PASSWORD).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.trust-store: cannot be read as a PKCS12 key store")
        .hasMessageNotContaining(STORE_PASSWORD);
  }

  @Test
  void anUnknownTypeFailsBuildNamingTheType() throws Exception {
    Path store = trustStore("PKCS12", STORE_PASSWORD);
    assertThatThrownBy(() -> rfc7662Client().trustStore(store).trustStoreType("NOPE").build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.trust-store-type: ");
  }

  @Test
  void aPasswordWithoutAStoreAndAStoreWithAnSslContextAreRefused() throws Exception {
    assertThatThrownBy(() -> rfc7662Client().trustStorePassword(STORE_PASSWORD).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("tokenvalidator.trust-store-password: is set, but trust-store is not");
    Path store = trustStore("PKCS12", STORE_PASSWORD);
    assertThatThrownBy(() -> rfc7662Client().trustStore(store).sslContext(SSLContext.getDefault()).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.trust-store: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"proxy.example.com", "proxy.example.com:0", "proxy.example.com:70000",
      "https://proxy.example.com:3128", "socks://proxy.example.com:1080", "user:pw@proxy.example.com:3128",
      "http://proxy.example.com:3128/path", "proxy.example.com:3128?x=1", " "})
  void malformedProxyIsRefusedNamingTheKey(String value) {
    assertThatThrownBy(() -> TokenValidator.builder().proxy(value))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.proxy: ")
        .hasMessageNotContaining("pw@");
  }

  @ParameterizedTest
  @ValueSource(strings = {"proxy.example.com:3128", "http://proxy.example.com:3128", "HTTP://10.0.0.1:8080/",
      "[::1]:3128"})
  void proxyFormsAreAccepted(String value) {
    TokenValidator.builder().proxy(value);
  }
}
