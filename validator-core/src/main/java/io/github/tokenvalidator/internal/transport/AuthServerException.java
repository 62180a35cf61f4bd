package io.github.tokenvalidator.internal.transport;

import java.time.Duration;

/**
 * The authorization server could not give a usable answer. The message is safe to log: it names what
 * failed (refused, timed out, HTTP status, malformed answer) and never carries a token, a secret or the
 * server's body. The cause, kept for DEBUG logs, is a transport exception, never one that quotes a body.
 */
public final class AuthServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Who is to blame, which decides whether the failure gate counts it and what health says. */
  public enum Kind {
    /** The server is unwell or unreachable: transport failure, timeout, 5xx, 429, unreadable body. */
    SERVER_FAULT,
    /** The server refused the validator's settings (credentials, scope, endpoint): passes only when fixed. */
    MISCONFIGURED,
    /** The validator itself declined to ask: closed, failing fast, queue full. Says nothing of the server. */
    LOCAL
  }

  private final Kind kind;
  private final transient Duration retryAfter;

  public AuthServerException(String message, Kind kind, Duration retryAfter, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  /** {@code serverFault} true is {@link Kind#SERVER_FAULT}, false {@link Kind#MISCONFIGURED}. */
  public AuthServerException(String message, boolean serverFault) {
    this(message, serverFault ? Kind.SERVER_FAULT : Kind.MISCONFIGURED, null, null);
  }

  /** A server fault with its transport cause, kept for DEBUG logs. */
  public AuthServerException(String message, boolean serverFault, Throwable cause) {
    this(message, serverFault ? Kind.SERVER_FAULT : Kind.MISCONFIGURED, null, cause);
  }

  public static AuthServerException local(String message) {
    return new AuthServerException(message, Kind.LOCAL, null, null);
  }

  /** Failing fast or otherwise declining to ask, with the wait the client should be told. */
  public static AuthServerException local(String message, Duration retryAfter) {
    return new AuthServerException(message, Kind.LOCAL, retryAfter, null);
  }

  public Kind kind() {
    return kind;
  }

  /** Whether the failure says the server is unwell (counts towards failing fast). */
  public boolean isServerFault() {
    return kind == Kind.SERVER_FAULT;
  }

  public boolean isMisconfiguration() {
    return kind == Kind.MISCONFIGURED;
  }

  /** The wait to announce in {@code Retry-After}, when the thrower knows it better than the engine; else null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The {@link AuthServerException} behind a future's failure; anything else becomes a safe one. */
  public static AuthServerException from(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof AuthServerException) {
      return (AuthServerException) cause;
    }
    return new AuthServerException("unexpected failure (" + cause.getClass().getSimpleName() + ")",
        Kind.SERVER_FAULT, null, cause);
  }
}
