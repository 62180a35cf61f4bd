package io.github.tokenvalidator.internal.jwt;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.internal.TokenResolver;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a JWT access token locally: header rules, the issuer's key, the signature, then the claims. A
 * token that breaks a rule resolves to an inactive {@link TokenInfo} (answered 401 {@code invalid_token});
 * keys that cannot be had fail with an {@link AuthServerException} (answered 503). Thread-safe.
 */
public final class JwtResolver implements TokenResolver {
  private static final Logger LOG = LoggerFactory.getLogger(JwtResolver.class);
  private static final TokenInfo INACTIVE = TokenInfo.builder().active(false).build();
  private static final Resolution INVALID = Resolution.of(INACTIVE);
  /** The key may arrive with the next refetch, seconds away: refused now, not remembered. */
  private static final Resolution KEY_UNKNOWN = Resolution.uncached(INACTIVE);

  private final JwtRules rules;
  private final JwksSource keys;
  private final Clock clock;

  public JwtResolver(JwtRules rules, JwksSource keys, Clock clock) {
    this.rules = rules;
    this.keys = keys;
    this.clock = clock;
  }

  /** {@return the rules this resolver applies} */
  public JwtRules rules() {
    return rules;
  }

  @Override
  public CompletableFuture<Resolution> resolve(String token) {
    return route(token).call.get();
  }

  /**
   * The token's header is read once, here: verified against the keys, or refused for what the header rules
   * found. Never behind the introspection gate: key-server failures have their own back-off in
   * {@link JwksSource}.
   */
  @Override
  public Route route(String token) {
    try {
      return verifying(rules.parse(token));
    } catch (InvalidJwtException e) {
      Resolution refusal = refused(e.getMessage());
      return new Route(() -> CompletableFuture.completedFuture(refusal), false);
    }
  }

  /**
   * The route of {@code token} if its header passes the header rules; null otherwise (then it may be no JWT
   * at all, which {@code auto} sends to introspection).
   *
   * @param token the token
   * @return the route, or null
   */
  public Route routeIfParsed(String token) {
    try {
      return verifying(rules.parse(token));
    } catch (InvalidJwtException e) {
      return null;
    }
  }

  private Route verifying(Jws jws) {
    return new Route(() -> verify(jws), false);
  }

  private CompletableFuture<Resolution> verify(Jws jws) {
    return keys.key(jws.keyId, jws.algorithm).thenApply(key -> {
      if (key == null) {
        LOG.debug("JWT refused: no signing key of the issuer fits the token's kid and alg");
        return KEY_UNKNOWN;
      }
      try {
        return Resolution.of(rules.verify(jws, key, clock.instant()));
      } catch (InvalidJwtException e) {
        return refused(e.getMessage());
      }
    });
  }

  private static Resolution refused(String reason) {
    LOG.debug("JWT refused: {}", reason);
    return INVALID;
  }
}
