package io.github.tokenvalidator.spi;

import io.github.tokenvalidator.Health;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A store that several validator instances share, consulted when a validator's own cache misses and told
 * of every answer worth sharing, so that a fleet asks the authorization server once per token; the
 * second level behind each instance's cache. An implementation (Redis, for instance) must be thread-safe.
 *
 * <p>The validator hands the store {@link StoreKey}s (the issuer, the resource and a SHA-256 digest, never a
 * token) and opaque values; it checks every value it reads back (its {@code exp} against its own clock)
 * and treats a value it cannot read as a miss. A store that protects what it keeps (keys derived with a
 * fleet secret, values sealed with authenticated encryption) does so inside these calls.
 *
 * <p>Every operation must answer within a short bound of its own (tens of milliseconds) and must not throw:
 * a failure is a stage completed exceptionally, which the validator treats as a miss or a skipped write,
 * never as an answer. The validator also stops waiting after its own bound.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *     .properties(settings)
 *     .sharedStore(new MyRedisStore(redisUri, fleetSecret))
 *     .build();
 * }</pre>
 */
public interface SharedStore extends AutoCloseable {
  /**
   * The value stored under {@code key}.
   *
   * @param key the key
   * @return a stage completing with the value, or with null when there is none
   */
  CompletionStage<byte[]> get(StoreKey key);

  /**
   * Stores {@code value} under {@code key} for {@code timeToLive}, replacing any value there.
   *
   * @param key the key
   * @param value the value; the store must not change it
   * @param timeToLive how long the value may be read; positive
   * @return a stage completing when the value is stored
   */
  CompletionStage<Void> put(StoreKey key, byte[] value, Duration timeToLive);

  /**
   * Stores {@code value} under {@code key} for {@code timeToLive} only if nothing is stored there: a lease,
   * or a "seen once" mark (a DPoP proof's {@code jti}).
   *
   * @param key the key
   * @param value the value
   * @param timeToLive how long the value may be read; positive
   * @return a stage completing with true when this call stored it, false when a value was there
   */
  CompletionStage<Boolean> putIfAbsent(StoreKey key, byte[] value, Duration timeToLive);

  /**
   * Removes the value under {@code key}, if any.
   *
   * @param key the key
   * @return a stage completing when it is gone
   */
  CompletionStage<Void> delete(StoreKey key);

  /**
   * Tells every instance of the fleet, this one included, to drop what {@code invalidation} names, and
   * removes the matching shared entries it can find.
   *
   * @param invalidation what to drop
   * @return a stage completing when the invalidation is published
   */
  CompletionStage<Void> publish(Invalidation invalidation);

  /**
   * Subscribes to the invalidations published by any instance; the validator subscribes once, when it is
   * built, and drops the matching answers from its own cache.
   *
   * @param listener told of each invalidation, on the store's thread; must not block
   * @return closes the subscription
   */
  AutoCloseable subscribe(Consumer<Invalidation> listener);

  /**
   * Completes when the value under {@code key} is deleted by any instance (a released lease), or when
   * {@code bound} has passed, whichever is first; never exceptionally. The validator reads the answer then.
   * The default, for a store that cannot notify, completes at once (the caller reads at once).
   *
   * @param key the key, a {@link StoreKey.Kind#LEASE}
   * @param bound the longest wait
   * @return a stage completing when the value is gone or the wait is over
   */
  default CompletionStage<Void> awaitDelete(StoreKey key, Duration bound) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * {@return the store's health, for the validator's: {@link Health.Status#DEGRADED} while it is skipped after
   * failures, with the cause} The default is always up. Cheap: no I/O.
   */
  default Health health() {
    return Health.up();
  }

  /** Releases the store's connections; the validator calls it when it is closed. The default does nothing. */
  @Override
  default void close() {}
}
