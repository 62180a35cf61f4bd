package io.github.tokenvalidator.internal.cache;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.internal.decision.TimeRule;

/**
 * A cached answer: trusted until {@code freshUntilNanos}, kept (for stale-if-error, and past its exp as a
 * refusal) until {@code evictAtNanos}, both ticker readings; usable between the time rule's bounds, clock
 * readings kept as milliseconds so a hit needs no {@code Instant}. Immutable and thread-safe.
 */
public final class CachedAnswer {
  private final TokenInfo info;
  private final ValidationResult validResult;
  private final long freshUntilNanos;
  private final long evictAtNanos;
  private final long usableUntilMillis;
  private final long usableFromMillis;

  CachedAnswer(TokenInfo info, TimeRule time, long freshUntilNanos, long evictAtNanos) {
    this.info = info;
    this.validResult = info.isActive() ? ValidationResult.valid(info) : null;
    this.freshUntilNanos = freshUntilNanos;
    this.evictAtNanos = evictAtNanos;
    this.usableUntilMillis = time.usableUntilMillis(info);
    this.usableFromMillis = time.usableFromMillis(info);
  }

  /** {@return the token's data} */
  public TokenInfo info() {
    return info;
  }

  /** {@return the valid result to hand out for an active answer (one instance per entry), else null} */
  public ValidationResult validResult() {
    return validResult;
  }

  /**
   * Whether the answer may be trusted without asking again.
   *
   * @param nanos a ticker reading
   * @return whether it is fresh
   */
  public boolean isFreshAt(long nanos) {
    return nanos - freshUntilNanos < 0;
  }

  /**
   * Whether the entry may still be used at all: for stale-if-error, or as a refusal past its exp.
   *
   * @param nanos a ticker reading
   * @return whether it is kept
   */
  public boolean isKeptAt(long nanos) {
    return nanos - evictAtNanos < 0;
  }

  /**
   * Whether the token is active and within its times (with the skew) at {@code nowMillis}, as the time rule
   * decides it on a miss.
   *
   * @param nowMillis a clock reading
   * @return whether it is usable
   */
  public boolean isUsableAt(long nowMillis) {
    return validResult != null && nowMillis < usableUntilMillis && nowMillis >= usableFromMillis;
  }
}
