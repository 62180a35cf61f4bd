package io.github.tokenvalidator.internal.transport;

import io.github.tokenvalidator.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Turns the {@code trust-store} settings into the TLS context of the HTTP client. Stateless and thread-safe.
 *
 * <p>Every failure names the setting to fix; the password is never part of a message.
 */
public final class TrustStores {
  private TrustStores() {}

  /**
   * A TLS context trusting exactly the certificates of {@code file}, with the JDK's default trust manager
   * algorithm (PKIX) verifying chains and host names as always.
   *
   * @param password null when the store has none
   * @throws InvalidConfigurationException naming {@code trust-store}, {@code trust-store-password} or
   *     {@code trust-store-type}
   */
  public static SSLContext sslContext(Path file, String password, String type) {
    KeyStore store;
    try {
      store = KeyStore.getInstance(type);
    } catch (KeyStoreException | RuntimeException e) {
      throw new InvalidConfigurationException("trust-store-type", "is not a key store type this JDK knows: " + type);
    }
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password == null ? null : password.toCharArray());
    } catch (UnsupportedOperationException e) {
      // DKS: it reads a JKS or PKCS12 file, and says this for any other file and for a wrong password alike.
      throw new InvalidConfigurationException("trust-store-type", type + " cannot read the trust store "
          + file.toAbsolutePath() + "; for a file, use PKCS12 or JKS");
    } catch (NoSuchFileException e) {
      throw new InvalidConfigurationException("trust-store", "no such file: " + file.toAbsolutePath());
    } catch (AccessDeniedException e) {
      throw new InvalidConfigurationException("trust-store", "cannot be read (access denied): " + file.toAbsolutePath());
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new InvalidConfigurationException("trust-store-password",
            "does not open the trust store " + file.toAbsolutePath() + " (wrong password)");
      }
      throw new InvalidConfigurationException("trust-store", "cannot be read as a " + type + " key store: "
          + file.toAbsolutePath() + " (" + e.getMessage() + "); is trust-store-type right?");
    } catch (GeneralSecurityException | RuntimeException e) {
      // A provider's parser may fail in any way on a file of another kind or a damaged one.
      throw new InvalidConfigurationException("trust-store", "cannot be read as a " + type + " key store: "
          + file.toAbsolutePath() + " (" + e.getClass().getSimpleName() + ")");
    }
    if (!hasCertificate(store)) {
      throw new InvalidConfigurationException("trust-store", "holds no trusted certificate: " + file.toAbsolutePath());
    }
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidConfigurationException("trust-store", "cannot be used: " + file.toAbsolutePath() + " ("
          + e.getMessage() + ")");
    }
  }

  private static boolean hasCertificate(KeyStore store) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.getCertificate(alias) != null) {
          return true;
        }
      }
      return false;
    } catch (KeyStoreException | RuntimeException e) {
      return false; // a store that cannot list its certificates trusts none
    }
  }
}
