package io.github.tokenvalidator.testing;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * Certificates for a server on HTTPS at 127.0.0.1 and a client that may present its own: one test authority
 * signs both, and the client's chain is its certificate then the authority's. Immutable once made.
 */
public final class TestTls {
  /** The password of {@link #serverKeyStore()} and of its key. */
  public static final char[] PASSWORD = "changeit".toCharArray();

  private final HeldCertificate authority = new HeldCertificate.Builder().certificateAuthority(0)
      .commonName("Test authority").build();
  private final HeldCertificate server = new HeldCertificate.Builder().signedBy(authority)
      .addSubjectAlternativeName("127.0.0.1").commonName("127.0.0.1").build();
  private final HeldCertificate client = new HeldCertificate.Builder().signedBy(authority)
      .commonName("bank-client").build();

  /** The server's key and chain, as containers configured by files take them. */
  public KeyStore serverKeyStore() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", server.keyPair().getPrivate(), PASSWORD,
        new X509Certificate[] {server.certificate(), authority.certificate()});
    return store;
  }

  /** The authority, trusted for client certificates. */
  public KeyStore trustStore() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("authority", authority.certificate());
    return store;
  }

  /** A client that trusts the server and presents its certificate when asked. */
  public SSLContext clientWithCertificate() {
    return new HandshakeCertificates.Builder().addTrustedCertificate(authority.certificate())
        .heldCertificate(client, authority.certificate()).build().sslContext();
  }

  /** A server context with {@link #serverKeyStore()}'s key, trusting the authority for client certificates. */
  public SSLContext server() {
    return new HandshakeCertificates.Builder().heldCertificate(server, authority.certificate())
        .addTrustedCertificate(authority.certificate()).build().sslContext();
  }

  /** {@return the client's certificate, the one {@link #clientWithCertificate()} presents} */
  public X509Certificate clientCertificate() {
    return client.certificate();
  }

  /** A client that trusts the server and has no certificate of its own. */
  public SSLContext clientWithoutCertificate() {
    return new HandshakeCertificates.Builder().addTrustedCertificate(authority.certificate()).build().sslContext();
  }
}
