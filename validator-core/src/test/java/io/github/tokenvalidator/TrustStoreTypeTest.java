package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code trust-store-type} that fails however it fails while the trust store is read makes the build fail
 * with an {@link InvalidConfigurationException} naming a setting, never another exception.
 */
class TrustStoreTypeTest {
  private static final String PASSWORD = "st0re-Passw0rd";

  @TempDir
  Path dir;

  private Path store;
  private Path pem;

  @BeforeEach
  void writeStores() throws Exception {
    HeldCertificate certificate = new HeldCertificate.Builder().commonName("localhost").build();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setCertificateEntry("authorization-server", certificate.certificate());
    store = dir.resolve("trust.p12");
    try (OutputStream out = Files.newOutputStream(store)) {
      keyStore.store(out, PASSWORD.toCharArray());
    }
    pem = Files.writeString(dir.resolve("cert.pem"), certificate.certificatePem());
  }

  private static Map<String, String> properties(Path file, String password, String type) {
    return Map.of(
        "tokenvalidator.introspection-endpoint", "https://localhost:1/introspect",
        "tokenvalidator.client-id", "rs",
        "tokenvalidator.client-secret", "secret",
        "tokenvalidator.trust-store", file.toString(),
        "tokenvalidator.trust-store-password", password,
        "tokenvalidator.trust-store-type", type);
  }

  /**
   * DKS (the JDK's domain key store) reads a JKS or PKCS12 file, and for anything else throws
   * UnsupportedOperationException: "must be loaded using a DomainLoadStoreParameter".
   */
  @ParameterizedTest
  @ValueSource(strings = {"DKS", "dks"})
  void aDomainKeyStoreThatCannotReadTheFileFailsNamingTheType(String type) {
    for (Map<String, String> properties : List.of(properties(pem, PASSWORD, type),
        properties(store, "wr0ng-Guess", type))) {
      assertThatThrownBy(() -> TokenValidator.fromProperties(properties))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("tokenvalidator.trust-store-type: ")
          .hasMessageContaining(type)
          .hasMessageNotContaining(PASSWORD).hasMessageNotContaining("wr0ng-Guess")
          .satisfies(e -> assertThat(((InvalidConfigurationException) e).key()).isEqualTo("trust-store-type"));
    }
  }

  @Test
  void aDomainKeyStoreReadsAPkcs12File() {
    TokenValidator.fromProperties(properties(store, PASSWORD, "DKS")).close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"DKS", "PKCS11", "Windows-ROOT", "KeychainStore", "NOPE"})
  void theBuilderNamesTheTypeToo(String type) {
    TokenValidator.Builder builder = TokenValidator.builder().introspectionEndpoint("https://localhost:1/introspect")
        .clientCredentials("rs", "secret").trustStore(pem).trustStorePassword(PASSWORD).trustStoreType(type);
    assertThatThrownBy(builder::build)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("tokenvalidator.trust-store-type: ")
        .hasMessageNotContaining(PASSWORD);
  }
}
