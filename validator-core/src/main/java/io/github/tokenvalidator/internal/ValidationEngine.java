package io.github.tokenvalidator.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.ValidationResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validation pipeline: parse the header, look the token's digest up in the cache, resolve a miss once
 * however many callers want it, decide. Thread-safe.
 */
public final class ValidationEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ValidationEngine.class);

  private final ValidatorConfig config;
  private final Clock clock;
  private final ValidationListener listener;
  private final AuthServerClient client;
  private final TokenResolver resolver;
  private final Cache<TokenKey, CachedAnswer> cache;
  private final ConcurrentHashMap<TokenKey, CompletableFuture<TokenResolver.Resolution>> inFlight =
      new ConcurrentHashMap<>();
  private final IntrospectionLimiter limiter;
  private final FailureGate gate;
  private final AtomicReference<String> lastLoggedFailure = new AtomicReference<>();
  private final long deadlineMillis;
  private volatile boolean closed;
  /** Longest any entry stays cached, whatever its exp says; keeps Caffeine's nanosecond arithmetic in range. */
  private static final Duration MAX_CACHE_LIFETIME = Duration.ofDays(366);

  private final ValidationResult missingToken;
  private final ValidationResult malformedToken;
  private final ValidationResult inactiveToken;
  private final ValidationResult conflict;
  private final ValidationResult closedResult;

  public ValidationEngine(ValidatorConfig config) {
    this.config = config;
    this.clock = config.clock();
    this.listener = new SafeListener(config.listener());
    Executor executor = config.executor() != null ? config.executor() : ForkJoinPool.commonPool();
    this.client = new AuthServerClient(config);
    this.resolver = new RemoteIntrospector(client, config, listener);
    this.limiter = new IntrospectionLimiter(config.maxConcurrentIntrospections(),
        Math.max(1000, config.maxConcurrentIntrospections() * 16), executor);
    this.gate = new FailureGate(config.failureThreshold(), config.failureBackoff(), clock);
    // Own-token renewal, introspection and one retry each get the request timeout; this bounds the whole.
    this.deadlineMillis = config.requestTimeout().multipliedBy(3).plus(config.connectTimeout()).toMillis();
    this.cache = config.cacheMaxSize() == 0 ? null : Caffeine.newBuilder()
        .maximumSize(config.cacheMaxSize())
        .ticker(() -> nanosOf(clock.instant()))
        .expireAfter(new EvictAtExpiry())
        // Maintenance (draining the read buffer, evicting) is short; running it on the calling thread,
        // amortised, is cheaper on the hot path than waking a pool thread for it.
        .executor(Runnable::run)
        .build();
    String realm = config.realm();
    this.missingToken = ValidationResult.invalid(AuthenticationError.missingToken(realm));
    this.malformedToken = ValidationResult.invalid(
        AuthenticationError.invalidToken(realm, "The access token is malformed"));
    this.inactiveToken = ValidationResult.invalid(
        AuthenticationError.invalidToken(realm, "The access token is invalid or expired"));
    this.conflict = ValidationResult.invalid(AuthenticationError.conflict());
    this.closedResult = ValidationResult.invalid(AuthenticationError.unavailable(config.failureBackoff(),
        "The validator is closed"));
  }

  public ValidationResult validate(String header, Scope required) {
    // Answers known at once (cache hits, malformed headers) come back completed: join does not block.
    return validateAsync(header, required).join();
  }

  public CompletableFuture<ValidationResult> validateAsync(String header, Scope required) {
    if (closed) {
      return CompletableFuture.completedFuture(rejected(closedResult));
    }
    long located = BearerHeader.locate(header, config.maxTokenLength());
    if (located < 0) {
      return CompletableFuture.completedFuture(rejected(located == BearerHeader.MISSING ? missingToken : malformedToken));
    }
    int start = BearerHeader.start(located);
    int end = BearerHeader.end(located);
    TokenKey key = TokenKey.of(header, start, end);
    if (key == null) {
      return CompletableFuture.completedFuture(rejected(malformedToken));
    }
    Instant now = clock.instant();
    CachedAnswer cached = cache == null ? null : cache.getIfPresent(key);
    if (cached != null && cached.isFreshAt(now)) {
      listener.cacheHit();
      return CompletableFuture.completedFuture(decide(cached.info, cached.validResult, required, now));
    }
    listener.cacheMiss();
    // A cached answer past its freshness is kept for stale-if-error.
    return resolveThenDecide(key, header.substring(start, end), cached, required);
  }

  /** Tells the listener of a refusal decided before the token was looked at (by {@link RequestPolicy}). */
  public ValidationResult rejectedRequest(ValidationResult refusal) {
    return rejected(refusal);
  }

  private CompletableFuture<ValidationResult> resolveThenDecide(
      TokenKey key, String token, CachedAnswer stale, Scope required) {
    return shared(key, token).handle((resolution, failure) -> {
      Instant now = clock.instant();
      if (failure == null) {
        if (resolution.isConflict()) {
          return rejected(conflict);
        }
        return decide(resolution.info, null, required, now);
      }
      if (stale != null && config.staleIfError() && stale.info.isUsableAt(now)) {
        listener.staleAnswerServed();
        LOG.debug("Serving the cached answer for token {} while the authorization server fails", key.shortId());
        return decide(stale.info, stale.validResult, required, now);
      }
      return rejected(ValidationResult.invalid(AuthenticationError.unavailable(gate.retryAfter(),
          "The authorization server is unavailable")));
    });
  }

  /** The resolution of {@code key}: one call to the server however many callers ask at once. */
  private CompletableFuture<TokenResolver.Resolution> shared(TokenKey key, String token) {
    CompletableFuture<TokenResolver.Resolution> promise = new CompletableFuture<>();
    CompletableFuture<TokenResolver.Resolution> running = inFlight.putIfAbsent(key, promise);
    if (running != null) {
      return running;
    }
    // The previous owner may have cached its answer between our cache miss and our putIfAbsent.
    CachedAnswer cached = cache == null ? null : cache.getIfPresent(key);
    if (cached != null && cached.isFreshAt(clock.instant())) {
      inFlight.remove(key, promise);
      promise.complete(TokenResolver.Resolution.of(cached.info));
      return promise;
    }
    if (closed) {
      return fail(key, promise, new AuthServerException("the validator is closed", false));
    }
    if (!gate.tryPass()) {
      return fail(key, promise, new AuthServerException("failing fast: the authorization server is down", true));
    }
    limiter.submit(() -> resolver.resolve(token))
        .orTimeout(deadlineMillis, TimeUnit.MILLISECONDS)
        .whenComplete((resolution, failure) -> {
          Throwable outcome = failure;
          try {
            if (failure == null) {
              settle(key, resolution);
            } else {
              AuthServerException cause = AuthServerException.from(failure);
              outcome = cause;
              // Only an unwell server opens the gate: a 4xx about one token must not lock everyone out.
              if (cause.isServerFault() && gate.failed()) {
                LOG.warn("The authorization server failed {} times in a row; failing fast for {}",
                    config.failureThreshold(), config.failureBackoff());
              }
              logFailure(cause);
            }
          } catch (RuntimeException e) {
            outcome = AuthServerException.from(e);
          } finally {
            // Leave the map before waking the callers, so none of them joins a settled call; and whatever
            // went wrong above, no caller is left waiting.
            inFlight.remove(key, promise);
            if (outcome == null) {
              promise.complete(resolution);
            } else {
              promise.completeExceptionally(outcome);
            }
          }
        });
    return promise;
  }

  private void settle(TokenKey key, TokenResolver.Resolution resolution) {
    if (gate.succeeded()) {
      LOG.info("The authorization server answers again");
    }
    lastLoggedFailure.set(null);
    if (!resolution.isConflict() && !closed) {
      remember(key, resolution.info);
    }
  }

  private CompletableFuture<TokenResolver.Resolution> fail(
      TokenKey key, CompletableFuture<TokenResolver.Resolution> promise, AuthServerException cause) {
    inFlight.remove(key, promise);
    promise.completeExceptionally(cause);
    return promise;
  }

  private void logFailure(AuthServerException cause) {
    String message = cause.getMessage();
    if (message.equals(lastLoggedFailure.getAndSet(message))) {
      LOG.debug("Introspection failed again: {}", message);
    } else if (cause.isServerFault()) {
      LOG.warn("Introspection failed: {}; answering 503", message);
    } else {
      LOG.error("Introspection failed: {}; answering 503", message);
    }
  }

  private void remember(TokenKey key, TokenInfo info) {
    if (cache == null) {
      return;
    }
    Instant now = clock.instant();
    Instant freshUntil;
    Instant evictAt;
    if (info.isUsableAt(now)) {
      Instant byTtl = now.plus(config.cacheMaxTtl());
      Instant exp = info.expiresAt();
      freshUntil = exp != null && exp.isBefore(byTtl) ? exp : byTtl;
      evictAt = config.staleIfError() && exp != null && exp.isAfter(freshUntil) ? exp : freshUntil;
    } else {
      if (config.cacheNegativeTtl().isZero()) {
        // An older active answer must not survive to be served stale: the token is no longer usable.
        cache.invalidate(key);
        return;
      }
      freshUntil = now.plus(config.cacheNegativeTtl());
      evictAt = freshUntil;
    }
    Instant latestEviction = now.plus(MAX_CACHE_LIFETIME);
    cache.put(key, new CachedAnswer(info, freshUntil, evictAt.isAfter(latestEviction) ? latestEviction : evictAt));
  }

  private ValidationResult decide(TokenInfo info, ValidationResult cachedValid, Scope required, Instant now) {
    if (!info.isUsableAt(now)) {
      return rejected(inactiveToken);
    }
    if (!info.scope().covers(required)) {
      return rejected(ValidationResult.invalid(AuthenticationError.insufficientScope(config.realm(), required)));
    }
    return cachedValid != null ? cachedValid : ValidationResult.valid(info);
  }

  private ValidationResult rejected(ValidationResult result) {
    listener.rejected(result.error().kind());
    return result;
  }

  @Override
  public void close() {
    closed = true;
    for (CompletableFuture<TokenResolver.Resolution> running : inFlight.values()) {
      running.completeExceptionally(new AuthServerException("the validator is closed", false));
    }
    inFlight.clear();
    if (cache != null) {
      cache.invalidateAll();
    }
    client.close();
  }

  private static long nanosOf(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** A cached answer: trusted until {@code freshUntil}, kept for stale-if-error until {@code evictAt}. */
  static final class CachedAnswer {
    final TokenInfo info;
    final ValidationResult validResult;
    final Instant freshUntil;
    final long evictAtNanos;

    CachedAnswer(TokenInfo info, Instant freshUntil, Instant evictAt) {
      this.info = info;
      this.validResult = info.isActive() ? ValidationResult.valid(info) : null;
      this.freshUntil = freshUntil;
      this.evictAtNanos = nanosOf(evictAt);
    }

    boolean isFreshAt(Instant now) {
      return now.isBefore(freshUntil);
    }
  }

  private static final class EvictAtExpiry implements Expiry<TokenKey, CachedAnswer> {
    @Override
    public long expireAfterCreate(TokenKey key, CachedAnswer value, long currentTime) {
      return Math.max(0, value.evictAtNanos - currentTime);
    }

    @Override
    public long expireAfterUpdate(TokenKey key, CachedAnswer value, long currentTime, long currentDuration) {
      return Math.max(0, value.evictAtNanos - currentTime);
    }

    @Override
    public long expireAfterRead(TokenKey key, CachedAnswer value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Shields the pipeline from a listener that throws. */
  private static final class SafeListener implements ValidationListener {
    private final ValidationListener delegate;

    SafeListener(ValidationListener delegate) {
      this.delegate = delegate;
    }

    private void call(Runnable event) {
      try {
        event.run();
      } catch (RuntimeException e) {
        LOG.warn("ValidationListener threw {}; ignored", e.getClass().getName());
      }
    }

    @Override
    public void cacheHit() {
      call(delegate::cacheHit);
    }

    @Override
    public void cacheMiss() {
      call(delegate::cacheMiss);
    }

    @Override
    public void introspection(IntrospectionOutcome outcome, Duration latency) {
      call(() -> delegate.introspection(outcome, latency));
    }

    @Override
    public void staleAnswerServed() {
      call(delegate::staleAnswerServed);
    }

    @Override
    public void ownTokenRenewal(boolean success, Duration latency) {
      call(() -> delegate.ownTokenRenewal(success, latency));
    }

    @Override
    public void rejected(AuthenticationError.Kind kind) {
      call(() -> delegate.rejected(kind));
    }
  }
}
