package io.github.tokenvalidator.internal.dpop;

import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import io.github.tokenvalidator.internal.jwt.InvalidJwtException;
import io.github.tokenvalidator.internal.jwt.Jwk;
import io.github.tokenvalidator.internal.jwt.Jws;
import io.github.tokenvalidator.internal.jwt.JwsAlgorithm;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks one DPoP proof against the request it came with (RFC 9449 §4.3, steps 2 to 11 and 12's
 * {@code ath}): one rule at a time, each failure named. What needs the token's answer ({@code cnf.jkt}) or
 * the fleet ({@code jti} seen once) is checked by the caller. Immutable and thread-safe.
 */
final class ProofVerifier {
  /** Every asymmetric algorithm the JDK verifies: RS, PS, ES and EdDSA; never {@code none} or HMAC. */
  static final Set<JwsAlgorithm> ALGORITHMS = EnumSet.allOf(JwsAlgorithm.class);
  /** Longest proof read: an RSA-4096 key in the header and the claims fit in far less. */
  static final int MAX_PROOF_LENGTH = 8192;
  /** Longest {@code jti}: RFC 9449 suggests 96 bits of randomness; this leaves room for any encoding. */
  static final int MAX_JTI_LENGTH = 256;
  private static final String TYPE = "dpop+jwt";

  private final Clock clock;
  private final long windowMillis;

  ProofVerifier(Clock clock, Duration window) {
    this.clock = clock;
    this.windowMillis = window.toMillis();
  }

  /**
   * The proof, when it holds for this request.
   *
   * @param proof the {@code DPoP} header's one value
   * @param method the request's method
   * @param requestUri the normal form ({@link HttpUris#normalize}) of the URI the client sent
   * @param accessToken the access token it came with; null for a proof sent to a token endpoint, which has
   *     none and whose {@code ath} is not read
   * @return the proof's key thumbprint, {@code jti} and nonce
   * @throws InvalidProofException naming the rule it breaks
   */
  Proof verify(String proof, String method, String requestUri, String accessToken) throws InvalidProofException {
    if (proof.length() > MAX_PROOF_LENGTH) {
      throw new InvalidProofException("The DPoP proof is too long");
    }
    Jws jws;
    try {
      jws = Jws.parse(proof, ALGORITHMS);
    } catch (InvalidJwtException e) {
      throw new InvalidProofException("The DPoP proof is not a JWS signed with an accepted algorithm");
    }
    if (jws.type == null || !TYPE.equals(jws.type.toLowerCase(Locale.ROOT))) {
      throw new InvalidProofException("The DPoP proof's typ is not dpop+jwt");
    }
    Object jwkValue = jws.header.get("jwk");
    if (!(jwkValue instanceof Map)) {
      throw new InvalidProofException("The DPoP proof's header has no jwk");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> jwkMembers = (Map<String, Object>) jwkValue;
    if (jwkMembers.containsKey("d") || jwkMembers.containsKey("p") || jwkMembers.containsKey("k")) {
      throw new InvalidProofException("The DPoP proof's jwk carries a private key");
    }
    Jwk jwk = Jwk.parse(jwkMembers);
    String thumbprint = jwk == null ? null : Thumbprints.jwk(jwkMembers);
    if (thumbprint == null) {
      throw new InvalidProofException("The DPoP proof's jwk is not a usable public key");
    }
    if (!jwk.fits(jws.algorithm)) {
      throw new InvalidProofException("The DPoP proof's alg does not fit its jwk");
    }
    if (!jws.algorithm.verify(jwk.key, jws.signingInput, jws.signature)) {
      throw new InvalidProofException("The DPoP proof's signature does not verify with its jwk");
    }
    Map<String, Object> claims;
    try {
      claims = BoundedJson.parseObject(jws.payload);
    } catch (MalformedAnswerException e) {
      throw new InvalidProofException("The DPoP proof's claims are not a JSON object");
    }
    String jti = string(claims, "jti");
    if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
      throw new InvalidProofException("The DPoP proof has no usable jti");
    }
    if (!method.equals(string(claims, "htm"))) {
      throw new InvalidProofException("The DPoP proof's htm is not the request's method");
    }
    String htu = string(claims, "htu");
    String normalHtu = htu == null ? null : HttpUris.normalize(htu);
    if (normalHtu == null || !normalHtu.equals(requestUri)) {
      throw new InvalidProofException("The DPoP proof's htu is not the request's URI");
    }
    Object iat = claims.get("iat");
    if (!(iat instanceof Long || iat instanceof Integer)) {
      throw new InvalidProofException("The DPoP proof has no iat in whole seconds");
    }
    long issued = ((Number) iat).longValue();
    // Compared in seconds, as iat is: a proof made in this second is never "in the future".
    long now = clock.millis() / 1000;
    long window = windowMillis / 1000;
    if (issued < now - window || issued > now + window) {
      throw new InvalidProofException("The DPoP proof's iat is outside the accepted window");
    }
    String ath = string(claims, "ath");
    if (accessToken != null && (ath == null || !Thumbprints.same(ath, Thumbprints.accessTokenHash(accessToken)))) {
      throw new InvalidProofException("The DPoP proof's ath is not the hash of the access token");
    }
    Object nonce = claims.get("nonce");
    if (nonce != null && !(nonce instanceof String)) {
      throw new InvalidProofException("The DPoP proof's nonce is not a string");
    }
    return new Proof(thumbprint, jti, (String) nonce);
  }

  private static String string(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    return value instanceof String ? (String) value : null;
  }
}
