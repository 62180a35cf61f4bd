package io.github.tokenvalidator.internal.cache;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import io.github.tokenvalidator.spi.Invalidation;
import io.github.tokenvalidator.spi.SharedStore;
import io.github.tokenvalidator.spi.StoreKey;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second level behind the {@link AnswerCache}: a {@link SharedStore} that a fleet shares. Reads are
 * bounded and never fail a request (a failure, a timeout or a value that does not read is a miss); writes
 * go out without anyone waiting; invalidations from any instance drop the matching local answers.
 * Thread-safe.
 */
public final class SharedAnswers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedAnswers.class);

  private final SharedStore store;
  private final String issuer;
  private final String resource;
  private final long boundMillis;
  private final BiFunction<Runnable, Long, ?> scheduler;
  private final AtomicBoolean warnedOfGarbage = new AtomicBoolean();
  private volatile AutoCloseable subscription;

  /**
   * The store {@code store} for answers of {@code issuer} meant for {@code resource}.
   *
   * @param store the shared store
   * @param issuer the issuer's identity in keys
   * @param resource the resource's identity in keys (the configured audiences)
   * @param bound the longest wait for a read
   * @param scheduler runs a task after a delay in milliseconds (the validator's timer)
   */
  public SharedAnswers(SharedStore store, String issuer, String resource, Duration bound,
      BiFunction<Runnable, Long, ?> scheduler) {
    this.store = Objects.requireNonNull(store, "store");
    this.issuer = issuer;
    this.resource = resource;
    this.boundMillis = bound.toMillis();
    this.scheduler = scheduler;
  }

  /**
   * Starts dropping from {@code cache} what any instance invalidates.
   *
   * @param cache this instance's cache
   * @param issuerTags the tags in the cache's keys ({@link TokenKey#withIssuer}) of each configured issuer's
   *     answers, by its identity in the store's keys; none for an issuer not configured here. The store is
   *     subscribed to once, for every issuer that shares it.
   */
  public void subscribe(AnswerCache cache, java.util.function.Function<String, int[]> issuerTags) {
    subscription = store.subscribe(invalidation -> drop(cache, issuerTags, invalidation));
  }

  /** {@return who answers for tokens in this store's keys} */
  public String issuer() {
    return issuer;
  }

  private void drop(AnswerCache cache, java.util.function.Function<String, int[]> issuerTags,
      Invalidation invalidation) {
    for (int issuerTag : issuerTags.apply(invalidation.issuer())) {
      drop(cache, issuerTag, invalidation);
    }
  }

  private void drop(AnswerCache cache, int issuerTag, Invalidation invalidation) {
    try {
      switch (invalidation.kind()) {
        case TOKEN:
          cache.invalidate(TokenKey.ofDigest(invalidation.token().digest()).withIssuer(issuerTag));
          break;
        case SUBJECT:
          cache.invalidateIf(issuerTag, info -> invalidation.name().equals(info.subject())
              && (info.issuedAt() == null || info.issuedAt().isBefore(invalidation.issuedBefore())));
          break;
        default:
          cache.invalidateIf(issuerTag, info -> invalidation.name().equals(info.clientId())
              && (info.issuedAt() == null || info.issuedAt().isBefore(invalidation.issuedBefore())));
          break;
      }
    } catch (RuntimeException e) {
      LOG.warn("An invalidation from the shared store could not be applied: {}", e.toString());
    }
  }

  /**
   * The shared answer for {@code key}, or null: never a failure, never later than the bound.
   *
   * @param key the token's key
   * @return a future of the answer or null
   */
  public CompletableFuture<TokenInfo> lookup(TokenKey key) {
    CompletableFuture<TokenInfo> answer = new CompletableFuture<>();
    try {
      store.get(storeKey(key)).whenComplete((bytes, failure) -> {
        if (failure != null) {
          LOG.debug("Shared store read failed: {}", failure.toString());
          answer.complete(null);
        } else {
          answer.complete(bytes == null ? null : decoded(key, bytes));
        }
      });
      if (!answer.isDone()) {
        scheduler.apply(() -> answer.complete(null), boundMillis);
      }
    } catch (RuntimeException e) {
      LOG.debug("Shared store read failed: {}", e.toString());
      answer.complete(null);
    }
    return answer;
  }

  private TokenInfo decoded(TokenKey key, byte[] bytes) {
    try {
      return AnswerCodec.decode(bytes);
    } catch (MalformedAnswerException | RuntimeException e) {
      if (warnedOfGarbage.compareAndSet(false, true)) {
        LOG.warn("The shared store holds an answer that does not read (token {}); treated as a miss", key.shortId());
      }
      return null;
    }
  }

  /**
   * Shares a usable answer for {@code timeToLive}; nobody waits for the write, and a failed one is only logged.
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
      store.put(storeKey(key), AnswerCodec.encode(info), timeToLive).whenComplete((done, failure) -> {
        if (failure != null) {
          LOG.debug("Shared store write failed: {}", failure.toString());
        }
      });
    } catch (RuntimeException e) {
      LOG.debug("Shared store write failed: {}", e.toString());
    }
  }

  private StoreKey storeKey(TokenKey key) {
    return StoreKey.of(StoreKey.Kind.ANSWER, issuer, resource, key.digest());
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
