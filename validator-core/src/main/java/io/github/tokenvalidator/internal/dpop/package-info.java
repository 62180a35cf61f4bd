/**
 * Sender-constrained tokens: DPoP proofs (RFC 9449) and certificate-bound tokens (RFC 8705). One class
 * per rule: {@link io.github.tokenvalidator.internal.dpop.ProofVerifier} checks a proof alone,
 * {@link io.github.tokenvalidator.internal.dpop.ReplayGuard} remembers its {@code jti},
 * {@link io.github.tokenvalidator.internal.dpop.DpopNonces} derives server nonces,
 * {@link io.github.tokenvalidator.internal.dpop.Confirmation} reads a token's {@code cnf}, and
 * {@link io.github.tokenvalidator.internal.dpop.SenderConstraints} puts them around the engine.
 */
package io.github.tokenvalidator.internal.dpop;
