package io.github.tokenvalidator;

import java.security.Principal;
import java.util.Objects;

/**
 * The authenticated party of a request, carrying the validated token's data.
 *
 * <p>Its {@linkplain #getName() name} is the token's username, else its subject, else its client id. The
 * Servlet and JAX-RS adapters both hand this type to the application, so code that reads the token works
 * unchanged in either. Instances are immutable and thread-safe.
 */
public final class TokenPrincipal implements Principal {
  private final TokenInfo token;
  private final String name;

  /**
   * A principal for a validated token.
   *
   * @param token the validated token's data
   */
  public TokenPrincipal(TokenInfo token) {
    this.token = Objects.requireNonNull(token, "token");
    String chosen = token.username();
    if (chosen == null || chosen.isEmpty()) {
      chosen = token.subject();
    }
    if (chosen == null || chosen.isEmpty()) {
      chosen = token.clientId();
    }
    this.name = chosen == null ? "" : chosen;
  }

  /** The username, else the subject, else the client id; empty when the token has none of them. */
  @Override
  public String getName() {
    return name;
  }

  /** {@return the validated token's data} */
  public TokenInfo token() {
    return token;
  }

  /**
   * {@return whether the token's scope covers {@code scopeElement}; the adapters' {@code isUserInRole} answers
   * with this}
   *
   * @param scopeElement one scope element, matched against the token's wildcard scope
   */
  public boolean hasScope(String scopeElement) {
    return scopeElement != null && token.scope().covers(scopeElement);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenPrincipal && ((TokenPrincipal) other).token.equals(token);
  }

  @Override
  public int hashCode() {
    return token.hashCode();
  }

  @Override
  public String toString() {
    return "TokenPrincipal{" + name + "}";
  }
}
