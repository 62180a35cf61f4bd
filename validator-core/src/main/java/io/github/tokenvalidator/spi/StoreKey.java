package io.github.tokenvalidator.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link SharedStore} entry is about: its kind, the issuer and resource it belongs to, and a SHA-256
 * digest (of a token, or of a DPoP proof's key thumbprint and {@code jti}). Never a token itself.
 * Immutable and thread-safe.
 */
public final class StoreKey {
  /** The kind of entry. */
  public enum Kind {
    /** A validated token's answer. */
    ANSWER,
    /** A lease: one instance resolves a token while the others wait. */
    LEASE,
    /** A DPoP proof seen once. */
    PROOF
  }

  private final Kind kind;
  private final String issuer;
  private final String resource;
  private final byte[] digest;

  private StoreKey(Kind kind, String issuer, String resource, byte[] digest) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.resource = Objects.requireNonNull(resource, "resource");
    if (digest.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + digest.length);
    }
    this.digest = digest.clone();
  }

  /**
   * A key.
   *
   * @param kind the kind of entry
   * @param issuer the issuer the answer comes from (its {@code iss}, or its introspection endpoint)
   * @param resource the resource it is for (the configured audiences), empty for any
   * @param digest the SHA-256 digest, 32 bytes, copied
   * @return the key
   */
  public static StoreKey of(Kind kind, String issuer, String resource, byte[] digest) {
    return new StoreKey(kind, issuer, resource, digest);
  }

  /** {@return the kind of entry} */
  public Kind kind() {
    return kind;
  }

  /** {@return the issuer, never null} */
  public String issuer() {
    return issuer;
  }

  /** {@return the resource, never null, empty for any} */
  public String resource() {
    return resource;
  }

  /** {@return a copy of the 32-byte digest} */
  public byte[] digest() {
    return digest.clone();
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof StoreKey)) {
      return false;
    }
    StoreKey that = (StoreKey) other;
    return kind == that.kind && issuer.equals(that.issuer) && resource.equals(that.resource)
        && Arrays.equals(digest, that.digest);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, issuer, resource, Arrays.hashCode(digest));
  }

  /** Kind, issuer, resource and the digest's first 8 hex digits, as the validator's logs name a token. */
  @Override
  public String toString() {
    return kind + ":" + issuer + ":" + resource + ":" + String.format("%02x%02x%02x%02x", digest[0], digest[1],
        digest[2], digest[3]);
  }
}
