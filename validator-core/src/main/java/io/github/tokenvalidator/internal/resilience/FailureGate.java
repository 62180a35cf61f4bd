package io.github.tokenvalidator.internal.resilience;

import io.github.tokenvalidator.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fails fast while an upstream is known to be down: after {@code threshold} consecutive failures it
 * refuses calls for {@code backoff}, then lets a single probe through; a success closes it. Time runs on
 * the monotonic ticker, so setting the wall clock neither prolongs nor cuts a back-off. Thread-safe.
 */
public final class FailureGate {
  private final int threshold;
  private final Duration backoff;
  private final long backoffNanos;
  private final Ticker ticker;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  /** Ticker reading before which calls fail fast; meaningful only at or above the threshold. */
  private final AtomicLong closedUntil = new AtomicLong();

  /** {@code backoff} is at most 365 days (the settings parser's bound), so its nanoseconds fit a long. */
  public FailureGate(int threshold, Duration backoff, Ticker ticker) {
    this.threshold = threshold;
    this.backoff = backoff;
    this.backoffNanos = backoff.toNanos();
    this.ticker = ticker;
  }

  /** Whether a call may go to the server now; past the back-off, only the first caller gets through. */
  public boolean tryPass() {
    if (consecutiveFailures.get() < threshold) {
      return true;
    }
    long now = ticker.read();
    long until = closedUntil.get();
    // The probe reserves the next back-off window so the callers behind it keep failing fast.
    return now - until >= 0 && closedUntil.compareAndSet(until, now + backoffNanos);
  }

  /** Whether calls fail fast now (the threshold is reached and the back-off has not run out). */
  public boolean isFailingFast() {
    return consecutiveFailures.get() >= threshold && ticker.read() - closedUntil.get() < 0;
  }

  /** Records a usable answer; returns true if this ends a period of failing fast. */
  public boolean succeeded() {
    return consecutiveFailures.getAndSet(0) >= threshold;
  }

  /** Records a failure; returns true if this one starts failing fast. */
  public boolean failed() {
    int failures = consecutiveFailures.incrementAndGet();
    if (failures >= threshold) {
      closedUntil.set(ticker.read() + backoffNanos);
    }
    return failures == threshold;
  }

  /** How long a client should wait before retrying: the rest of the back-off, at least one second. */
  public Duration retryAfter() {
    if (consecutiveFailures.get() < threshold) {
      return backoff;
    }
    long remaining = closedUntil.get() - ticker.read();
    return remaining <= 0 || remaining > backoffNanos ? backoff : Duration.ofNanos(remaining);
  }
}
