package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.internal.config.CacheSettings;
import io.github.tokenvalidator.internal.config.IntrospectionSettings;
import io.github.tokenvalidator.internal.config.JwtSettings;
import io.github.tokenvalidator.internal.config.RequestSettings;
import io.github.tokenvalidator.internal.config.ResilienceSettings;
import io.github.tokenvalidator.internal.config.TransportSettings;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationListener.IntrospectionOutcome;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.internal.cache.TokenKey;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.introspection.RemoteIntrospector;
import io.github.tokenvalidator.internal.jwt.JwksSource;
import io.github.tokenvalidator.internal.request.BearerHeader;
import io.github.tokenvalidator.internal.request.RequestPolicy;
import io.github.tokenvalidator.internal.resilience.FailureGate;
import io.github.tokenvalidator.internal.resilience.IntrospectionLimiter;
import io.github.tokenvalidator.internal.resilience.UpstreamHealth;
import io.github.tokenvalidator.internal.transport.AuthServerClient;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
  /** Longest any entry stays cached, whatever its exp says; keeps the nanosecond arithmetic in range. */
  private static final long MAX_CACHE_LIFETIME_NANOS = Duration.ofDays(366).toNanos();
  private static final String AUTHORIZATION_SERVER = "authorization-server";

  private final ValidatorConfig config;
  private final Clock clock;
  private final Ticker ticker;
  private final ValidationListener listener;
  private final AuthServerClient client;
  /** Null with token-format jwt. */
  private final RemoteIntrospector introspector;
  /** The issuer's keys; null with token-format opaque. */
  private final JwksSource keys;
  private final TokenResolver resolver;
  private final Cache<TokenKey, CachedAnswer> cache;
  private final ConcurrentHashMap<TokenKey, CompletableFuture<TokenResolver.Resolution>> inFlight =
      new ConcurrentHashMap<>();
  private final IntrospectionLimiter limiter;
  private final FailureGate gate;
  private final UpstreamHealth authServerHealth = new UpstreamHealth();
  private final Executor executor;
  private final AtomicReference<String> lastLoggedFailure = new AtomicReference<>();
  private final long deadlineMillis;
  private final long maxTtlNanos;
  private final long negativeTtlNanos;
  /** When the cache was last swept of dead entries (a ticker reading). */
  private final java.util.concurrent.atomic.AtomicLong lastSweepNanos;
  /** How often, at most, a sweep runs; only while answers are being added. */
  private static final long SWEEP_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private volatile boolean closed;

  private final ValidationResult missingToken;
  private final ValidationResult malformedToken;
  private final ValidationResult inactiveToken;
  private final ValidationResult conflict;
  private final ValidationResult closedResult;

  /**
   * An engine for {@code config}; nothing is fetched until the first request unless {@code eager-start}.
   *
   * @param config the checked configuration
   */
  public ValidationEngine(ValidatorConfig config) {
    this.config = config;
    this.clock = config.clock();
    this.ticker = config.ticker();
    this.listener = config.listener() == ValidationListener.NONE ? ValidationListener.NONE
        : new SafeListener(config.listener());
    this.client = new AuthServerClient(config);
    this.executor = client.executor();
    TokenFormat format = config.get(JwtSettings.TOKEN_FORMAT);
    this.introspector = format == TokenFormat.JWT ? null
        : new RemoteIntrospector(client, config, listener, authServerHealth);
    this.keys = format == TokenFormat.OPAQUE ? null : TokenResolvers.keySource(config, client, listener);
    this.resolver = TokenResolvers.choose(config, introspector, keys);
    this.limiter = new IntrospectionLimiter(config.get(ResilienceSettings.MAX_CONCURRENT_INTROSPECTIONS),
        Math.max(1000, config.get(ResilienceSettings.MAX_CONCURRENT_INTROSPECTIONS) * 16), executor);
    this.gate = new FailureGate(config.get(ResilienceSettings.FAILURE_THRESHOLD), config.get(ResilienceSettings.FAILURE_BACKOFF), ticker);
    // Own-token renewal, introspection and one retry each get the request timeout; this bounds the whole.
    this.deadlineMillis = config.get(TransportSettings.REQUEST_TIMEOUT).multipliedBy(3).plus(config.get(TransportSettings.CONNECT_TIMEOUT)).toMillis();
    this.maxTtlNanos = config.get(CacheSettings.MAX_TTL).toNanos();
    this.negativeTtlNanos = config.get(CacheSettings.NEGATIVE_TTL).toNanos();
    // Bounded by size alone. Each entry carries its own deadlines, checked on every hit, and
    // sweepIfDue drops the dead ones: Caffeine's variable expiry would write to the entry on every read,
    // which two threads reading one hot token pay for in cache-line traffic (measured: 944 ns a hit with
    // two threads against 734 ns without it).
    this.cache = config.get(CacheSettings.MAX_SIZE) == 0 ? null : Caffeine.newBuilder()
        .maximumSize(config.get(CacheSettings.MAX_SIZE))
        // Maintenance (draining the read buffer, evicting) is short; running it on the calling thread,
        // amortised, is cheaper on the hot path than waking a pool thread for it.
        .executor(Runnable::run)
        .build();
    this.lastSweepNanos = new java.util.concurrent.atomic.AtomicLong(ticker.read());
    String realm = config.get(RequestSettings.REALM);
    this.missingToken = ValidationResult.invalid(AuthenticationError.missingToken(realm));
    this.malformedToken = ValidationResult.invalid(
        AuthenticationError.invalidToken(realm, "The access token is malformed"));
    this.inactiveToken = ValidationResult.invalid(
        AuthenticationError.invalidToken(realm, "The access token is invalid or expired"));
    this.conflict = ValidationResult.invalid(AuthenticationError.conflict());
    this.closedResult = ValidationResult.invalid(AuthenticationError.unavailable(config.get(ResilienceSettings.FAILURE_BACKOFF),
        "The validator is closed"));
    if (introspector != null) {
      LOG.info("Token validator ready: introspection at {} ({}), client '{}'{}", config.introspectionEndpoint(),
          config.clientAuthentication().settingValue(), config.get(IntrospectionSettings.CLIENT_ID),
          config.tokenEndpoint() != null && resolverUsesOwnToken() ? ", own token from " + config.tokenEndpoint() : "");
    }
    if (keys != null) {
      LOG.info("Token validator ready: {}JWTs of {} verified locally, keys from {}",
          format == TokenFormat.AUTO ? "JWT-shaped tokens are " : "", config.get(JwtSettings.ISSUER),
          config.get(JwtSettings.JWKS_URI) != null ? config.get(JwtSettings.JWKS_URI) : "the issuer's metadata");
    }
  }

  private boolean resolverUsesOwnToken() {
    return config.clientAuthentication() == ClientAuthentication.MOBILEFIRST_BEARER;
  }

  /**
   * With {@code eager-start}, checks the credentials now and waits for the answer, at most the request
   * deadline: the own token is fetched (MobileFirst), or a made-up token introspected (RFC 7662). Returns
   * normally when that worked or the server could not be reached (logged: the validator keeps trying on
   * demand); throws naming {@code client-id} when the server refused the validator's settings.
   */
  public void startIfEager() {
    if (!config.get(ResilienceSettings.EAGER_START)) {
      return;
    }
    if (keys != null) {
      awaitAtStart(keys.prefetch(), "the signing keys could not be fetched", config.get(JwtSettings.JWKS_URI) != null ? "jwks-uri" : "issuer",
          "was not confirmed at start: ", null);
    }
    if (introspector != null && awaitAtStart(introspector.start(), "the authorization server could not be reached", "client-id",
        "was refused at start: ", authServerHealth)) {
      authServerHealth.succeeded();
      LOG.info("Eager start: the authorization server accepted client '{}'", config.get(IntrospectionSettings.CLIENT_ID));
    }
  }

  /**
   * Waits at most the request deadline for {@code start}: true when it succeeded; false, logged as
   * {@code failed}, when its server could not be reached; throws naming {@code key} when the server refused
   * the settings.
   */
  private boolean awaitAtStart(CompletableFuture<?> start, String failed, String key, String refused,
      UpstreamHealth health) {
    try {
      start.get(deadlineMillis, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException e) {
      AuthServerException cause = AuthServerException.from(e.getCause());
      if (health != null) {
        health.failed(cause);
      }
      if (cause.isMisconfiguration()) {
        throw new io.github.tokenvalidator.InvalidConfigurationException(key, refused + cause.getMessage());
      }
      LOG.warn("Eager start: {} ({}); carrying on, retrying on demand", failed, cause.getMessage());
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("Eager start: {} (no answer within {} ms); carrying on, retrying on demand", failed,
          deadlineMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Eager start interrupted; carrying on, retrying on demand");
    }
    return false;
  }

  /** How many answers the cache holds now, dead ones not yet swept included; for tests. */
  public long cachedEntries() {
    return cache == null ? 0 : cache.estimatedSize();
  }

  /**
   * The health view: the worse of every upstream's state.
   *
   * @return the current health
   */
  public Health health() {
    Health health = authServerHealth.health();
    return keys == null ? health : health.worse(keys.health());
  }

  /**
   * The answer for one {@code Authorization} value, blocking while the token is resolved.
   *
   * @param header the {@code Authorization} value, or null
   * @param required the scope the resource requires
   * @return the answer
   */
  public ValidationResult validate(String header, Scope required) {
    Object answer = answerAtOnce(header, required);
    return answer instanceof ValidationResult ? (ValidationResult) answer : ((Miss) answer).resolve().join();
  }

  /**
   * As {@link #validate(String, Scope)}, without blocking.
   *
   * @param header the {@code Authorization} value, or null
   * @param required the scope the resource requires
   * @return a future of the answer, never completed exceptionally by a client or a server
   */
  public CompletableFuture<ValidationResult> validateAsync(String header, Scope required) {
    Object answer = answerAtOnce(header, required);
    return answer instanceof ValidationResult ? CompletableFuture.completedFuture((ValidationResult) answer)
        : ((Miss) answer).resolve();
  }

  /**
   * The answer when it is known without a call (a malformed header, a cached answer), else the {@link Miss}
   * to resolve. The hot path: one digest, one lookup, one clock and one ticker read, no allocation but the
   * key and the header's bytes.
   */
  private Object answerAtOnce(String header, Scope required) {
    if (closed) {
      return rejected(closedResult);
    }
    long located = BearerHeader.locate(header, config.get(RequestSettings.MAX_TOKEN_LENGTH));
    if (located < 0) {
      return rejected(located == BearerHeader.MISSING ? missingToken : malformedToken);
    }
    int start = BearerHeader.start(located);
    int end = BearerHeader.end(located);
    TokenKey key = TokenKey.of(header, start, end);
    CachedAnswer cached = cache == null ? null : cache.getIfPresent(key);
    long nanos = cached == null ? 0 : ticker.read();
    if (cached != null && !cached.isKeptAt(nanos)) {
      cache.asMap().remove(key, cached); // dead: as if it were not there
      cached = null;
    }
    if (cached != null) {
      if (!cached.isUsableAt(clock.millis())) {
        // Inactive, or past its exp: known without asking, also while the server is down.
        listener.cacheHit();
        return rejected(inactiveToken);
      }
      if (cached.isFreshAt(nanos)) {
        listener.cacheHit();
        return cached.info.scope().covers(required) ? cached.validResult
            : rejected(ValidationResult.invalid(AuthenticationError.insufficientScope(config.get(RequestSettings.REALM), required)));
      }
    } else if (!BearerHeader.isB64Token(header, start, end)) {
      // Only grammatical tokens are ever cached, so the grammar is checked on a miss alone.
      return rejected(malformedToken);
    }
    listener.cacheMiss();
    // A cached answer past its freshness is kept for stale-if-error.
    return new Miss(key, header.substring(start, end), cached, required);
  }

  /** A token the cache could not answer for, with what resolving it needs. */
  private final class Miss {
    final TokenKey key;
    final String token;
    final CachedAnswer stale;
    final Scope required;

    Miss(TokenKey key, String token, CachedAnswer stale, Scope required) {
      this.key = key;
      this.token = token;
      this.stale = stale;
      this.required = required;
    }

    CompletableFuture<ValidationResult> resolve() {
      return resolveThenDecide(key, token, stale, required);
    }
  }

  /**
   * Tells the listener of a refusal decided before the token was looked at (by {@link RequestPolicy}).
   *
   * @param refusal the policy's answer
   * @return {@code refusal}
   */
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
      AuthServerException cause = AuthServerException.from(failure);
      if (stale != null && config.get(CacheSettings.STALE_IF_ERROR) && stale.isKeptAt(ticker.read()) && stale.info.isUsableAt(now)) {
        listener.staleAnswerServed();
        LOG.debug("Serving the cached answer for token {} while the authorization server fails", key.shortId());
        return decide(stale.info, stale.validResult, required, now);
      }
      Duration retryAfter = cause.retryAfter() != null ? cause.retryAfter() : gate.retryAfter();
      return rejected(ValidationResult.invalid(AuthenticationError.unavailable(retryAfter,
          "The authorization server is unavailable")));
    });
  }

  /** The resolution of {@code key}: one call to the server however many callers ask at once. */
  private CompletableFuture<TokenResolver.Resolution> shared(TokenKey key, String token) {
    CompletableFuture<TokenResolver.Resolution> promise = new CompletableFuture<>();
    CompletableFuture<TokenResolver.Resolution> running = inFlight.putIfAbsent(key, promise);
    if (running != null) {
      listener.cacheCoalesced();
      return running;
    }
    // The previous owner may have cached its answer between our cache miss and our putIfAbsent.
    CachedAnswer cached = cache == null ? null : cache.getIfPresent(key);
    if (cached != null && cached.isFreshAt(ticker.read())) {
      inFlight.remove(key, promise);
      promise.complete(TokenResolver.Resolution.of(cached.info));
      return promise;
    }
    if (closed) {
      return fail(key, promise, AuthServerException.local("the validator is closed"));
    }
    // A local JWT's key server has its own back-off: introspection's gate neither stops nor counts it.
    boolean gated = resolver.sharesFailureGate(token);
    if (gated && !gate.tryPass()) {
      return fail(key, promise, failingFast());
    }
    CompletableFuture<TokenResolver.Resolution> call;
    try {
      call = limiter.submit(() -> resolver.resolve(token),
          // Asked again when a queued call is about to start: the gate may have opened while it waited.
          () -> gated && gate.isFailingFast() ? failingFast() : null);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    // Completing the call's future at the deadline also drops it from the limiter's queue if it has not
    // started. The deadline runs on the client's timer and completes on the library's executor.
    CompletableFuture<TokenResolver.Resolution> started = call;
    // A call that answered at once (a JWT verified locally with a known key) needs no deadline.
    java.util.concurrent.ScheduledFuture<?> deadline = call.isDone() ? null : client.schedule(
        () -> started.completeExceptionally(new AuthServerException("no answer within " + deadlineMillis + " ms",
            true)), deadlineMillis);
    call.whenComplete((resolution, failure) -> {
      if (deadline != null) {
        deadline.cancel(false);
      }
      finish(key, promise, gated, resolution, failure);
    });
    return promise;
  }

  private AuthServerException failingFast() {
    return AuthServerException.local("failing fast: the authorization server is down", gate.retryAfter());
  }

  /** {@code gated}: the call was introspection, whose outcome the gate and the server's health record. */
  private void finish(TokenKey key, CompletableFuture<TokenResolver.Resolution> promise, boolean gated,
      TokenResolver.Resolution resolution, Throwable failure) {
    Throwable outcome = failure;
    try {
      if (failure == null) {
        settle(key, resolution, gated);
      } else if (!gated) {
        // The key source logged and recorded a key-server failure itself.
        AuthServerException cause = AuthServerException.from(failure);
        outcome = cause;
        LOG.debug("Local JWT validation could not finish: {}; answering 503", cause.getMessage());
      } else {
        AuthServerException cause = AuthServerException.from(failure);
        outcome = cause;
        authServerHealth.failed(cause);
        // Only an unwell server opens the gate: a 4xx about one token must not lock everyone out.
        if (cause.isServerFault() && gate.failed()) {
          LOG.warn("The authorization server failed {} times in a row; failing fast for {}",
              config.get(ResilienceSettings.FAILURE_THRESHOLD), config.get(ResilienceSettings.FAILURE_BACKOFF));
          listener.failingFast(AUTHORIZATION_SERVER, true);
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
  }

  private void settle(TokenKey key, TokenResolver.Resolution resolution, boolean gated) {
    if (gated) {
      authServerHealth.succeeded();
      if (gate.succeeded()) {
        LOG.info("The authorization server answers again");
        listener.failingFast(AUTHORIZATION_SERVER, false);
      }
      lastLoggedFailure.set(null);
    }
    if (!resolution.isConflict() && resolution.cacheable && !closed) {
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
    if (cause.kind() == AuthServerException.Kind.LOCAL) {
      LOG.debug("Introspection not attempted: {}", cause.getMessage());
      return;
    }
    String message = cause.getMessage();
    if (message.equals(lastLoggedFailure.getAndSet(message))) {
      LOG.debug("Introspection failed again: {}", message, cause.getCause());
    } else if (cause.isServerFault()) {
      LOG.warn("Introspection failed: {}; answering 503", message);
      LOG.debug("Cause of the failure", cause.getCause());
    } else {
      LOG.error("Introspection failed: {}; answering 503 until the configuration is fixed", message);
    }
  }

  private void remember(TokenKey key, TokenInfo info) {
    if (cache == null) {
      return;
    }
    Instant now = clock.instant();
    long freshFor;
    long keepFor;
    if (info.isUsableAt(now)) {
      Instant exp = info.expiresAt();
      long untilExp = exp == null ? Long.MAX_VALUE : nanosBetween(now, exp);
      freshFor = Math.min(maxTtlNanos, untilExp);
      keepFor = config.get(CacheSettings.STALE_IF_ERROR) && exp != null ? untilExp : freshFor;
      if (exp != null) {
        // Past its exp the entry answers 401 at once, without a call, for the negative TTL.
        keepFor = saturatedAdd(keepFor, negativeTtlNanos);
      }
    } else {
      if (negativeTtlNanos == 0) {
        // An older active answer must not survive to be served stale: the token is no longer usable.
        cache.invalidate(key);
        return;
      }
      freshFor = negativeTtlNanos;
      keepFor = negativeTtlNanos;
    }
    long nowNanos = ticker.read();
    keepFor = Math.min(keepFor, MAX_CACHE_LIFETIME_NANOS);
    cache.put(key, new CachedAnswer(info, nowNanos + Math.min(freshFor, keepFor), nowNanos + keepFor));
    sweepIfDue(nowNanos);
  }

  /**
   * Drops the entries past their deadline, at most once a minute, off the caller's thread. Run from the
   * miss path only: with no new answers there is nothing to make room for, and no timer while idle.
   */
  private void sweepIfDue(long nowNanos) {
    long last = lastSweepNanos.get();
    if (nowNanos - last < SWEEP_INTERVAL_NANOS || !lastSweepNanos.compareAndSet(last, nowNanos)) {
      return;
    }
    client.schedule(() -> {
      long now = ticker.read();
      cache.asMap().values().removeIf(answer -> !answer.isKeptAt(now));
    }, 0);
  }

  /** Nanoseconds from {@code from} to {@code to}, 0 if {@code to} is not after it, saturated at Long.MAX_VALUE. */
  private static long nanosBetween(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return 0;
    }
    Duration between = Duration.between(from, to);
    return between.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE : between.toNanos();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private ValidationResult decide(TokenInfo info, ValidationResult cachedValid, Scope required, Instant now) {
    if (!info.isUsableAt(now)) {
      return rejected(inactiveToken);
    }
    if (!info.scope().covers(required)) {
      return rejected(ValidationResult.invalid(AuthenticationError.insufficientScope(config.get(RequestSettings.REALM), required)));
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
    limiter.close();
    for (CompletableFuture<TokenResolver.Resolution> running : inFlight.values()) {
      running.completeExceptionally(AuthServerException.local("the validator is closed"));
    }
    inFlight.clear();
    if (cache != null) {
      cache.invalidateAll();
    }
    client.close();
  }

  /**
   * A cached answer: trusted until {@code freshUntilNanos}, kept (for stale-if-error, and past its exp as
   * a refusal) until {@code evictAtNanos}; both are ticker readings.
   */
  static final class CachedAnswer {
    final TokenInfo info;
    final ValidationResult validResult;
    final long freshUntilNanos;
    final long evictAtNanos;
    /** The token's exp and nbf in epoch milliseconds (MAX / MIN when absent), for a hit without an Instant. */
    private final long expMillis;
    private final long nbfMillis;

    CachedAnswer(TokenInfo info, long freshUntilNanos, long evictAtNanos) {
      this.info = info;
      this.validResult = info.isActive() ? ValidationResult.valid(info) : null;
      this.freshUntilNanos = freshUntilNanos;
      this.evictAtNanos = evictAtNanos;
      this.expMillis = info.expiresAt() == null ? Long.MAX_VALUE : floorMillis(info.expiresAt());
      this.nbfMillis = info.notBefore() == null ? Long.MIN_VALUE : ceilMillis(info.notBefore());
    }

    boolean isFreshAt(long nanos) {
      return nanos - freshUntilNanos < 0;
    }

    /** Whether the entry may still be used at all: for stale-if-error, or as a refusal past its exp. */
    boolean isKeptAt(long nanos) {
      return nanos - evictAtNanos < 0;
    }

    /** As {@link TokenInfo#isUsableAt}, at {@code nowMillis}. */
    boolean isUsableAt(long nowMillis) {
      return validResult != null && nowMillis < expMillis && nowMillis >= nbfMillis;
    }

    /**
     * Whole milliseconds, rounded down for {@code exp} and up for {@code nbf}: a sub-millisecond bound
     * then ends the token up to a millisecond early or starts it up to one late, never the other way round.
     */
    private static long floorMillis(Instant instant) {
      long seconds = instant.getEpochSecond();
      if (seconds >= Long.MAX_VALUE / 1000) {
        return Long.MAX_VALUE;
      }
      if (seconds <= Long.MIN_VALUE / 1000) {
        return Long.MIN_VALUE;
      }
      return seconds * 1000 + instant.getNano() / 1_000_000;
    }

    private static long ceilMillis(Instant instant) {
      long floor = floorMillis(instant);
      return instant.getNano() % 1_000_000 != 0 && floor != Long.MAX_VALUE ? floor + 1 : floor;
    }
  }

  /**
   * Shields the pipeline from a listener that throws. Each event calls the delegate directly, with no
   * lambda per call: with a listener set, events cost a virtual call; without one, the engine uses
   * {@link ValidationListener#NONE} and they cost nothing.
   */
  private static final class SafeListener implements ValidationListener {
    private final ValidationListener delegate;

    SafeListener(ValidationListener delegate) {
      this.delegate = delegate;
    }

    private static void ignored(RuntimeException e) {
      LOG.warn("ValidationListener threw {}; ignored", e.getClass().getName());
      LOG.debug("The listener's exception", e);
    }

    @Override
    public void cacheHit() {
      try {
        delegate.cacheHit();
      } catch (RuntimeException e) {
        ignored(e);
      }
    }

    @Override
    public void cacheMiss() {
      try {
        delegate.cacheMiss();
      } catch (RuntimeException e) {
        ignored(e);
      }
    }

    @Override
    public void cacheCoalesced() {
      try {
        delegate.cacheCoalesced();
      } catch (RuntimeException e) {
        ignored(e);
      }
    }

    @Override
    public void introspectionStarted() {
      try {
        delegate.introspectionStarted();
      } catch (RuntimeException e) {
        ignored(e);
      }
    }

    @Override
    public void introspection(IntrospectionOutcome outcome, Duration latency) {
      try {
        delegate.introspection(outcome, latency);
      } catch (RuntimeException e) {
        ignored(e);
      }
    }

    @Override
    public void staleAnswerServed() {
      try {
        delegate.staleAnswerServed();
      } catch (RuntimeException e) {
        ignored(e);
      }
    }

    @Override
    public void ownTokenRenewal(boolean success, Duration latency) {
      try {
        delegate.ownTokenRenewal(success, latency);
      } catch (RuntimeException e) {
        ignored(e);
      }
    }

    @Override
    public void keyFetch(boolean success, Duration latency) {
      try {
        delegate.keyFetch(success, latency);
      } catch (RuntimeException e) {
        ignored(e);
      }
    }

    @Override
    public void failingFast(String upstream, boolean failing) {
      try {
        delegate.failingFast(upstream, failing);
      } catch (RuntimeException e) {
        ignored(e);
      }
    }

    @Override
    public void rejected(AuthenticationError.Kind kind) {
      try {
        delegate.rejected(kind);
      } catch (RuntimeException e) {
        ignored(e);
      }
    }
  }
}
