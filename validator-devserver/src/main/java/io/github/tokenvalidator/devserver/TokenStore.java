package io.github.tokenvalidator.devserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The dev server's live tokens: stores what each stands for, mints unguessable opaque ones, and finds them
 * again (JWTs the same way as opaque tokens).
 *
 * <p>Tokens are kept under their SHA-256 digest, so the store holds no usable token and a lookup's timing
 * says nothing about the token's bytes. The store is bounded: expired tokens are dropped when met and
 * purged whenever the store is full; when it is still full of live tokens, no new token is issued.
 * Thread-safe: lookups never lock, issuing does so the bound holds exactly.
 */
final class TokenStore {
  /** 32 random bytes: 256 bits, far beyond guessing, as base64url without padding (43 characters). */
  private static final int TOKEN_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
  private final int maxTokens;

  TokenStore(int maxTokens) {
    this.maxTokens = maxTokens;
  }

  /**
   * Stores a new token and returns its value, made by {@code values} (asked again in the unthinkable case
   * of a value already stored), or null when the store is full of live tokens at {@code now}.
   */
  synchronized String issue(IssuedToken token, Instant now, Supplier<String> values) {
    if (tokens.size() >= maxTokens) {
      tokens.values().removeIf(stored -> !stored.isActiveAt(now));
      if (tokens.size() >= maxTokens) {
        return null;
      }
    }
    String value;
    do {
      value = values.get();
    } while (tokens.putIfAbsent(digest(value), token) != null);
    return value;
  }

  /** A new opaque token: 32 bytes from {@code SecureRandom}, base64url without padding. */
  static String randomValue() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The token's data when it is known and active at {@code now}; else null (and an expired one is dropped). */
  IssuedToken find(String value, Instant now) {
    String key = digest(value);
    IssuedToken token = tokens.get(key);
    if (token == null) {
      return null;
    }
    if (!token.isActiveAt(now)) {
      tokens.remove(key, token);
      return null;
    }
    return token;
  }

  /** How many tokens are stored, expired ones not yet purged included. */
  int size() {
    return tokens.size();
  }

  private static String digest(String value) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform must have SHA-256", e);
    }
  }
}
