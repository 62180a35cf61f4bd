package io.github.tokenvalidator.redis;

import io.github.tokenvalidator.spi.Invalidation;
import io.github.tokenvalidator.spi.StoreKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * An {@link Invalidation} as bytes for the invalidation channel, and back; sealed by the store, so only the
 * fleet reads (subjects and client ids are personal data) or makes them. Stateless and thread-safe.
 */
final class InvalidationCodec {
  private static final int VERSION = 1;

  private InvalidationCodec() {}

  static byte[] encode(Invalidation invalidation) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeByte(invalidation.kind().ordinal());
      out.writeUTF(invalidation.issuer());
      if (invalidation.kind() == Invalidation.Kind.TOKEN) {
        out.writeUTF(invalidation.token().resource());
        out.write(invalidation.token().digest());
      } else {
        out.writeUTF(invalidation.name());
        out.writeLong(invalidation.issuedBefore().getEpochSecond());
        out.writeInt(invalidation.issuedBefore().getNano());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** The invalidation {@code bytes} spell; IllegalArgumentException when they spell none. */
  static Invalidation decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readByte() != VERSION) {
        throw new IllegalArgumentException("an invalidation of another version");
      }
      int kind = in.readByte();
      String issuer = in.readUTF();
      Invalidation invalidation;
      if (kind == Invalidation.Kind.TOKEN.ordinal()) {
        String resource = in.readUTF();
        byte[] digest = new byte[32];
        in.readFully(digest);
        invalidation = Invalidation.ofToken(StoreKey.of(StoreKey.Kind.ANSWER, issuer, resource, digest));
      } else if (kind == Invalidation.Kind.SUBJECT.ordinal() || kind == Invalidation.Kind.CLIENT.ordinal()) {
        String name = in.readUTF();
        Instant before = Instant.ofEpochSecond(in.readLong(), in.readInt());
        invalidation = kind == Invalidation.Kind.SUBJECT.ordinal() ? Invalidation.ofSubject(issuer, name, before)
            : Invalidation.ofClient(issuer, name, before);
      } else {
        throw new IllegalArgumentException("an invalidation of unknown kind");
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException("trailing bytes after an invalidation");
      }
      return invalidation;
    } catch (IOException | RuntimeException e) {
      throw e instanceof IllegalArgumentException ? (IllegalArgumentException) e
          : new IllegalArgumentException("not an invalidation: " + e.getClass().getSimpleName());
    }
  }
}
