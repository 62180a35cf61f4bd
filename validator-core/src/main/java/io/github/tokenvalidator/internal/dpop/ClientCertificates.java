package io.github.tokenvalidator.internal.dpop;

import io.github.tokenvalidator.RequestView;
import io.github.tokenvalidator.internal.request.TrustedProxies;
import java.util.Base64;
import java.util.List;

/**
 * The thumbprint of the client certificate a request was made with (RFC 8705 §3): the one the container's
 * TLS layer verified, else, only from one of the {@code trusted-proxies}, the RFC 9440 {@code Client-Cert}
 * header its TLS-terminating proxy set. Immutable and thread-safe.
 */
final class ClientCertificates {
  static final String CLIENT_CERT_HEADER = "Client-Cert";
  /** Longest {@code Client-Cert} value read; certificates of any usual size are far shorter. */
  private static final int MAX_HEADER_LENGTH = 16384;

  private final TrustedProxies trustedProxies;

  ClientCertificates(TrustedProxies trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /**
   * The SHA-256 thumbprint of the request's client certificate.
   *
   * @param request the request
   * @return the thumbprint, base64url; null when there is none this validator may believe
   */
  String thumbprint(RequestView request) {
    List<java.security.cert.X509Certificate> chain = request.clientCertificates();
    if (!chain.isEmpty()) {
      return Thumbprints.certificate(chain.get(0));
    }
    if (trustedProxies.isEmpty() || !trustedProxies.contains(request.remoteAddress())) {
      return null;
    }
    List<String> values = request.headers(CLIENT_CERT_HEADER);
    if (values.size() != 1) {
      return null;
    }
    byte[] der = byteSequence(values.get(0));
    return der == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(Thumbprints.sha256(der));
  }

  /** The bytes of an RFC 8941 byte sequence ({@code :base64:}, blanks around it allowed), or null. */
  static byte[] byteSequence(String value) {
    String trimmed = value.strip();
    if (trimmed.length() < 3 || trimmed.length() > MAX_HEADER_LENGTH || trimmed.charAt(0) != ':'
        || trimmed.charAt(trimmed.length() - 1) != ':') {
      return null;
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(trimmed.substring(1, trimmed.length() - 1));
      return bytes.length == 0 ? null : bytes;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
