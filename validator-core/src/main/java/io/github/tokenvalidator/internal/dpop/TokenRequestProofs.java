package io.github.tokenvalidator.internal.dpop;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Checks the DPoP proof a client sends to a token endpoint (RFC 9449 §5) with the validator's own rules
 * ({@link ProofVerifier}, {@link DpopNonces}), for the development server, which binds the token it issues
 * to the proof's key. Not part of the API: exported to the dev server alone. Thread-safe.
 */
public final class TokenRequestProofs {
  private final ProofVerifier verifier;
  /** Null when no nonce is demanded. */
  private final DpopNonces nonces;

  /**
   * What a token request's proof came to: the key's thumbprint, or the error to answer with (and, for
   * {@code use_dpop_nonce}, the nonce to send).
   *
   * @param thumbprint the RFC 7638 thumbprint of the proof's key, when the proof holds
   * @param error {@code invalid_dpop_proof} or {@code use_dpop_nonce}, when it does not
   * @param description why, in words safe to send the client
   * @param nonce the nonce to send as {@code DPoP-Nonce}, or null
   */
  public record Outcome(String thumbprint, String error, String description, String nonce) {}

  /**
   * Checks for one token endpoint.
   *
   * @param clock the clock proofs' {@code iat} is compared with
   * @param window how far {@code iat} may lie from the clock
   * @param nonceSecret the secret nonces derive from, or null to demand none
   */
  public TokenRequestProofs(Clock clock, Duration window, String nonceSecret) {
    this.verifier = new ProofVerifier(clock, window);
    this.nonces = nonceSecret == null ? null : new DpopNonces(nonceSecret, clock, window);
  }

  /**
   * The outcome of a token request's {@code DPoP} headers.
   *
   * @param proofs every {@code DPoP} value of the request; not empty
   * @param method the request's method
   * @param uri the URI the client sent the request to
   * @return the thumbprint, or the error
   */
  public Outcome check(List<String> proofs, String method, String uri) {
    if (proofs.size() != 1) {
      return new Outcome(null, "invalid_dpop_proof", "Exactly one DPoP proof is required", null);
    }
    Proof proof;
    try {
      proof = verifier.verify(proofs.get(0), method, HttpUris.normalize(uri), null);
    } catch (InvalidProofException e) {
      return new Outcome(null, "invalid_dpop_proof", e.getMessage(), null);
    }
    if (nonces != null && !nonces.accepts(proof.nonce())) {
      return new Outcome(null, "use_dpop_nonce", "Resend the request with the DPoP nonce given", nonces.fresh());
    }
    return new Outcome(proof.thumbprint(), null, null, nonces == null ? null : nonces.fresh());
  }
}
