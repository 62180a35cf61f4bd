package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The Spring Security authentication of a request whose bearer token the validator accepted.
 *
 * <p>The principal is a {@link TokenPrincipal} (named by the token's username, else subject, else client
 * id); the authorities are {@code SCOPE_<element>} for every element of the token's scope, as Spring's own
 * resource server grants them, so {@code hasAuthority("SCOPE_accessRestricted")} and
 * {@code @PreAuthorize("hasAuthority('SCOPE_accessRestricted')")} work. The token itself is not kept:
 * {@link #getCredentials()} is null. Immutable and thread-safe.
 */
public final class TokenAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;
  /** The prefix of the authority granted for each scope element. */
  public static final String SCOPE_AUTHORITY_PREFIX = "SCOPE_";

  // transient: the authentication lives for one request (no session), and TokenInfo is not Serializable
  private final transient TokenPrincipal principal;

  TokenAuthentication(TokenInfo token) {
    super(authorities(token));
    this.principal = new TokenPrincipal(token);
    setAuthenticated(true);
  }

  private static List<GrantedAuthority> authorities(TokenInfo token) {
    return token.scope().elements().stream()
        .map(element -> new SimpleGrantedAuthority(SCOPE_AUTHORITY_PREFIX + element))
        .collect(Collectors.toList());
  }

  /** The validated token's data. */
  public TokenInfo token() {
    return principal.token();
  }

  @Override
  public TokenPrincipal getPrincipal() {
    return principal;
  }

  /** Always null: the raw token is not retained. */
  @Override
  public Object getCredentials() {
    return null;
  }
}
