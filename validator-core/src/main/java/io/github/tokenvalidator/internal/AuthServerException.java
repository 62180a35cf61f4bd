package io.github.tokenvalidator.internal;

/**
 * The authorization server could not give a usable answer. The message is safe to log: it names what
 * failed (refused, timed out, HTTP status, malformed answer) and never carries a token, a secret or the
 * server's body.
 */
final class AuthServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whether the failure says the server is unwell (counts towards failing fast) rather than misconfigured. */
  private final boolean serverFault;

  AuthServerException(String message, boolean serverFault) {
    this(message, serverFault, null);
  }

  /**
   * @param cause what the transport or parser threw, kept for DEBUG logging; its message must not carry
   *     token content (JDK HTTP exceptions do not: they never quote the request body)
   */
  AuthServerException(String message, boolean serverFault, Throwable cause) {
    super(message, cause, false, false);
    this.serverFault = serverFault;
  }

  boolean isServerFault() {
    return serverFault;
  }

  /** The {@link AuthServerException} behind a future's failure; anything else becomes a safe one. */
  static AuthServerException from(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof AuthServerException) {
      return (AuthServerException) cause;
    }
    return new AuthServerException("unexpected failure (" + cause.getClass().getSimpleName() + ")", true, cause);
  }
}
