package io.github.tokenvalidator.internal.dpop;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server nonces for DPoP proofs (RFC 9449 §9), derived rather than stored: the nonce of a time slot is the
 * HMAC-SHA256 of the slot's number under {@code dpop.nonce-secret}, so every instance of a fleet that shares
 * the secret issues and accepts the same nonces without talking to the others. Thread-safe.
 *
 * <p>A slot lasts the {@code iat} window. A nonce is accepted in its own slot and the next (so one issued at
 * a slot's end still serves a whole window), and in the slot before its own (an instance whose clock runs a
 * little ahead may have issued it): at most three windows in all.
 */
final class DpopNonces {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final Clock clock;
  private final long slotMillis;
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;
  /** The last slot's nonce, so the success path computes one HMAC per slot, not one per request. */
  private volatile Issued current = new Issued(Long.MIN_VALUE, null);

  private record Issued(long slot, String nonce) {}

  DpopNonces(String secret, Clock clock, Duration window) {
    this.clock = clock;
    this.slotMillis = Math.max(1, window.toMillis());
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** {@return the nonce to hand clients now} */
  String fresh() {
    long slot = Math.floorDiv(clock.millis(), slotMillis);
    Issued issued = current;
    if (issued.slot != slot) {
      issued = new Issued(slot, nonce(slot));
      current = issued;
    }
    return issued.nonce;
  }

  /** {@return whether {@code nonce} is one this fleet issued recently enough} */
  boolean accepts(String nonce) {
    if (nonce == null || nonce.length() != 43) {
      return false;
    }
    long slot = Math.floorDiv(clock.millis(), slotMillis);
    byte[] given = nonce.getBytes(StandardCharsets.US_ASCII);
    boolean accepted = false;
    for (long candidate = slot - 1; candidate <= slot + 1; candidate++) {
      // every candidate compared, in constant time: how long this takes tells nothing of the secret
      accepted |= MessageDigest.isEqual(given, nonce(candidate).getBytes(StandardCharsets.US_ASCII));
    }
    return accepted;
  }

  private String nonce(long slot) {
    Mac mac = macs.get();
    return BASE64URL.encodeToString(mac.doFinal(ByteBuffer.allocate(8).putLong(slot).array()));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }
}
