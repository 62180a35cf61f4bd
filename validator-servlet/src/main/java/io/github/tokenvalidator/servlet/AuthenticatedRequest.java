package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.TokenPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;

/**
 * The request as the application sees it after {@link BearerTokenFilter} accepted its token. Immutable
 * apart from the wrapped request; as thread-safe as the request it wraps.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  /** Servlet 3.1: a role every authenticated caller has, unless the application defines a role of that name. */
  private static final String ANY_AUTHENTICATED_ROLE = "**";

  private final TokenPrincipal principal;

  AuthenticatedRequest(HttpServletRequest request, TokenPrincipal principal) {
    super(request);
    this.principal = principal;
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal.getName();
  }

  @Override
  public String getAuthType() {
    return BearerTokenFilter.AUTH_TYPE;
  }

  /** Roles are scope elements: true when the token's scope covers {@code role}. */
  @Override
  public boolean isUserInRole(String role) {
    return ANY_AUTHENTICATED_ROLE.equals(role) || principal.hasScope(role);
  }

  /** The request is already authenticated; the container's own mechanism must not be asked again. */
  @Override
  public boolean authenticate(HttpServletResponse response) {
    return true;
  }
}
