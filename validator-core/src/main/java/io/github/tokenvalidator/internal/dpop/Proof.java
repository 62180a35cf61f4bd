package io.github.tokenvalidator.internal.dpop;

/**
 * A DPoP proof whose every rule that needs no token answer held (RFC 9449 §4.3): what the token's
 * {@code cnf.jkt} and the replay set are compared with. Immutable and thread-safe.
 *
 * @param thumbprint the RFC 7638 thumbprint of the proof's key
 * @param jti the proof's {@code jti}
 * @param nonce the proof's {@code nonce}, or null
 */
record Proof(String thumbprint, String jti, String nonce) {}
