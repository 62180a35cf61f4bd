package io.github.tokenvalidator.devserver;

import io.github.tokenvalidator.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Issues tokens for a fixed lifetime, opaque or as JWTs, and looks them up, with time from the injected
 * clock. A JWT is remembered like an opaque token, so introspecting it works the same way. Thread-safe.
 */
final class TokenIssuer {
  private final Clock clock;
  private final Duration lifetime;
  private final TokenStore store;

  TokenIssuer(Clock clock, Duration lifetime, int maxTokens) {
    this.clock = clock;
    this.lifetime = lifetime;
    this.store = new TokenStore(maxTokens);
  }

  /** A token just issued: its value and the whole seconds it has left ({@code expires_in}). */
  record NewToken(String value, long expiresIn) {
    @Override
    public String toString() {
      return "NewToken{expiresIn=" + expiresIn + '}';
    }
  }

  /**
   * A new token, or null when the store is full of live tokens. {@code iat} is the clock's time cut to
   * whole seconds, so {@code exp = iat + lifetime} is exact in the seconds the introspection answer carries
   * and the token stops working exactly at its {@code exp}; {@code expires_in} is the whole seconds left,
   * {@code lifetime - 1} when the clock is inside a second (MobileFirst's 3599 for an hour).
   */
  NewToken issue(String clientId, Scope scope, String username) {
    return issue(clientId, scope, username, null);
  }

  /** As {@link #issue(String, Scope, String)}, as a JWT in {@code format}, or opaque when it is null. */
  NewToken issue(String clientId, Scope scope, String username, JwtFormat format) {
    return issue(clientId, scope, username, format, null, null, null, null);
  }

  /**
   * As {@link #issue(String, Scope, String, JwtFormat)}, for the RFC 8707 {@code resource} (the token's
   * {@code aud}, or null for the format's) and a login of class {@code acr} that happened now ({@code auth_time};
   * null for neither), bound to a DPoP key ({@code jkt}) and a client certificate ({@code x5t}), either null for
   * no such binding.
   */
  NewToken issue(String clientId, Scope scope, String username, JwtFormat format, String resource, String acr,
      String jkt, String x5t) {
    Instant now = clock.instant();
    Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = issuedAt.plus(lifetime);
    String value;
    Instant authTime = acr == null ? null : issuedAt;
    if (format == null) {
      value = store.issue(new IssuedToken(clientId, scope, username, issuedAt, expiresAt, null,
          resource == null ? List.of() : List.of(resource), acr, authTime, jkt, x5t), now, TokenStore::randomValue);
    } else {
      IssuedToken token = new IssuedToken(clientId, scope, username, issuedAt, expiresAt, format.issuer(),
          resource == null ? format.audienceFor(clientId) : List.of(resource), acr, authTime, jkt, x5t);
      value = store.issue(token, now, () -> format.sign(token));
    }
    return value == null ? null : new NewToken(value, Duration.between(now, expiresAt).getSeconds());
  }

  /** The token's data when it is known and active now; else null. */
  IssuedToken find(String value) {
    return store.find(value, clock.instant());
  }

  Duration lifetime() {
    return lifetime;
  }

  int storedTokens() {
    return store.size();
  }
}
