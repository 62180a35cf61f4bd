package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.TokenInfo;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a JWT access token locally: header rules, the issuer's key, the signature, then the claims. A
 * token that breaks a rule resolves to an inactive {@link TokenInfo} (answered 401 {@code invalid_token});
 * keys that cannot be had fail with an {@link AuthServerException} (answered 503). Thread-safe.
 */
final class JwtResolver implements TokenResolver {
  private static final Logger LOG = LoggerFactory.getLogger(JwtResolver.class);
  private static final Resolution INVALID = Resolution.of(TokenInfo.builder().active(false).build());

  private final JwtRules rules;
  private final JwksSource keys;
  private final Clock clock;

  JwtResolver(JwtRules rules, JwksSource keys, Clock clock) {
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
        return refused("no signing key of the issuer fits the token's kid and alg");
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
