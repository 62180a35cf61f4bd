package io.github.tokenvalidator.spi;

/**
 * A stored value that the store refused because it does not authenticate: flipped, forged, or moved from
 * another key. A {@link SharedStore#get} stage completes with it so that the validator counts and logs the
 * refusal; the value is then a miss, never an answer. Thread-safe (immutable).
 */
public final class RefusedEntryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A refusal.
   *
   * @param message why, never with a key or a value
   */
  public RefusedEntryException(String message) {
    super(message, null, false, false);
  }
}
