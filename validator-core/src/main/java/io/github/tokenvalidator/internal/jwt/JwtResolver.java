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

  @Override
  public CompletableFuture<Resolution> resolve(String token) {
    Jws jws;
    try {
      jws = rules.parse(token);
    } catch (InvalidJwtException e) {
      return CompletableFuture.completedFuture(refused(e.getMessage()));
    }
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

  /** Key-server failures have their own back-off in {@link JwksSource}; the introspection gate is not theirs. */
  @Override
  public boolean sharesFailureGate(String token) {
    return false;
  }

  private static Resolution refused(String reason) {
    LOG.debug("JWT refused: {}", reason);
    return INVALID;
  }
}
