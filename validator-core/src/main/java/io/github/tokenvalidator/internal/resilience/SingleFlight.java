package io.github.tokenvalidator.internal.resilience;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One call per key to an upstream however many callers want it, behind a back-off: the one mechanism the
 * engine uses for introspection (per token), the own token and key fetches. Thread-safe.
 *
 * <p>A caller joins the call under way for its key, or registers a new one; only a registered call asks
 * its {@link Backoff} whether it may start, so two callers can never both pass the back-off for one key,
 * and the back-off's state is read after any earlier call for the key has settled. When the call settles,
 * the back-off is told its outcome, the key leaves the map, and only then are the callers woken, so none
 * of them joins a settled call. Whatever throws on the way, every registered caller is answered.
 *
 * @param <K> the key of a call
 * @param <V> what a call yields
 */
public final class SingleFlight<K, V> {
  /** Whether a call may start now, and what its outcome teaches: a failure gate, a rate limit. */
  public interface Backoff {
    /** A back-off that never refuses and learns nothing. */
    Backoff NONE = new Backoff() {
      @Override
      public boolean tryPass() {
        return true;
      }

      @Override
      public void succeeded() {}

      @Override
      public void failed(Throwable cause) {}
    };

    /**
     * Whether a call may start now; a passing answer may reserve the right to start (a probe).
     *
     * @return true if the call may start
     */
    boolean tryPass();

    /** A call succeeded. */
    void succeeded();

    /**
     * A call failed.
     *
     * @param cause why
     */
    void failed(Throwable cause);
  }

  private final ConcurrentHashMap<K, CompletableFuture<V>> calls = new ConcurrentHashMap<>();
  private final java.util.function.Consumer<? super K> joined;

  /** Single flight that tells nobody when a caller joins a call under way. */
  public SingleFlight() {
    this(() -> {});
  }

  /**
   * Single flight that runs {@code joined} each time a caller joins a call under way (a metric).
   *
   * @param joined must not throw
   */
  public SingleFlight(Runnable joined) {
    this(key -> joined.run());
  }

  /**
   * Single flight that tells {@code joined} the key each time a caller joins a call under way (a metric of
   * the key's issuer).
   *
   * @param joined must not throw
   */
  public SingleFlight(java.util.function.Consumer<? super K> joined) {
    this.joined = joined;
  }

  /**
   * As {@link #call(Object, Supplier, Backoff, Supplier, Supplier)} with nothing known beforehand.
   *
   * @param key the key
   * @param backoff whether the call may start, and what it learns of the outcome
   * @param start starts the call; may throw, which fails the call
   * @param refused the answer while the back-off refuses (a failure, or what is known already)
   * @return the call's outcome; a future that completes however the call ends
   */
  public CompletableFuture<V> call(K key, Backoff backoff, Supplier<CompletableFuture<V>> start,
      Supplier<CompletableFuture<V>> refused) {
    return call(key, () -> null, backoff, start, refused);
  }

  /**
   * The outcome of the call for {@code key}: the one under way, or a new one {@code start}ed if
   * {@code backoff} lets it, or {@code refused}'s when it does not.
   *
   * @param key the key
   * @param known asked once the call is registered, before the back-off: a non-null value answers at once
   *     (a call that settled between the caller's look and its registration may have left it)
   * @param backoff whether the call may start, and what it learns of the outcome
   * @param start starts the call; may throw, which fails the call
   * @param refused the answer while the back-off refuses (a failure, or what is known already)
   * @return the call's outcome; a future that completes however the call ends
   */
  public CompletableFuture<V> call(K key, Supplier<V> known, Backoff backoff,
      Supplier<CompletableFuture<V>> start, Supplier<CompletableFuture<V>> refused) {
    CompletableFuture<V> running = calls.get(key);
    if (running == null) {
      CompletableFuture<V> promise = new CompletableFuture<>();
      running = calls.putIfAbsent(key, promise);
      if (running == null) {
        return register(key, promise, known, backoff, start, refused);
      }
    }
    joined.accept(key);
    return running;
  }

  private CompletableFuture<V> register(K key, CompletableFuture<V> promise, Supplier<V> known, Backoff backoff,
      Supplier<CompletableFuture<V>> start, Supplier<CompletableFuture<V>> refused) {
    CompletableFuture<V> call;
    try {
      V already = known.get();
      if (already != null) {
        settle(key, promise, already, null);
        return promise;
      }
      if (!backoff.tryPass()) {
        // Not a call: the back-off learns nothing, and the callers who joined get the refusal too.
        relay(key, promise, refused.get());
        return promise;
      }
      call = start.get();
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((value, failure) -> {
      try {
        if (failure == null) {
          backoff.succeeded();
        } else {
          backoff.failed(failure);
        }
      } finally {
        settle(key, promise, value, failure);
      }
    });
    return promise;
  }

  /** Whether a call for {@code key} is under way. */
  boolean isRunning(K key) {
    return calls.containsKey(key);
  }

  /**
   * Fails every call under way with {@code cause} and forgets them; their own outcomes no longer reach
   * their callers.
   *
   * @param cause what the callers are told
   */
  public void abandonAll(Throwable cause) {
    for (CompletableFuture<V> running : calls.values()) {
      running.completeExceptionally(cause);
    }
    calls.clear();
  }

  private void relay(K key, CompletableFuture<V> promise, CompletableFuture<V> outcome) {
    outcome.whenComplete((value, failure) -> settle(key, promise, value, failure));
  }

  private void settle(K key, CompletableFuture<V> promise, V value, Throwable failure) {
    calls.remove(key, promise);
    if (failure == null) {
      promise.complete(value);
    } else {
      promise.completeExceptionally(failure);
    }
  }
}
