package io.github.tokenvalidator;

import java.util.Objects;

/**
 * The outcome of one validation: either the token's data or the reason it was refused.
 *
 * <p>Mirrors IBM's {@code TokenValidationResult}: {@link #token()} stands for
 * {@code getIntrospectionData()} and {@link #error()} for {@code getAuthenticationError()}, so migrations are
 * mechanical. Instances are immutable and thread-safe.
 */
public final class ValidationResult {
  private final TokenInfo token;
  private final AuthenticationError error;

  private ValidationResult(TokenInfo token, AuthenticationError error) {
    this.token = token;
    this.error = error;
  }

  /**
   * A result that lets the request through with {@code token}'s data.
   *
   * @param token the validated token's data
   * @return a valid result
   */
  public static ValidationResult valid(TokenInfo token) {
    return new ValidationResult(Objects.requireNonNull(token, "token"), null);
  }

  /**
   * A result that refuses the request for {@code error}'s reason.
   *
   * @param error the answer to send
   * @return an invalid result
   */
  public static ValidationResult invalid(AuthenticationError error) {
    return new ValidationResult(null, Objects.requireNonNull(error, "error"));
  }

  /** {@return true when the request may proceed} */
  public boolean isValid() {
    return token != null;
  }

  /** {@return the validated token's data when {@link #isValid()}, else null} */
  public TokenInfo token() {
    return token;
  }

  /**
   * Why the request was refused when not {@link #isValid()}, else null.
   *
   * @return the answer to send, or null
   */
  public AuthenticationError error() {
    return error;
  }

  @Override
  public String toString() {
    return isValid() ? "ValidationResult{valid, " + token + "}" : "ValidationResult{" + error + "}";
  }
}
