package io.github.tokenvalidator.internal.jwt;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECField;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Map;

/**
 * One public signing key of a JWK Set (RFC 7517), as a JDK {@link PublicKey}, with what it may verify.
 * Immutable and thread-safe.
 */
public final class Jwk {
  /** RSA keys shorter than this are refused (RFC 7518 §3.3 requires 2048 bits). */
  public static final int MIN_RSA_BITS = 2048;
  /** The X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410), before its 32 raw bytes. */
  private static final byte[] ED25519_SPKI_PREFIX = {
      0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  public final String keyId;
  public final String keyType;
  public final String curve;
  /** The key's {@code alg}, or null when the JWK leaves it open. */
  public final String algorithm;
  public final PublicKey key;

  private Jwk(String keyId, String keyType, String curve, String algorithm, PublicKey key) {
    this.keyId = keyId;
    this.keyType = keyType;
    this.curve = curve;
    this.algorithm = algorithm;
    this.key = key;
  }

  /**
   * Whether this key may verify {@code alg}: the key type and curve pin the algorithm, and a key's own
   * {@code alg}, when present, must be exactly it.
   */
  public boolean fits(JwsAlgorithm alg) {
    return alg.fitsKey(keyType, curve) && (algorithm == null || algorithm.equals(alg.name()));
  }

  /**
   * The signing key {@code jwk} describes, or null for one the validator must not or cannot use: a
   * {@code use} other than {@code sig}, {@code key_ops} without {@code verify}, symmetric or private key
   * material, an unsupported type or curve, a short RSA modulus, an EC point off its curve.
   */
  public static Jwk parse(Map<String, Object> jwk) {
    Object use = jwk.get("use");
    if (use != null && !"sig".equals(use)) {
      return null;
    }
    Object ops = jwk.get("key_ops");
    if (ops != null && !(ops instanceof List && ((List<?>) ops).contains("verify"))) {
      return null;
    }
    if (jwk.containsKey("d")) {
      return null; // a private key published by mistake: refuse to handle it at all
    }
    Object kid = jwk.get("kid");
    Object alg = jwk.get("alg");
    Object kty = jwk.get("kty");
    Object crv = jwk.get("crv");
    if ((kid != null && !(kid instanceof String)) || (alg != null && !(alg instanceof String))
        || !(kty instanceof String) || (crv != null && !(crv instanceof String))) {
      return null;
    }
    try {
      PublicKey key;
      switch ((String) kty) {
        case "RSA":
          key = rsa(jwk);
          break;
        case "EC":
          key = ec((String) crv, jwk);
          break;
        case "OKP":
          key = "Ed25519".equals(crv) ? ed25519(jwk) : null;
          break;
        default:
          key = null; // "oct" (a shared secret) never verifies a token
      }
      return key == null ? null : new Jwk((String) kid, (String) kty, (String) crv, (String) alg, key);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  private static PublicKey rsa(Map<String, Object> jwk) throws GeneralSecurityException {
    BigInteger n = unsigned(jwk.get("n"));
    BigInteger e = unsigned(jwk.get("e"));
    if (n == null || e == null || n.bitLength() < MIN_RSA_BITS || !e.testBit(0) || e.bitLength() < 2) {
      return null;
    }
    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
  }

  private static PublicKey ec(String crv, Map<String, Object> jwk) throws GeneralSecurityException {
    String name;
    int length;
    if ("P-256".equals(crv)) {
      name = "secp256r1";
      length = 32;
    } else if ("P-384".equals(crv)) {
      name = "secp384r1";
      length = 48;
    } else if ("P-521".equals(crv)) {
      name = "secp521r1";
      length = 66;
    } else {
      return null;
    }
    byte[] x = bytes(jwk.get("x"));
    byte[] y = bytes(jwk.get("y"));
    if (x == null || y == null || x.length != length || y.length != length) {
      return null;
    }
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec(name));
    ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
    ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
    if (!isOnCurve(point, spec)) {
      return null;
    }
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
  }

  private static boolean isOnCurve(ECPoint point, ECParameterSpec spec) {
    ECField field = spec.getCurve().getField();
    if (!(field instanceof ECFieldFp)) {
      return false;
    }
    BigInteger p = ((ECFieldFp) field).getP();
    BigInteger x = point.getAffineX();
    BigInteger y = point.getAffineY();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
    return left.equals(right);
  }

  private static PublicKey ed25519(Map<String, Object> jwk) throws GeneralSecurityException {
    byte[] x = bytes(jwk.get("x"));
    if (x == null || x.length != 32) {
      return null;
    }
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  private static byte[] bytes(Object value) {
    return value instanceof String ? Base64Url.decode((String) value) : null;
  }

  private static BigInteger unsigned(Object value) {
    byte[] bytes = bytes(value);
    return bytes == null || bytes.length == 0 ? null : new BigInteger(1, bytes);
  }
}
