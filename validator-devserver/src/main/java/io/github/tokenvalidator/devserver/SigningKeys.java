package io.github.tokenvalidator.devserver;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The dev server's signing keys: the current one, which signs every new token, and retired ones, which
 * stay published until the last token signed with them expires, so a rotation never strands a live token.
 * Time comes from the injected clock. Thread-safe: choosing a key, rotating and listing are atomic with
 * respect to each other, so a token signed with a key just retired still keeps that key published.
 */
final class SigningKeys {
  private final DevAuthorizationServer.JwtAlgorithm algorithm;
  private final Clock clock;
  /** Retired keys, newest first, each with the expiry of the last token it signed. */
  private final List<Retired> retired = new ArrayList<>();
  private SigningKey current;
  /** The latest {@code exp} of a token the current key signed; null while it has signed none. */
  private Instant currentLastExpiry;

  private record Retired(SigningKey key, Instant lastExpiry) {}

  SigningKeys(DevAuthorizationServer.JwtAlgorithm algorithm, Clock clock) {
    this.algorithm = algorithm;
    this.clock = clock;
    this.current = SigningKey.generate(algorithm);
  }

  DevAuthorizationServer.JwtAlgorithm algorithm() {
    return algorithm;
  }

  /** The key to sign a token expiring at {@code expiresAt}; it stays published until then at least. */
  synchronized SigningKey forTokenExpiringAt(Instant expiresAt) {
    if (currentLastExpiry == null || expiresAt.isAfter(currentLastExpiry)) {
      currentLastExpiry = expiresAt;
    }
    return current;
  }

  /**
   * Makes a new key the current one and returns its {@code kid}. The old key stays published while a token
   * it signed is unexpired, and is dropped at once if it signed none.
   */
  String rotate() {
    // Key generation can take a moment (RSA); do it outside the lock so signing never waits for it.
    SigningKey next = SigningKey.generate(algorithm);
    synchronized (this) {
      if (currentLastExpiry != null && clock.instant().isBefore(currentLastExpiry)) {
        retired.add(0, new Retired(current, currentLastExpiry));
      }
      current = next;
      currentLastExpiry = null;
      return next.kid();
    }
  }

  /** The keys to publish now: the current one first, then retired ones still covering an unexpired token. */
  synchronized List<SigningKey> published() {
    Instant now = clock.instant();
    retired.removeIf(key -> !now.isBefore(key.lastExpiry()));
    List<SigningKey> keys = new ArrayList<>(retired.size() + 1);
    keys.add(current);
    retired.forEach(key -> keys.add(key.key()));
    return keys;
  }

  synchronized String currentKid() {
    return current.kid();
  }
}
