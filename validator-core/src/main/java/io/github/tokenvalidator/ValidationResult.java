package io.github.tokenvalidator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one validation: either the token's data or the reason it was refused.
 *
 * <p>Mirrors IBM's {@code TokenValidationResult}: {@link #token()} stands for
 * {@code getIntrospectionData()} and {@link #error()} for {@code getAuthenticationError()}, so migrations are
 * mechanical. Either kind may carry response headers ({@link #headers()}): a refusal's are its error's, a
 * valid result's are those the protocol wants on a successful answer (a fresh {@code DPoP-Nonce}); every
 * adapter writes them. Instances are immutable and thread-safe.
 */
public final class ValidationResult {
  private final TokenInfo token;
  private final AuthenticationError error;
  /** Headers of a valid result; empty for most. */
  private final Map<String, String> headers;

  private ValidationResult(TokenInfo token, AuthenticationError error, Map<String, String> headers) {
    this.token = token;
    this.error = error;
    this.headers = headers;
  }

  /**
   * A result that lets the request through with {@code token}'s data.
   *
   * @param token the validated token's data
   * @return a valid result
   */
  public static ValidationResult valid(TokenInfo token) {
    return new ValidationResult(Objects.requireNonNull(token, "token"), null, Map.of());
  }

  /**
   * A result that lets the request through with {@code token}'s data, its response carrying
   * {@code headers} (a fresh {@code DPoP-Nonce}, for instance).
   *
   * @param token the validated token's data
   * @param headers the headers the successful response must carry; copied
   * @return a valid result
   */
  public static ValidationResult valid(TokenInfo token, Map<String, String> headers) {
    return new ValidationResult(Objects.requireNonNull(token, "token"), null,
        Collections.unmodifiableMap(new LinkedHashMap<>(headers)));
  }

  /**
   * A result that refuses the request for {@code error}'s reason.
   *
   * @param error the answer to send
   * @return an invalid result
   */
  public static ValidationResult invalid(AuthenticationError error) {
    return new ValidationResult(null, Objects.requireNonNull(error, "error"), null);
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

  /**
   * {@return the headers the response must carry, in a stable order: the error's ({@link
   * AuthenticationError#headers()}) for a refusal, those given to {@link #valid(TokenInfo, Map)} for a
   * valid result (usually none)} Adapters write them whatever the outcome.
   */
  public Map<String, String> headers() {
    return error != null ? error.headers() : headers;
  }

  @Override
  public String toString() {
    return isValid() ? "ValidationResult{valid, " + token + "}" : "ValidationResult{" + error + "}";
  }
}
