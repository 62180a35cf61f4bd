package io.github.tokenvalidator;

import java.time.Duration;

/**
 * Receives what the validator does, for metrics and audit; every method has an empty default.
 *
 * <p>Methods are called on the thread doing the work, often a request thread or an HTTP client thread:
 * they must be fast, must not block and must be thread-safe. An exception thrown by a listener is logged
 * and otherwise ignored. No method receives a token or a secret.
 */
public interface ValidationListener {

  /** What one introspection call came to. */
  enum IntrospectionOutcome {
    /** The server answered with an active token. */
    ACTIVE,
    /** The server answered that the token is not active. */
    INACTIVE,
    /** MobileFirst answered 409. */
    CONFLICT,
    /** No usable answer: refused, timed out, 5xx, malformed, or the client is misconfigured. */
    FAILED
  }

  /** What one read of the store a fleet shares came to. */
  enum SharedStoreOutcome {
    /** An answer another instance shared was used. */
    HIT,
    /** The store had no usable answer. */
    MISS,
    /** The store failed, timed out, or is skipped after failures: a miss. */
    ERROR,
    /** The store held an entry that does not authenticate (flipped, forged, moved) or read: a miss. */
    REFUSED
  }

  /** A listener that does nothing. */
  ValidationListener NONE = new ValidationListener() {};

  /**
   * The listener of one configured issuer's events: its cache hits and misses, introspections, own token,
   * key fetches, failing fast and the refusals of its tokens. The validator asks once per issuer, when it is
   * built; the events of no particular issuer (a missing or malformed token, a refused request, a token no
   * issuer of the route takes) go to this listener itself. By default this listener, for every issuer.
   *
   * @param issuer {@code default} for the issuer of the settings without a group, else the group's name
   * @return the listener of that issuer's events
   */
  default ValidationListener forIssuer(String issuer) {
    return this;
  }

  /** A cached introspection answer was used. */
  default void cacheHit() {}

  /** No usable cached answer: the token will be resolved (or joins a call already under way). */
  default void cacheMiss() {}

  /** A miss joined a call for the same token already under way instead of starting one; follows {@link #cacheMiss()}. */
  default void cacheCoalesced() {}

  /** An introspection call starts; {@link #introspection} follows when it ends. */
  default void introspectionStarted() {}

  /**
   * An introspection call ended after {@code latency}.
   *
   * @param outcome how the call ended
   * @param latency how long it took
   */
  default void introspection(IntrospectionOutcome outcome, Duration latency) {}

  /** A cached answer past its freshness was served because the authorization server failed. */
  default void staleAnswerServed() {}

  /**
   * The validator's own token was renewed ({@code success}) or its renewal failed.
   *
   * @param success whether a new token was obtained
   * @param latency how long it took
   */
  default void ownTokenRenewal(boolean success, Duration latency) {}

  /**
   * A fetch of the key set or of the discovery document ended after {@code latency}.
   *
   * @param success whether usable keys or a usable document arrived
   * @param latency how long it took
   */
  default void keyFetch(boolean success, Duration latency) {}

  /**
   * The validator started ({@code true}) or stopped ({@code false}) failing fast towards an upstream that
   * failed {@code failure-threshold} times in a row: {@code upstream} is {@code "authorization-server"} or
   * {@code "key-server"}.
   *
   * @param upstream {@code "authorization-server"} or {@code "key-server"}
   * @param failing whether failing fast started ({@code true}) or stopped
   */
  default void failingFast(String upstream, boolean failing) {}

  /**
   * A local miss read the store a fleet shares.
   *
   * @param outcome what the read came to
   */
  default void sharedStoreRead(SharedStoreOutcome outcome) {}

  /**
   * A request was refused.
   *
   * @param kind why
   */
  default void rejected(AuthenticationError.Kind kind) {}
}
