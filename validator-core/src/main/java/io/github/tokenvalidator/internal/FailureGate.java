package io.github.tokenvalidator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fails fast while the authorization server is known to be down: after {@code threshold} consecutive
 * failures it refuses calls for {@code backoff}, then lets a single probe through; a success closes it.
 * Thread-safe.
 */
final class FailureGate {
  private final int threshold;
  private final Duration backoff;
  private final Clock clock;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicReference<Instant> closedUntil = new AtomicReference<>(Instant.MIN);

  FailureGate(int threshold, Duration backoff, Clock clock) {
    this.threshold = threshold;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** Whether a call may go to the server now; past the back-off, only the first caller gets through. */
  boolean tryPass() {
    if (consecutiveFailures.get() < threshold) {
      return true;
    }
    Instant now = clock.instant();
    Instant until = closedUntil.get();
    // The probe reserves the next back-off window so the callers behind it keep failing fast.
    return !now.isBefore(until) && closedUntil.compareAndSet(until, now.plus(backoff));
  }

  /** Records a usable answer; returns true if this ends a period of failing fast. */
  boolean succeeded() {
    return consecutiveFailures.getAndSet(0) >= threshold;
  }

  /** Records a failure; returns true if this one starts failing fast. */
  boolean failed() {
    int failures = consecutiveFailures.incrementAndGet();
    if (failures >= threshold) {
      closedUntil.set(clock.instant().plus(backoff));
    }
    return failures == threshold;
  }

  /** How long a client should wait before retrying. */
  Duration retryAfter() {
    Duration remaining = Duration.between(clock.instant(), closedUntil.get());
    return remaining.isNegative() || remaining.isZero() || remaining.compareTo(backoff) > 0 ? backoff : remaining;
  }
}
