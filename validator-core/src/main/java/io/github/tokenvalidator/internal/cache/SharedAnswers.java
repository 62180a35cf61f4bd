package io.github.tokenvalidator.internal.cache;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.ValidationListener.SharedStoreOutcome;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import io.github.tokenvalidator.spi.Invalidation;
import io.github.tokenvalidator.spi.RefusedEntryException;
import io.github.tokenvalidator.spi.SharedStore;
import io.github.tokenvalidator.spi.StoreKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second level behind the {@link AnswerCache}: a {@link SharedStore} that a fleet shares. Reads are
 * bounded and never fail a request (a failure, a timeout or a value that does not read is a miss); writes
 * go out without anyone waiting; invalidations from any instance reach {@link Revocations}.
 *
 * <p>The fleet lease: when no instance holds an answer, {@link #find} takes a lease (put-if-absent, for the
 * lease time) so that one instance of the fleet resolves the token; the others wait until its lease is
 * released (the store's notification) or the lease time has passed, then read its answer, or resolve the
 * token themselves when there is none. Thread-safe.
 */
public final class SharedAnswers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedAnswers.class);

  private final SharedStore store;
  private final String issuer;
  private final String resource;
  private final long boundMillis;
  private final BiFunction<Runnable, Long, ?> scheduler;
  private final ValidationListener listener;
  private final byte[] instanceId = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
  /** The leases this instance holds, released once its resolution ends. */
  private final Set<TokenKey> leases = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean warnedOfRefusal = new AtomicBoolean();
  private volatile AutoCloseable subscription;

  /**
   * The store {@code store} for answers of {@code issuer} meant for {@code resource}.
   *
   * @param store the shared store
   * @param issuer the issuer's identity in keys
   * @param resource the resource's identity in keys (the configured audiences)
   * @param bound the longest wait for a read
   * @param scheduler runs a task after a delay in milliseconds (the validator's timer)
   * @param listener told of each read's outcome
   */
  public SharedAnswers(SharedStore store, String issuer, String resource, Duration bound,
      BiFunction<Runnable, Long, ?> scheduler, ValidationListener listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.issuer = issuer;
    this.resource = resource;
    this.boundMillis = bound.toMillis();
    this.scheduler = scheduler;
    this.listener = listener;
  }

  /**
   * Starts handing what any instance invalidates to {@code revocations}.
   *
   * @param revocations this instance's revocations
   */
  public void subscribe(Consumer<Invalidation> revocations) {
    subscription = store.subscribe(revocations);
  }

  /** {@return who answers for tokens in this store's keys} */
  public String issuer() {
    return issuer;
  }

  /** {@return the resource in this store's keys} */
  public String resource() {
    return resource;
  }

  /**
   * Tells every instance to drop what {@code invalidation} names; never fails.
   *
   * @param invalidation what to drop
   * @return a future completing when it is published, or failed with the store's failure
   */
  public CompletableFuture<Void> publish(Invalidation invalidation) {
    try {
      return store.publish(invalidation).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@return the store's health} */
  public Health health() {
    try {
      return store.health();
    } catch (RuntimeException e) {
      return Health.degraded("shared cache: " + e);
    }
  }

  /**
   * The shared answer for {@code key}, or null: never a failure, never later than the bound.
   *
   * @param key the token's key
   * @return a future of the answer or null
   */
  public CompletableFuture<TokenInfo> lookup(TokenKey key) {
    return lookup(key, true);
  }

  /** As {@link #lookup(TokenKey)}; the outcome told to the listener (and a refusal logged) only if {@code report}. */
  private CompletableFuture<TokenInfo> lookup(TokenKey key, boolean report) {
    CompletableFuture<TokenInfo> answer = new CompletableFuture<>();
    bounded(() -> store.get(storeKey(StoreKey.Kind.ANSWER, key)), answer, (bytes, failure) -> {
      if (failure != null) {
        if (report) {
          refusedOrFailed(key, failure);
        }
        return null;
      }
      TokenInfo info = bytes == null ? null : decoded(key, bytes, report);
      if (bytes == null && report) {
        listener.sharedStoreRead(SharedStoreOutcome.MISS);
      }
      return info;
    }, () -> {
      if (report) {
        listener.sharedStoreRead(SharedStoreOutcome.ERROR);
      }
    });
    return answer;
  }

  /**
   * The answer another instance shared and {@code usable} accepts, waiting for the instance that holds the
   * token's lease if one does; null when this instance is to resolve the token (then holding the lease,
   * released by {@link #release}, unless the store failed).
   *
   * @param key the token's key
   * @param usable whether a shared answer may be used now (the reading instance's clock decides)
   * @param leaseTime how long a lease holds, and the longest wait for another instance's answer
   * @return a future of the answer, or of null
   */
  public CompletableFuture<TokenInfo> find(TokenKey key, Predicate<TokenInfo> usable, Duration leaseTime) {
    return lookup(key).thenCompose(found -> {
      if (found != null && usable.test(found)) {
        return CompletableFuture.completedFuture(found);
      }
      StoreKey lease = storeKey(StoreKey.Kind.LEASE, key);
      CompletableFuture<Boolean> taken = new CompletableFuture<>();
      bounded(() -> store.putIfAbsent(lease, instanceId, leaseTime), taken, (stored, failure) ->
          failure != null || stored == null || stored, () -> { });
      return taken.thenCompose(ours -> {
        if (ours) {
          leases.add(key);
          // The instance that held the lease before may have written its answer and released the lease
          // between our read and our lease: read once more, so the fleet still makes one call.
          return lookup(key, false).thenApply(after -> {
            if (after != null && usable.test(after)) {
              release(key);
              return after;
            }
            return null;
          });
        }
        // Another instance resolves the token: wait for its answer, at most as long as its lease holds.
        CompletableFuture<Void> released = new CompletableFuture<>();
        try {
          store.awaitDelete(lease, leaseTime).whenComplete((done, failure) -> released.complete(null));
        } catch (RuntimeException e) {
          released.complete(null);
        }
        scheduler.apply(() -> released.complete(null), leaseTime.toMillis());
        return released.thenCompose(done -> lookup(key))
            .thenApply(after -> after != null && usable.test(after) ? after : null);
      });
    });
  }

  /**
   * Releases the lease this instance took for {@code key} in {@link #find}, if it did: the instances that
   * wait for it then read the answer shared before.
   *
   * @param key the token's key
   */
  public void release(TokenKey key) {
    if (leases.remove(key)) {
      try {
        store.delete(storeKey(StoreKey.Kind.LEASE, key)).whenComplete((done, failure) -> {
          if (failure != null) {
            LOG.debug("Releasing a shared-cache lease failed: {}", failure.toString());
          }
        });
      } catch (RuntimeException e) {
        LOG.debug("Releasing a shared-cache lease failed: {}", e.toString());
      }
    }
  }

  /**
   * Runs {@code operation} and completes {@code result} with {@code then}'s answer, or with {@code then}'s
   * answer to a timeout after the bound ({@code onTimeout} first); never exceptionally.
   */
  private <T, R> void bounded(java.util.function.Supplier<CompletionStage<T>> operation, CompletableFuture<R> result,
      BiFunction<T, Throwable, R> then, Runnable onTimeout) {
    try {
      operation.get().whenComplete((value, failure) -> {
        if (!result.isDone()) {
          result.complete(then.apply(value, failure));
        }
      });
      if (!result.isDone()) {
        scheduler.apply(() -> {
          if (!result.isDone()) {
            onTimeout.run();
            result.complete(then.apply(null, new java.util.concurrent.TimeoutException("no answer within "
                + boundMillis + " ms")));
          }
        }, boundMillis);
      }
    } catch (RuntimeException e) {
      result.complete(then.apply(null, e));
    }
  }

  private void refusedOrFailed(TokenKey key, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
        : failure;
    if (cause instanceof RefusedEntryException) {
      refused(key, cause.getMessage());
    } else if (!(cause instanceof java.util.concurrent.TimeoutException)) {
      listener.sharedStoreRead(SharedStoreOutcome.ERROR);
      LOG.debug("Shared store read failed: {}", cause.toString());
    }
  }

  private void refused(TokenKey key, String why) {
    listener.sharedStoreRead(SharedStoreOutcome.REFUSED);
    if (warnedOfRefusal.compareAndSet(false, true)) {
      LOG.warn("The shared cache holds an entry that was refused (token {}: {}); treated as a miss. Further"
          + " refusals are logged at DEBUG", key.shortId(), why);
    } else {
      LOG.debug("Shared cache entry refused (token {}: {})", key.shortId(), why);
    }
  }

  private TokenInfo decoded(TokenKey key, byte[] bytes, boolean report) {
    try {
      TokenInfo info = AnswerCodec.decode(bytes);
      if (report) {
        listener.sharedStoreRead(SharedStoreOutcome.HIT);
      }
      return info;
    } catch (MalformedAnswerException | RuntimeException e) {
      if (report) {
        refused(key, "the answer does not read");
      }
      return null;
    }
  }

  /**
   * Shares an answer for {@code timeToLive}; nobody waits for the write, and a failed one is only logged.
   *
   * @param key the token's key
   * @param info the answer
   * @param timeToLive how long other instances may read it
   */
  public void share(TokenKey key, TokenInfo info, Duration timeToLive) {
    if (timeToLive.isNegative() || timeToLive.isZero()) {
      return;
    }
    try {
      store.put(storeKey(StoreKey.Kind.ANSWER, key), AnswerCodec.encode(info), timeToLive)
          .whenComplete((done, failure) -> {
            if (failure != null) {
              LOG.debug("Shared store write failed: {}", failure.toString());
            }
          });
    } catch (RuntimeException e) {
      LOG.debug("Shared store write failed: {}", e.toString());
    }
  }

  /**
   * The key of {@code key}'s answer in the store.
   *
   * @param key the token's key
   * @return its store key
   */
  public StoreKey answerKey(TokenKey key) {
    return storeKey(StoreKey.Kind.ANSWER, key);
  }

  private StoreKey storeKey(StoreKey.Kind kind, TokenKey key) {
    return StoreKey.of(kind, issuer, resource, key.digest());
  }

  /** Ends the subscription and closes the store. */
  @Override
  public void close() {
    try {
      if (subscription != null) {
        subscription.close();
      }
      store.close();
    } catch (Exception e) {
      LOG.debug("Closing the shared store failed: {}", e.toString());
    }
  }
}
