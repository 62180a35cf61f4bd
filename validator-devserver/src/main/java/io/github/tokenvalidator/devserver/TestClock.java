package io.github.tokenvalidator.devserver;

import io.github.tokenvalidator.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A wall clock and a monotonic ticker that a test moves by hand, for testing token expiry without sleeping.
 *
 * <p>Give the same instance to the development server and to the validator, as both its clock and its
 * ticker, then {@link #advance(Duration)} it: tokens expire, cached answers age and back-offs end exactly as
 * they would after that much real time.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2026-01-01T09:00:00Z"));
 * DevAuthorizationServer authorizationServer = DevAuthorizationServer.builder().clock(clock).start();
 * TokenValidator validator = TokenValidator.builder()
 *     .serverUrl(authorizationServer.serverUrl())
 *     .clientCredentials("test", "test")
 *     .clock(clock).ticker(clock)
 *     .build();
 * // ... a token is issued and valid ...
 * clock.advance(Duration.ofHours(1));   // now it has expired
 * }</pre>
 *
 * <p>The ticker starts at one second and only ever moves forward with the clock. Thread-safe: a test thread
 * may advance it while the server and the validator read it. For tests only: it never moves by itself.
 */
public final class TestClock extends Clock implements Ticker {
  /** An instant and a ticker reading that always move together; replaced whole, read whole. */
  private static final class Reading {
    final Instant instant;
    final long nanos;

    Reading(Instant instant, long nanos) {
      this.instant = instant;
      this.nanos = nanos;
    }
  }

  /** Shared by the views {@link #withZone(ZoneId)} makes, so they all move together. */
  private static final class Source {
    private volatile Reading reading;

    Source(Instant start) {
      this.reading = new Reading(start, 1_000_000_000L);
    }

    synchronized void advance(Duration duration) {
      Reading now = reading;
      reading = new Reading(now.instant.plus(duration), Math.addExact(now.nanos, duration.toNanos()));
    }
  }

  private final Source source;
  private final ZoneId zone;

  private TestClock(Source source, ZoneId zone) {
    this.source = source;
    this.zone = zone;
  }

  /**
   * A clock standing at {@code start}, in UTC.
   *
   * @param start the clock's first instant
   * @return a new clock, with its own time
   */
  public static TestClock at(Instant start) {
    return new TestClock(new Source(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /**
   * A clock standing at the system's current time cut to the second, in UTC.
   *
   * @return a new clock, with its own time
   */
  public static TestClock startingNow() {
    return at(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
  }

  /**
   * Moves the wall clock and the ticker forward by {@code duration} together.
   *
   * @param duration how far; zero or more
   * @throws IllegalArgumentException if {@code duration} is negative: a ticker never goes back
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a TestClock only moves forward: " + duration);
    }
    source.advance(duration);
  }

  @Override
  public Instant instant() {
    return source.reading.instant;
  }

  /** The ticker: nanoseconds since an arbitrary origin, moved only by {@link #advance(Duration)}. */
  @Override
  public long read() {
    return source.reading.nanos;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that moves with this clock. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new TestClock(source, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "TestClock[" + instant() + ", " + zone + "]";
  }
}
