package io.github.tokenvalidator.internal.jwt;

/**
 * A JWT broke one of the verification rules. The message names the rule and is safe to log: it never
 * quotes the token, its header or its claims.
 */
public final class InvalidJwtException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidJwtException(String message) {
    super(message, null, false, false);
  }
}
