package io.github.tokenvalidator.internal.json;

import java.io.IOException;

/**
 * The authorization server's answer could not be read, or one of its claims is unusable; the message
 * never quotes the answer.
 */
public final class MalformedAnswerException extends IOException {
  private static final long serialVersionUID = 1L;

  private final boolean claimOnly;

  public MalformedAnswerException(String message) {
    this(message, false);
  }

  private MalformedAnswerException(String message, boolean claimOnly) {
    super(message);
    this.claimOnly = claimOnly;
  }

  /**
   * The answer is readable JSON of the right shape, but one claim is unusable (a scope with control
   * characters, a numeric {@code client_id}): a fault in what the server says of one token, not of the server.
   */
  public static MalformedAnswerException claim(String message) {
    return new MalformedAnswerException(message, true);
  }

  public boolean isClaimOnly() {
    return claimOnly;
  }
}
