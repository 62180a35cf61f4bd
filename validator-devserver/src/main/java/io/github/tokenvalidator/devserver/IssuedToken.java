package io.github.tokenvalidator.devserver;

import io.github.tokenvalidator.Scope;
import java.time.Instant;
import java.util.List;

/**
 * What the dev server remembers about one access token it issued (never the token itself).
 *
 * @param username the dev-server-only {@code username} extension, or null for a client-only token
 * @param issuer the {@code iss} of a JWT, or null for an opaque token
 * @param audience the {@code aud}: a JWT's, or the RFC 8707 {@code resource} asked for; empty for an opaque
 *     token issued without one
 * @param acr the {@code acr} of the login (the first of the {@code acr_values} asked for), or null
 * @param authTime the {@code auth_time} of the login, or null
 * @param jkt the thumbprint of the DPoP key the token is bound to ({@code cnf.jkt}), or null
 * @param x5t the thumbprint of the client certificate it is bound to ({@code cnf.x5t#S256}), or null
 */
record IssuedToken(String clientId, Scope scope, String username, Instant issuedAt, Instant expiresAt,
    String issuer, List<String> audience, String acr, Instant authTime, String jkt, String x5t) {

  /** A token without login details, bound to nothing. */
  IssuedToken(String clientId, Scope scope, String username, Instant issuedAt, Instant expiresAt,
      String issuer, List<String> audience) {
    this(clientId, scope, username, issuedAt, expiresAt, issuer, audience, null, null, null, null);
  }

  /** An opaque token's data. */
  IssuedToken(String clientId, Scope scope, String username, Instant issuedAt, Instant expiresAt) {
    this(clientId, scope, username, issuedAt, expiresAt, null, List.of());
  }

  /** {@return whether the token is bound to a key or a certificate, and so has a {@code cnf} claim} */
  boolean isBound() {
    return jkt != null || x5t != null;
  }

  /** Whether the token is still usable at {@code now}: it is no longer at or after its {@code exp}. */
  boolean isActiveAt(Instant now) {
    return now.isBefore(expiresAt);
  }
}
