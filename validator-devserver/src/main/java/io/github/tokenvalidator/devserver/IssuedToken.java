package io.github.tokenvalidator.devserver;

import io.github.tokenvalidator.Scope;
import java.time.Instant;

/**
 * What the dev server remembers about one access token it issued (never the token itself).
 *
 * @param username the dev-server-only {@code username} extension, or null for a client-only token
 */
record IssuedToken(String clientId, Scope scope, String username, Instant issuedAt, Instant expiresAt) {

  /** Whether the token is still usable at {@code now}: it is no longer at or after its {@code exp}. */
  boolean isActiveAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
