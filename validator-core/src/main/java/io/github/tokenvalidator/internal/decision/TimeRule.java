package io.github.tokenvalidator.internal.decision;

import io.github.tokenvalidator.TokenInfo;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code exp}, {@code nbf} and {@code iat} against the clock, each with the same tolerance
 * ({@code clock-skew}, RFC 7519 §4.1.4): usable from {@code nbf − skew} until {@code exp + skew}, and not
 * issued after {@code now + skew}. The cache keeps the same bounds per entry, so a hit and a miss agree.
 * Immutable and thread-safe.
 */
public final class TimeRule implements TokenRule {
  private final long skewMillis;

  /**
   * A rule tolerating {@code skew}.
   *
   * @param skew the tolerance, at most a few minutes
   */
  public TimeRule(Duration skew) {
    this.skewMillis = skew.toMillis();
  }

  @Override
  public String refusal(TokenInfo info, long nowMillis) {
    if (nowMillis >= usableUntilMillis(info)) {
      return "the token has expired (exp)";
    }
    if (nowMillis < usableFromMillis(info)) {
      return "the token is not valid yet (nbf)";
    }
    Instant issuedAt = info.issuedAt();
    if (issuedAt != null && floorMillis(issuedAt) > saturatedAdd(nowMillis, skewMillis)) {
      return "the token is issued in the future (iat)";
    }
    return null;
  }

  /**
   * The first millisecond at which the token is no longer usable: its {@code exp}, rounded down, plus the
   * skew; {@code Long.MAX_VALUE} without one.
   *
   * @param info the token's data
   * @return epoch milliseconds
   */
  public long usableUntilMillis(TokenInfo info) {
    Instant exp = info.expiresAt();
    return exp == null ? Long.MAX_VALUE : saturatedAdd(floorMillis(exp), skewMillis);
  }

  /**
   * The first millisecond at which the token is usable: its {@code nbf}, rounded up, less the skew;
   * {@code Long.MIN_VALUE} without one.
   *
   * @param info the token's data
   * @return epoch milliseconds
   */
  public long usableFromMillis(TokenInfo info) {
    Instant nbf = info.notBefore();
    if (nbf == null) {
      return Long.MIN_VALUE;
    }
    long floor = floorMillis(nbf);
    long ceil = nbf.getNano() % 1_000_000 != 0 && floor != Long.MAX_VALUE ? floor + 1 : floor;
    long from = ceil - skewMillis;
    return from > ceil ? Long.MIN_VALUE : from; // wrapped below Long.MIN_VALUE
  }

  /**
   * Whole milliseconds, rounded down, saturated: a sub-millisecond {@code exp} ends the token up to a
   * millisecond early, never late.
   */
  private static long floorMillis(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds >= Long.MAX_VALUE / 1000) {
      return Long.MAX_VALUE;
    }
    if (seconds <= Long.MIN_VALUE / 1000) {
      return Long.MIN_VALUE;
    }
    return seconds * 1000 + instant.getNano() / 1_000_000;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
