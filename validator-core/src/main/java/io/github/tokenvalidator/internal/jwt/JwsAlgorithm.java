package io.github.tokenvalidator.internal.jwt;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * The asymmetric JWS algorithms the validator can verify with the JDK alone, each pinned to the key type
 * (and curve) that may sign with it. {@code none} and every {@code HS*} are absent on purpose: a symmetric
 * algorithm would let a public key serve as an HMAC secret. Thread-safe.
 */
public enum JwsAlgorithm {
  RS256("SHA256withRSA", "RSA", null, null, 0),
  RS384("SHA384withRSA", "RSA", null, null, 0),
  RS512("SHA512withRSA", "RSA", null, null, 0),
  PS256("RSASSA-PSS", "RSA", null, pss("SHA-256", MGF1ParameterSpec.SHA256, 32), 0),
  PS384("RSASSA-PSS", "RSA", null, pss("SHA-384", MGF1ParameterSpec.SHA384, 48), 0),
  PS512("RSASSA-PSS", "RSA", null, pss("SHA-512", MGF1ParameterSpec.SHA512, 64), 0),
  // The JDK's P1363 format is JOSE's raw r||s; the range checks below come first all the same.
  ES256("SHA256withECDSAinP1363Format", "EC", "P-256", null, 32),
  ES384("SHA384withECDSAinP1363Format", "EC", "P-384", null, 48),
  ES512("SHA512withECDSAinP1363Format", "EC", "P-521", null, 66),
  EdDSA("Ed25519", "OKP", "Ed25519", null, 0);

  private final String jdkName;
  private final String keyType;
  private final String curve;
  private final PSSParameterSpec pss;
  private final int ecCoordinateLength;
  /**
   * One verifier per thread: {@code Signature.getInstance} looks the provider up each time, which costs
   * as much as a hot validation; {@code initVerify} resets the instance for every token.
   */
  private final ThreadLocal<Signature> verifiers = ThreadLocal.withInitial(this::newVerifier);

  JwsAlgorithm(String jdkName, String keyType, String curve, PSSParameterSpec pss, int ecCoordinateLength) {
    this.jdkName = jdkName;
    this.keyType = keyType;
    this.curve = curve;
    this.pss = pss;
    this.ecCoordinateLength = ecCoordinateLength;
  }

  private static PSSParameterSpec pss(String digest, MGF1ParameterSpec mgf, int saltLength) {
    return new PSSParameterSpec(digest, "MGF1", mgf, saltLength, PSSParameterSpec.TRAILER_FIELD_BC);
  }

  /** The algorithm a JWS header's {@code alg} names (case-sensitive, RFC 7518), or null for any other. */
  public static JwsAlgorithm named(String alg) {
    for (JwsAlgorithm algorithm : values()) {
      if (algorithm.name().equals(alg)) {
        return algorithm;
      }
    }
    return null;
  }

  /** The algorithm {@code name} names, for settings: exact, then ignoring case; null for an unknown one. */
  public static JwsAlgorithm forSetting(String name) {
    JwsAlgorithm exact = named(name);
    if (exact != null) {
      return exact;
    }
    for (JwsAlgorithm algorithm : values()) {
      if (algorithm.name().toUpperCase(Locale.ROOT).equals(name.toUpperCase(Locale.ROOT))) {
        return algorithm;
      }
    }
    return null;
  }

  /** Whether a key of JWK type {@code kty} on curve {@code crv} (null for RSA) may sign with this algorithm. */
  public boolean fitsKey(String kty, String crv) {
    return keyType.equals(kty) && (curve == null || curve.equals(crv));
  }

  /** Verifies {@code signature} over {@code signingInput}; false for any signature not of this algorithm's form. */
  public boolean verify(PublicKey key, byte[] signingInput, byte[] signature) {
    try {
      if (ecCoordinateLength > 0 && !isRawEcdsaInRange(key, signature)) {
        return false;
      }
      Signature verifier = verifiers.get();
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A key of the wrong kind or a signature the provider cannot even decode: not a valid signature.
      return false;
    }
  }

  private Signature newVerifier() {
    try {
      Signature verifier = Signature.getInstance(jdkName);
      if (pss != null) {
        verifier.setParameter(pss);
      }
      return verifier;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + jdkName, e);
    }
  }

  /** JOSE ECDSA is exactly r||s, each 1 ≤ v < n: a DER signature or r = s = 0 (CVE-2022-21449) never passes. */
  private boolean isRawEcdsaInRange(PublicKey key, byte[] signature) {
    if (!(key instanceof ECPublicKey) || signature.length != 2 * ecCoordinateLength) {
      return false;
    }
    BigInteger order = ((ECPublicKey) key).getParams().getOrder();
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, ecCoordinateLength));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, ecCoordinateLength, signature.length));
    return r.signum() > 0 && s.signum() > 0 && r.compareTo(order) < 0 && s.compareTo(order) < 0;
  }
}
