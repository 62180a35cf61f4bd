package io.github.tokenvalidator.testing;

import io.github.tokenvalidator.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall clock and a monotonic ticker that tests move by hand, so expiry, renewal and back-off are tested
 * without sleeping. {@link #advance} moves both; {@link #set} steps only the wall clock, as an operator
 * setting the system time would. Thread-safe.
 */
public final class MutableClock extends Clock implements Ticker {
  private volatile Instant now;
  private volatile long nanos = 1_000_000_000L;

  public MutableClock(Instant start) {
    this.now = start;
  }

  /** A clock at a fixed, whole-second instant in 2026. */
  public static MutableClock startingNow() {
    return new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  }

  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
    nanos += duration.toNanos();
  }

  public void set(Instant instant) {
    now = instant;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public long read() {
    return nanos;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
