package io.github.tokenvalidator.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A signing key pair made with the JDK for tests, its public JWK, and compact JWS signed with it, so tests
 * need no JOSE library and can also make the malformed tokens a library would refuse to produce.
 * Immutable and thread-safe.
 */
public final class TestKey {
  private final KeyPair pair;
  private final String kid;
  private final String alg;

  private TestKey(KeyPair pair, String kid, String alg) {
    this.pair = pair;
    this.kid = kid;
    this.alg = alg;
  }

  public static TestKey rsa(String kid) {
    return rsa(kid, "RS256");
  }

  /** An RSA-2048 key whose tokens default to {@code alg} (RS* or PS*). */
  public static TestKey rsa(String kid, String alg) {
    return generate("RSA", 2048, kid, alg);
  }

  /** An EC key on the curve of {@code alg} (ES256, ES384 or ES512). */
  public static TestKey ec(String kid, String alg) {
    String curve = alg.equals("ES256") ? "secp256r1" : alg.equals("ES384") ? "secp384r1" : "secp521r1";
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return new TestKey(generator.generateKeyPair(), kid, alg);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TestKey ed25519(String kid) {
    return generate("Ed25519", 0, kid, "EdDSA");
  }

  private static TestKey generate(String type, int bits, String kid, String alg) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
      if (bits > 0) {
        generator.initialize(bits);
      }
      return new TestKey(generator.generateKeyPair(), kid, alg);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String kid() {
    return kid;
  }

  public String alg() {
    return alg;
  }

  public KeyPair keyPair() {
    return pair;
  }

  /** The public key as a JWK, with {@code kid} and {@code use: sig}; callers may add or remove members. */
  public Map<String, Object> jwk() {
    Map<String, Object> jwk = new LinkedHashMap<>();
    if (pair.getPublic() instanceof RSAPublicKey) {
      RSAPublicKey key = (RSAPublicKey) pair.getPublic();
      jwk.put("kty", "RSA");
      jwk.put("n", b64(unsigned(key.getModulus(), 0)));
      jwk.put("e", b64(unsigned(key.getPublicExponent(), 0)));
    } else if (pair.getPublic() instanceof ECPublicKey) {
      ECPublicKey key = (ECPublicKey) pair.getPublic();
      int length = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
      jwk.put("kty", "EC");
      jwk.put("crv", alg.equals("ES256") ? "P-256" : alg.equals("ES384") ? "P-384" : "P-521");
      jwk.put("x", b64(unsigned(key.getW().getAffineX(), length)));
      jwk.put("y", b64(unsigned(key.getW().getAffineY(), length)));
    } else {
      byte[] spki = pair.getPublic().getEncoded();
      jwk.put("kty", "OKP");
      jwk.put("crv", "Ed25519");
      jwk.put("x", b64(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
    }
    if (kid != null) {
      jwk.put("kid", kid);
    }
    jwk.put("use", "sig");
    return jwk;
  }

  /** A JWK Set document of these keys' public JWKs. */
  public static String jwks(TestKey... keys) {
    return TestJson.write(Map.of("keys", Arrays.stream(keys).map(TestKey::jwk).toList()));
  }

  /** A JWK Set document of these JWKs. */
  public static String jwks(List<Map<String, Object>> jwks) {
    return TestJson.write(Map.of("keys", jwks));
  }

  /** The default header: this key's {@code alg} and {@code kid}, {@code typ: JWT}. */
  public Map<String, Object> header() {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", alg);
    if (kid != null) {
      header.put("kid", kid);
    }
    header.put("typ", "JWT");
    return header;
  }

  /** A token with the default header and these claims. */
  public String sign(Map<String, Object> claims) {
    return sign(header(), claims);
  }

  /** A token with this header and these claims, signed with the header's {@code alg}. */
  public String sign(Map<String, Object> header, Map<String, Object> claims) {
    return signRaw(TestJson.write(header), TestJson.write(claims), (String) header.get("alg"));
  }

  /** A token of exactly these header and payload texts, signed as {@code alg} with this key. */
  public String signRaw(String headerJson, String payloadJson, String alg) {
    String input = b64(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
        + b64(payloadJson.getBytes(StandardCharsets.UTF_8));
    return input + "." + b64(signature(alg, input.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The JWS signature of {@code input} as {@code alg}, in JOSE form (raw r||s for ECDSA). */
  public byte[] signature(String alg, byte[] input) {
    try {
      Signature signer;
      switch (alg.substring(0, 2)) {
        case "RS":
          signer = Signature.getInstance("SHA" + alg.substring(2) + "withRSA");
          break;
        case "PS":
          String digest = "SHA-" + alg.substring(2);
          signer = Signature.getInstance("RSASSA-PSS");
          signer.setParameter(new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest),
              Integer.parseInt(alg.substring(2)) / 8, 1));
          break;
        case "ES":
          signer = Signature.getInstance("SHA" + alg.substring(2) + "withECDSAinP1363Format");
          break;
        default:
          signer = Signature.getInstance("Ed25519");
      }
      signer.initSign(pair.getPrivate());
      signer.update(input);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A DER-encoded ECDSA signature, the form JOSE does not allow. */
  public byte[] derSignature(String alg, byte[] input) {
    try {
      Signature signer = Signature.getInstance("SHA" + alg.substring(2) + "withECDSA");
      signer.initSign(pair.getPrivate());
      signer.update(input);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] unsigned(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      return padded;
    }
    return bytes;
  }
}
