package io.github.tokenvalidator.internal.cache;

import io.github.tokenvalidator.internal.request.BearerHeader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The cache key of a token: its SHA-256 digest, so no raw token is ever retained, and the configured issuer
 * that answers for it, so one token string is never answered from another issuer's entry. Immutable and
 * thread-safe; 32 bytes of digest and the issuer's tag (which fits the object's padding), compared in
 * constant time per field.
 */
public final class TokenKey {
  private static final ThreadLocal<Digester> DIGESTER = ThreadLocal.withInitial(Digester::new);

  private final long a;
  private final long b;
  private final long c;
  private final long d;
  /**
   * Which configured issuer answered, and how: with several, the issuer's place times two, plus one when its
   * keys verified the token rather than its introspection; 0 with one issuer.
   */
  private final int issuer;

  private TokenKey(long a, long b, long c, long d, int issuer) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    this.issuer = issuer;
  }

  /**
   * {@return the key of the same token for the configured issuer tagged {@code issuer}}
   *
   * @param issuer the tag of the answering issuer (see the field), 0 with one issuer
   */
  public TokenKey withIssuer(int issuer) {
    return issuer == this.issuer ? this : new TokenKey(a, b, c, d, issuer);
  }

  /** {@return the tag of the answering issuer: its place times two, plus one for its keys; 0 with one issuer} */
  public int issuer() {
    return issuer;
  }

  /**
   * The key of the token {@code text[start, end)}. It does not check the grammar: only tokens that passed
   * {@link BearerHeader#isB64Token} are ever cached, and the digest covers exactly the token's characters
   * (each above U+00FF, surrogates included, becomes {@code '?'}, which no b64token contains), so a header
   * that is no token can never find a cached answer; the check runs on a miss, before any call.
   */
  public static TokenKey of(String text, int start, int end) {
    return DIGESTER.get().digest(text, start, end);
  }

  /** The first 8 hex digits of the digest: enough to tell tokens apart in a log, useless to an attacker. */
  public String shortId() {
    return String.format("%08x", (int) (a >>> 32));
  }

  /**
   * The 32 bytes of the SHA-256 digest, for a shared store's key.
   *
   * @return a new array
   */
  public byte[] digest() {
    byte[] out = new byte[32];
    long[] words = {a, b, c, d};
    for (int i = 0; i < 32; i++) {
      out[i] = (byte) (words[i / 8] >>> (56 - 8 * (i % 8)));
    }
    return out;
  }

  /**
   * The key of the token whose SHA-256 digest is {@code digest}: what a shared store's invalidation names.
   *
   * @param digest 32 bytes
   * @return the key
   */
  public static TokenKey ofDigest(byte[] digest) {
    long[] words = new long[4];
    for (int i = 0; i < 32; i++) {
      words[i / 8] = (words[i / 8] << 8) | (digest[i] & 0xFF);
    }
    return new TokenKey(words[0], words[1], words[2], words[3], 0);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof TokenKey)) {
      return false;
    }
    TokenKey that = (TokenKey) other;
    return ((a ^ that.a) | (b ^ that.b) | (c ^ that.c) | (d ^ that.d) | (issuer ^ that.issuer)) == 0;
  }

  @Override
  public int hashCode() {
    return (int) a + 31 * issuer;
  }

  @Override
  public String toString() {
    return "TokenKey{" + shortId() + "}";
  }

  /** One per thread: a digest and its output buffer. */
  private static final class Digester {
    private final MessageDigest sha256;
    private final byte[] out = new byte[32];

    Digester() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Every Java platform has SHA-256", e);
      }
    }

    TokenKey digest(String text, int start, int end) {
      // One bulk conversion (a plain copy for Latin-1 strings); any character above U+00FF becomes '?'.
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      if (bytes.length == text.length()) {
        sha256.update(bytes, start, end - start);
      } else {
        // A surrogate pair became one '?', so byte and char indices part. Only such headers come here, never
        // a token: one char at a time, each above U+00FF (each half of a pair too) as '?'.
        for (int i = start; i < end; i++) {
          char c = text.charAt(i);
          sha256.update(c <= 0xFF ? (byte) c : (byte) '?');
        }
      }
      try {
        sha256.digest(out, 0, 32);
      } catch (java.security.DigestException e) {
        throw new IllegalStateException(e);
      }
      return new TokenKey(longAt(0), longAt(8), longAt(16), longAt(24), 0);
    }

    private long longAt(int offset) {
      long value = 0;
      for (int k = 0; k < 8; k++) {
        value = (value << 8) | (out[offset + k] & 0xFF);
      }
      return value;
    }
  }
}
