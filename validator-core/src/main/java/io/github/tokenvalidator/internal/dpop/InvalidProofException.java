package io.github.tokenvalidator.internal.dpop;

/**
 * Why a DPoP proof was refused, in words safe to send the client (never the proof's content). Thrown only
 * inside this package's checks and turned into an answer there.
 */
final class InvalidProofException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidProofException(String message) {
    super(message, null, false, false);
  }
}
