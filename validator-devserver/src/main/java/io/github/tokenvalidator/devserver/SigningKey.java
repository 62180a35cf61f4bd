package io.github.tokenvalidator.devserver;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * One signing key pair of the dev server: signs JWS inputs with the JDK's {@link Signature} and describes
 * its public half as a JWK (RFC 7517/7518/8037). Its {@code kid} is the RFC 7638 thumbprint of that JWK, so
 * it is stable for the key and never collides with another key's. Immutable; thread-safe (every signature
 * gets its own {@code Signature} object).
 */
final class SigningKey {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  /** The byte length of a P-256 coordinate and of each of ECDSA's r and s. */
  private static final int P256_BYTES = 32;
  /** The byte length of an Ed25519 public key (RFC 8032 §5.1.5). */
  private static final int ED25519_BYTES = 32;

  private final DevAuthorizationServer.JwtAlgorithm algorithm;
  private final KeyPair keyPair;
  private final String kid;

  private SigningKey(DevAuthorizationServer.JwtAlgorithm algorithm, KeyPair keyPair) {
    this.algorithm = algorithm;
    this.keyPair = keyPair;
    this.kid = BASE64URL.encodeToString(sha256(thumbprintInput()));
  }

  /** A fresh key pair for {@code algorithm}: RSA 2048, EC P-256 or Ed25519. */
  static SigningKey generate(DevAuthorizationServer.JwtAlgorithm algorithm) {
    try {
      KeyPairGenerator generator;
      switch (algorithm) {
        case RS256:
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(2048);
          break;
        case ES256:
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp256r1"));
          break;
        case EDDSA:
          generator = KeyPairGenerator.getInstance("Ed25519");
          break;
        default:
          throw new IllegalStateException("No key generation for " + algorithm);
      }
      return new SigningKey(algorithm, generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot generate a " + algorithm.joseName() + " key", e);
    }
  }

  String kid() {
    return kid;
  }

  DevAuthorizationServer.JwtAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * The JWS signature of {@code signingInput} in its JOSE form: PKCS #1 v1.5 bytes for RS256, the raw
   * {@code r || s} of RFC 7518 §3.4 for ES256 (the JDK gives DER), the 64 bytes of RFC 8032 for EdDSA.
   */
  byte[] sign(byte[] signingInput) {
    try {
      Signature signature = Signature.getInstance(jdkSignatureName());
      signature.initSign(keyPair.getPrivate());
      signature.update(signingInput);
      byte[] signed = signature.sign();
      return algorithm == DevAuthorizationServer.JwtAlgorithm.ES256 ? derToJose(signed, P256_BYTES) : signed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot sign with " + algorithm.joseName(), e);
    }
  }

  /** Writes the public key as one JWK object, with {@code kid}, {@code use} {@code sig} and {@code alg}. */
  void writeJwk(JsonGenerator json) throws IOException {
    json.writeStartObject();
    switch (algorithm) {
      case RS256:
        json.writeStringField("kty", "RSA");
        break;
      case ES256:
        json.writeStringField("kty", "EC");
        json.writeStringField("crv", "P-256");
        break;
      default:
        json.writeStringField("kty", "OKP");
        json.writeStringField("crv", "Ed25519");
        break;
    }
    json.writeStringField("kid", kid);
    json.writeStringField("use", "sig");
    json.writeStringField("alg", algorithm.joseName());
    for (String[] member : keyMembers()) {
      json.writeStringField(member[0], member[1]);
    }
    json.writeEndObject();
  }

  /** The public key's members, base64url: RSA {@code n}, {@code e}; EC {@code x}, {@code y}; OKP {@code x}. */
  private String[][] keyMembers() {
    switch (algorithm) {
      case RS256: {
        RSAPublicKey key = (RSAPublicKey) keyPair.getPublic();
        return new String[][] {{"n", base64url(unsigned(key.getModulus()))},
            {"e", base64url(unsigned(key.getPublicExponent()))}};
      }
      case ES256: {
        ECPublicKey key = (ECPublicKey) keyPair.getPublic();
        return new String[][] {{"x", base64url(fixedLength(key.getW().getAffineX(), P256_BYTES))},
            {"y", base64url(fixedLength(key.getW().getAffineY(), P256_BYTES))}};
      }
      default: {
        // The X.509 form of an Ed25519 key ends with the 32 bytes of RFC 8032's encoding, which is the JWK x.
        byte[] encoded = keyPair.getPublic().getEncoded();
        return new String[][] {{"x", base64url(Arrays.copyOfRange(encoded, encoded.length - ED25519_BYTES,
            encoded.length))}};
      }
    }
  }

  /** RFC 7638: the required members in lexical order, without white space (all values need no escaping). */
  private byte[] thumbprintInput() {
    String[][] members = keyMembers();
    String json;
    switch (algorithm) {
      case RS256:
        json = "{\"e\":\"" + members[1][1] + "\",\"kty\":\"RSA\",\"n\":\"" + members[0][1] + "\"}";
        break;
      case ES256:
        json = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + members[0][1] + "\",\"y\":\"" + members[1][1] + "\"}";
        break;
      default:
        json = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + members[0][1] + "\"}";
        break;
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private String jdkSignatureName() {
    switch (algorithm) {
      case RS256:
        return "SHA256withRSA";
      case ES256:
        return "SHA256withECDSA";
      default:
        return "Ed25519";
    }
  }

  /**
   * The JOSE form of a DER ECDSA signature, {@code SEQUENCE { INTEGER r, INTEGER s }}: r and s as unsigned
   * big-endian integers of exactly {@code size} bytes each.
   */
  static byte[] derToJose(byte[] der, int size) {
    int offset = 0;
    if (der[offset++] != 0x30) {
      throw new IllegalArgumentException("ECDSA signature is not a DER sequence");
    }
    offset += (der[offset] & 0x80) == 0 ? 1 : 1 + (der[offset] & 0x7F);
    byte[] jose = new byte[2 * size];
    for (int part = 0; part < 2; part++) {
      if (der[offset++] != 0x02) {
        throw new IllegalArgumentException("ECDSA signature part is not a DER integer");
      }
      int length = der[offset++];
      BigInteger value = new BigInteger(1, Arrays.copyOfRange(der, offset, offset + length));
      System.arraycopy(fixedLength(value, size), 0, jose, part * size, size);
      offset += length;
    }
    return jose;
  }

  /** The unsigned big-endian bytes of a positive integer, without a leading zero byte. */
  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  /** The unsigned big-endian bytes of a non-negative integer, left-padded with zeros to {@code size}. */
  private static byte[] fixedLength(BigInteger value, int size) {
    byte[] bytes = unsigned(value);
    if (bytes.length > size) {
      throw new IllegalArgumentException("Integer longer than " + size + " bytes");
    }
    byte[] padded = new byte[size];
    System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
    return padded;
  }

  static String base64url(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every Java platform must have SHA-256", e);
    }
  }

  /** The key id and algorithm; never key material. */
  @Override
  public String toString() {
    return "SigningKey{kid=" + kid + ", alg=" + algorithm.joseName() + '}';
  }
}
