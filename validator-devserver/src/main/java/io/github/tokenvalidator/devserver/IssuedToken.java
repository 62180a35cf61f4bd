package io.github.tokenvalidator.devserver;

import io.github.tokenvalidator.Scope;
import java.time.Instant;
import java.util.List;

/**
 * What the dev server remembers about one access token it issued (never the token itself).
 *
 * @param username the dev-server-only {@code username} extension, or null for a client-only token
 * @param issuer the {@code iss} of a JWT, or null for an opaque token
 * @param audience the {@code aud} of a JWT; empty for an opaque token
 */
record IssuedToken(String clientId, Scope scope, String username, Instant issuedAt, Instant expiresAt,
    String issuer, List<String> audience) {

  /** An opaque token's data. */
  IssuedToken(String clientId, Scope scope, String username, Instant issuedAt, Instant expiresAt) {
    this(clientId, scope, username, issuedAt, expiresAt, null, List.of());
  }

  /** Whether the token is still usable at {@code now}: it is no longer at or after its {@code exp}. */
  boolean isActiveAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
