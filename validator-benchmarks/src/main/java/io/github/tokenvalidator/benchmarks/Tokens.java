package io.github.tokenvalidator.benchmarks;

import java.util.SplittableRandom;

/**
 * Makes 1 KB bearer tokens: a fixed random body and a distinct suffix, so every token hashes differently
 * while costing the same to build. Not thread-safe: one instance per thread.
 */
final class Tokens {
  /** The length of every token, as a large MobileFirst or JWT-sized opaque token. */
  static final int LENGTH = 1024;
  private static final int SUFFIX = 16;
  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  private final char[] buffer = new char[LENGTH];
  private long next;

  /** Tokens whose random body is drawn from {@code seed}; give each thread its own seed to keep them apart. */
  Tokens(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < LENGTH - SUFFIX; i++) {
      buffer[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
  }

  /** A token never returned before by this instance. */
  String next() {
    long n = next++;
    for (int i = LENGTH - 1; i >= LENGTH - SUFFIX; i--) {
      buffer[i] = ALPHABET[(int) (n & 63)];
      n >>>= 6;
    }
    return new String(buffer);
  }
}
