package io.github.tokenvalidator.redis;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed Redis operations in a row: after {@value #THRESHOLD} the store is skipped for the back-off
 * (operations fail at once, health DEGRADED with the cause); when the back-off has passed the next operation
 * is a probe, and the first success opens the gate again. One WARN when the store becomes unreachable, one
 * INFO when it is back. Thread-safe.
 */
final class StoreGate {
  private static final Logger LOG = LoggerFactory.getLogger(StoreGate.class);
  static final int THRESHOLD = 3;

  private final Ticker ticker;
  private final long backoffNanos;
  private final AtomicInteger failures = new AtomicInteger();
  private volatile long skipUntilNanos;
  private volatile String cause = "not connected yet";

  StoreGate(Ticker ticker, Duration backoff) {
    this.ticker = ticker;
    this.backoffNanos = backoff.toNanos();
  }

  /** Whether operations are skipped now. */
  boolean isSkipping() {
    return failures.get() >= THRESHOLD && ticker.read() - skipUntilNanos < 0;
  }

  void succeeded() {
    if (failures.getAndSet(0) >= THRESHOLD) {
      LOG.info("Shared cache reachable again");
    }
  }

  void failed(Throwable failure) {
    cause = describe(failure);
    int count = failures.incrementAndGet();
    if (count >= THRESHOLD) {
      skipUntilNanos = ticker.read() + backoffNanos;
      if (count == THRESHOLD) {
        LOG.warn("Shared cache unreachable ({}); skipped for {} ms at a time until it answers, requests go to the"
            + " authorization server", cause, backoffNanos / 1_000_000);
      }
    }
  }

  Health health() {
    return failures.get() >= THRESHOLD ? Health.degraded("shared cache unreachable: " + cause) : Health.up();
  }

  /** The failure in words, without anything a password could be in. */
  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root
        && (root instanceof java.util.concurrent.CompletionException || root.getMessage() == null)) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("//[^@/\\s]*@", "//"));
  }
}
