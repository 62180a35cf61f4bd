package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.examples.snippets.MigrationJaxrsSnippets.BalanceResource;
import io.github.tokenvalidator.jaxrs.TokenValidationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The Java blocks of docs/migration-from-mobilefirst.md on a trusted certificate.
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class MigrationTlsSnippets {

  // docs/migration-from-mobilefirst.md, Java block 8
  void registerWithATrustedServer() throws Exception {
    TokenValidator validator = TokenValidator.builder()
        .environment(System.getenv())   // TOKENVALIDATOR_SERVER_URL, _CLIENT_ID, _CLIENT_SECRET, _CACHE_MAX_SIZE=0
        .sslContext(trusting("certificate.crt"))
        .build();
    ResourceConfig application = new ResourceConfig(BalanceResource.class)
        .register(TokenValidationFeature.of(validator));
  }

  // docs/migration-from-mobilefirst.md, Java block 9
  static SSLContext trusting(String pemFile) throws GeneralSecurityException, IOException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream pem = Files.newInputStream(Path.of(pemFile))) {
      trusted.setCertificateEntry("authorization-server",
          CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
