package io.github.tokenvalidator.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The least a digest-keyed token cache can do per lookup: SHA-256 of the token, then one
 * {@link ConcurrentHashMap} lookup. The hot-token benchmark compares the validator with two floors:
 * {@link #get(String)} hashes a token already cut from its header, {@link #getFromHeader(String)} cuts it
 * first ({@code header.substring(7)}), as a request must. Thread-safe.
 */
final class DigestFloor {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  });

  private static final int BEARER_PREFIX = "Bearer ".length();

  private final ConcurrentHashMap<Key, Object> map = new ConcurrentHashMap<>();

  void put(String token, Object value) {
    map.put(key(token), value);
  }

  Object get(String token) {
    return map.get(key(token));
  }

  /** The value held for the token of {@code header} ({@code Bearer <token>}), cut from it on every call. */
  Object getFromHeader(String header) {
    return map.get(key(header.substring(BEARER_PREFIX)));
  }

  private static Key key(String token) {
    byte[] digest = SHA256.get().digest(token.getBytes(StandardCharsets.ISO_8859_1));
    return new Key((long) LONGS.get(digest, 0), (long) LONGS.get(digest, 8), (long) LONGS.get(digest, 16),
        (long) LONGS.get(digest, 24));
  }

  private record Key(long a, long b, long c, long d) {}
}
