package io.github.tokenvalidator.internal.json;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares one instance of the short strings that recur in every answer of an authorization server (scope
 * elements, client ids, token types, issuers), so each cached answer does not hold its own copies.
 * Bounded: once it holds {@value #MAX_ENTRIES} strings it stops adding, so odd input costs nothing but
 * the sharing. Thread-safe.
 */
public final class Interner {
  public static final int MAX_ENTRIES = 4096;
  /** Longer strings are rarely repeated values; they are not worth a slot. */
  public static final int MAX_LENGTH = 128;

  private static final ConcurrentHashMap<String, String> POOL = new ConcurrentHashMap<>();

  private Interner() {}

  /**
   * The shared instance equal to {@code value}, or {@code value} itself; null stays null.
   *
   * @param value a string read from an answer, or null
   * @return the shared equal instance
   */
  public static String intern(String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return value;
    }
    String shared = POOL.get(value);
    if (shared != null) {
      return shared;
    }
    if (POOL.size() >= MAX_ENTRIES) {
      return value;
    }
    shared = POOL.putIfAbsent(value, value);
    return shared != null ? shared : value;
  }
}
