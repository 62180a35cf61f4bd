package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.TokenPrincipal;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The security context of a request whose bearer token was accepted: roles are the token's scope
 * elements, so {@code @RolesAllowed("accounts.write")} asks for that scope. Immutable and thread-safe.
 */
final class TokenSecurityContext implements SecurityContext {
  static final String BEARER = "Bearer";

  private final TokenPrincipal principal;
  private final boolean secure;

  TokenSecurityContext(TokenPrincipal principal, boolean secure) {
    this.principal = principal;
    this.secure = secure;
  }

  @Override
  public TokenPrincipal getUserPrincipal() {
    return principal;
  }

  @Override
  public boolean isUserInRole(String role) {
    return principal.hasScope(role);
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String getAuthenticationScheme() {
    return BEARER;
  }
}
