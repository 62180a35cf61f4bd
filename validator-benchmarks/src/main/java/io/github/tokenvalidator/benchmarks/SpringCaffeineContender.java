package io.github.tokenvalidator.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Spring's opaque-token introspector behind the Caffeine cache that Spring users write by hand while
 * spring-security #8117 (a caching introspector) stays open, checked as Spring checks a scope.
 *
 * <p>Written as such a user writes it, on every request: the token cut from the header with
 * {@code header.substring(7)}, {@code cache.get(token, introspector::introspect)} on a cache keyed by the raw
 * token ({@code maximumSize}, {@code expireAfterWrite(5 min)}), then the {@code SCOPE_} authority looked up
 * among the principal's authorities the way {@code hasAuthority("SCOPE_accessRestricted")} does (Spring's
 * {@code AuthoritiesAuthorizationManager} compares {@link GrantedAuthority#getAuthority()} one by one).
 * Unlike ours it keeps every raw token in memory. Thread-safe, as the cache and the introspector are.
 */
final class SpringCaffeineContender {
  private static final int BEARER_PREFIX = "Bearer ".length();

  private final OpaqueTokenIntrospector introspector;
  private final Cache<String, OAuth2AuthenticatedPrincipal> cache;

  /** Caches up to {@code maximumSize} principals of {@code introspector} for 5 minutes after each is written. */
  SpringCaffeineContender(OpaqueTokenIntrospector introspector, long maximumSize) {
    this.introspector = introspector;
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .expireAfterWrite(Duration.ofMinutes(5))
        .build();
  }

  /**
   * Whether {@code header}'s bearer token carries {@code authority} (e.g. {@code SCOPE_accessRestricted});
   * introspects the token on a miss. Spring's introspector throws for an inactive token.
   */
  boolean authorize(String header, String authority) {
    String token = header.substring(BEARER_PREFIX);
    OAuth2AuthenticatedPrincipal principal = cache.get(token, introspector::introspect);
    for (GrantedAuthority granted : principal.getAuthorities()) {
      if (authority.equals(granted.getAuthority())) {
        return true;
      }
    }
    return false;
  }
}
