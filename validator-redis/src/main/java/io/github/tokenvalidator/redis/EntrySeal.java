package io.github.tokenvalidator.redis;

import io.github.tokenvalidator.spi.RefusedEntryException;
import io.github.tokenvalidator.spi.StoreKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What one fleet secret makes of the store's keys and values: a key is the prefix, the kind and an
 * HMAC-SHA256 over the kind, issuer, resource and digest (never the token or its bare digest); a value is
 * AES-256-GCM under a key of its own (derived from the secret and the entry's key), with the entry's key as
 * associated data, so a value flipped, forged or moved to another key does not open. Thread-safe.
 *
 * <p>Layout of a value: one version byte ({@value #VERSION}), a 12-byte random nonce, the ciphertext and its
 * 16-byte tag. Each entry has its own encryption key, so the random nonces never approach GCM's limit.
 */
final class EntrySeal {
  static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder KEY_TEXT = Base64.getUrlEncoder().withoutPadding();

  private final String prefix;
  private final SecretKeySpec keyMacKey;
  private final SecretKeySpec valueMacKey;

  /**
   * The seal of {@code secret}.
   *
   * @param secret the fleet secret
   * @param prefix the prefix of every key
   */
  EntrySeal(String secret, String prefix) {
    SecretKeySpec master = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.keyMacKey = new SecretKeySpec(mac(master, "tokenvalidator shared-cache v1 keys"), "HmacSHA256");
    this.valueMacKey = new SecretKeySpec(mac(master, "tokenvalidator shared-cache v1 values"), "HmacSHA256");
    this.prefix = prefix;
  }

  /** The Redis key of {@code key}. */
  String key(StoreKey key) {
    byte[] issuer = key.issuer().getBytes(StandardCharsets.UTF_8);
    byte[] resource = key.resource().getBytes(StandardCharsets.UTF_8);
    ByteBuffer input = ByteBuffer.allocate(1 + 4 + issuer.length + 4 + resource.length + 32);
    input.put((byte) key.kind().ordinal()).putInt(issuer.length).put(issuer).putInt(resource.length).put(resource)
        .put(key.digest());
    return prefix + kindLetter(key.kind()) + ':' + KEY_TEXT.encodeToString(mac(keyMacKey, input.array()));
  }

  /** The sealed value for the Redis key {@code redisKey} (or channel). */
  byte[] seal(String redisKey, byte[] plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, redisKey, nonce);
      byte[] out = new byte[1 + NONCE_BYTES + cipher.getOutputSize(plain.length)];
      out[0] = VERSION;
      System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
      cipher.doFinal(plain, 0, plain.length, out, 1 + NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  /**
   * The value sealed for {@code redisKey}.
   *
   * @throws RefusedEntryException if it was not sealed for this key with this secret, or was changed
   */
  byte[] open(String redisKey, byte[] sealed) {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new RefusedEntryException("not a sealed entry of this version");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    System.arraycopy(sealed, 1, nonce, 0, NONCE_BYTES);
    try {
      return cipher(Cipher.DECRYPT_MODE, redisKey, nonce).doFinal(sealed, 1 + NONCE_BYTES,
          sealed.length - 1 - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new RefusedEntryException("the entry does not authenticate (changed, forged, moved, or another secret)");
    } catch (GeneralSecurityException e) {
      throw new RefusedEntryException("the entry does not open: " + e.getClass().getSimpleName());
    }
  }

  private Cipher cipher(int mode, String redisKey, byte[] nonce) throws GeneralSecurityException {
    byte[] associated = redisKey.getBytes(StandardCharsets.UTF_8);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(mac(valueMacKey, associated), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(associated);
    return cipher;
  }

  private static char kindLetter(StoreKey.Kind kind) {
    switch (kind) {
      case ANSWER:
        return 'a';
      case LEASE:
        return 'l';
      default:
        return 'p';
    }
  }

  private static byte[] mac(SecretKeySpec key, String label) {
    return mac(key, label.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] mac(SecretKeySpec key, byte[] input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every Java platform has HmacSHA256", e);
    }
  }
}
