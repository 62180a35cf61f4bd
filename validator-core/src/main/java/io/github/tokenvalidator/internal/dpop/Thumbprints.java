package io.github.tokenvalidator.internal.dpop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

/**
 * The SHA-256 thumbprints a token's {@code cnf} names: of a JWK (RFC 7638, {@code jkt}) and of a
 * certificate (RFC 8705 §3.1, {@code x5t#S256}), base64url without padding. Stateless and thread-safe.
 */
public final class Thumbprints {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Thumbprints() {}

  /**
   * The RFC 7638 thumbprint of a public JWK: its required members only, in lexicographic order, no blanks.
   * The members' values are strings the key parser already accepted (base64url or curve names), checked
   * again here to need no JSON escaping.
   *
   * @param jwk a JWK of type RSA, EC or OKP
   * @return the thumbprint, or null for another type or a member that is not a plain string
   */
  public static String jwk(Map<String, Object> jwk) {
    Object kty = jwk.get("kty");
    String[] members;
    if ("RSA".equals(kty)) {
      members = new String[] {"e", "kty", "n"};
    } else if ("EC".equals(kty)) {
      members = new String[] {"crv", "kty", "x", "y"};
    } else if ("OKP".equals(kty)) {
      members = new String[] {"crv", "kty", "x"};
    } else {
      return null;
    }
    StringBuilder json = new StringBuilder(512).append('{');
    for (int i = 0; i < members.length; i++) {
      Object value = jwk.get(members[i]);
      if (!(value instanceof String) || !isPlain((String) value)) {
        return null;
      }
      if (i > 0) {
        json.append(',');
      }
      json.append('"').append(members[i]).append("\":\"").append((String) value).append('"');
    }
    json.append('}');
    return BASE64URL.encodeToString(sha256(json.toString().getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * The RFC 8705 thumbprint of a certificate: SHA-256 of its DER encoding.
   *
   * @param certificate the certificate
   * @return the thumbprint, or null when the certificate cannot be encoded
   */
  public static String certificate(X509Certificate certificate) {
    try {
      return BASE64URL.encodeToString(sha256(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      return null;
    }
  }

  /** {@return base64url(SHA-256(ASCII of {@code token})), a proof's {@code ath}} */
  public static String accessTokenHash(String token) {
    return BASE64URL.encodeToString(sha256(token.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Printable ASCII without {@code "} or {@code \}: nothing a JSON string would escape. */
  private static boolean isPlain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** Equality that takes as long whatever prefix two thumbprints share. */
  static boolean same(String a, String b) {
    return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII),
        b.getBytes(StandardCharsets.US_ASCII));
  }
}
