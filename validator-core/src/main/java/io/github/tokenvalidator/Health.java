package io.github.tokenvalidator;

import java.util.Objects;

/**
 * What the validator can tell of its own health: whether it reaches the authorization server, and if not,
 * why, in words fit for a health endpoint or a log.
 *
 * <p>{@link Status#UP}: the last exchange with every upstream (token, introspection and key endpoints)
 * succeeded, or none was needed yet. {@link Status#DEGRADED}: an upstream that answered before fails now
 * (timeouts, refused connections, 5xx, unreadable answers): cached answers are served, stale ones where
 * {@code stale-if-error} allows, and new tokens get 503 until it answers again. {@link Status#DOWN}: new
 * tokens cannot be validated until someone acts: a misconfiguration the server reported (such as
 * {@code invalid_client}), or an upstream that has never answered since the validator started. The detail
 * never carries a token or a secret. Instances are immutable and thread-safe.
 */
public final class Health {
  /** The three states, from best to worst. */
  public enum Status {
    /** Every upstream answers. */
    UP,
    /** Answers are served stale, or misses fail fast, while an upstream fails. */
    DEGRADED,
    /** New tokens cannot be validated. */
    DOWN
  }

  private static final Health UP = new Health(Status.UP, null, false);

  private final Status status;
  private final String detail;
  private final boolean misconfigured;

  private Health(Status status, String detail, boolean misconfigured) {
    this.status = status;
    this.detail = detail;
    this.misconfigured = misconfigured;
  }

  /**
   * Every upstream answers.
   *
   * @return a health of status {@link Status#UP}
   */
  public static Health up() {
    return UP;
  }

  /**
   * An upstream that answered before fails now, for {@code cause}.
   *
   * @param cause the cause in words, never a secret
   * @return a health of status {@link Status#DEGRADED}
   */
  public static Health degraded(String cause) {
    return new Health(Status.DEGRADED, Objects.requireNonNull(cause, "cause"), false);
  }

  /**
   * New tokens cannot be validated for {@code cause}; {@code misconfigured} when the server said the
   * validator's settings are wrong (it will not pass by itself).
   *
   * @param cause the cause in words, never a secret
   * @param misconfigured whether the cause is a misconfiguration rather than an outage
   * @return a health of status {@link Status#DOWN}
   */
  public static Health down(String cause, boolean misconfigured) {
    return new Health(Status.DOWN, Objects.requireNonNull(cause, "cause"), misconfigured);
  }

  /** {@return UP, DEGRADED or DOWN} */
  public Status status() {
    return status;
  }

  /** {@return the last cause in words, such as "connection to mfp:9080/mfp/api/az/v1/token refused"; null when up} */
  public String detail() {
    return detail;
  }

  /** {@return true when the cause is a misconfiguration, which does not pass by itself, rather than an outage} */
  public boolean isMisconfigured() {
    return misconfigured;
  }

  /**
   * {@return the worse of this and {@code other}; on a tie, this one}
   *
   * @param other the health to compare with
   */
  public Health worse(Health other) {
    return other.status.compareTo(status) > 0 ? other : this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Health && ((Health) o).status == status && Objects.equals(((Health) o).detail, detail)
        && ((Health) o).misconfigured == misconfigured;
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, detail, misconfigured);
  }

  @Override
  public String toString() {
    return detail == null ? status.name() : status + " (" + (misconfigured ? "misconfigured: " : "") + detail + ")";
  }
}
