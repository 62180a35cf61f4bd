package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.internal.cache.AnswerCache;
import io.github.tokenvalidator.internal.cache.CachedAnswer;
import io.github.tokenvalidator.internal.cache.Revocations;
import io.github.tokenvalidator.internal.cache.SharedAnswers;
import io.github.tokenvalidator.internal.cache.TokenKey;
import io.github.tokenvalidator.internal.config.CacheSettings;
import io.github.tokenvalidator.internal.config.IntrospectionSettings;
import io.github.tokenvalidator.internal.config.JwtSettings;
import io.github.tokenvalidator.internal.config.RequestSettings;
import io.github.tokenvalidator.internal.config.ResilienceSettings;
import io.github.tokenvalidator.internal.config.SharedCacheSettings;
import io.github.tokenvalidator.internal.config.TransportSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.decision.TokenDecision;
import io.github.tokenvalidator.internal.introspection.RemoteIntrospector;
import io.github.tokenvalidator.internal.jwt.JwksSource;
import io.github.tokenvalidator.internal.request.BearerHeader;
import io.github.tokenvalidator.internal.resilience.IntrospectionLimiter;
import io.github.tokenvalidator.internal.resilience.SingleFlight;
import io.github.tokenvalidator.internal.resilience.UpstreamHealth;
import io.github.tokenvalidator.internal.transport.AuthServerClient;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import io.github.tokenvalidator.spi.Invalidation;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validation pipeline: parse the header, look the token's digest up in the cache, resolve a miss once
 * however many callers want it, decide. Its parts are named: the {@link AnswerCache}, the
 * {@link SingleFlight} with the {@link IntrospectionBackoff}, the {@link TokenDecision}, the resolvers.
 * Thread-safe.
 */
public final class ValidationEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ValidationEngine.class);
  /** Longest wait for the shared store on a miss: a slow store must cost little more than a miss. */
  private static final Duration SHARED_READ_BOUND = Duration.ofMillis(250);

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
  private final TokenDecision decision;
  private final AnswerCache cache;
  /** The store a fleet shares, behind the cache; null without one. */
  private final SharedAnswers shared;
  /** What this instance was told to stop trusting, by any instance of the fleet. */
  private final Revocations revocations;
  private final SingleFlight<TokenKey, TokenResolver.Resolution> flights;
  private final IntrospectionLimiter limiter;
  private final UpstreamHealth authServerHealth = new UpstreamHealth();
  private final IntrospectionBackoff introspectionBackoff;
  private final long deadlineMillis;
  private final String realm;
  private final int maxTokenLength;
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
        : new GuardedListener(config.listener());
    this.client = new AuthServerClient(config);
    this.flights = new SingleFlight<>(listener::cacheCoalesced);
    TokenFormat format = config.get(JwtSettings.TOKEN_FORMAT);
    this.introspector = format == TokenFormat.JWT ? null
        : new RemoteIntrospector(client, config, listener, authServerHealth);
    this.keys = format == TokenFormat.OPAQUE ? null : TokenResolvers.keySource(config, client, listener);
    this.resolver = TokenResolvers.choose(config, introspector, keys);
    this.decision = new TokenDecision(config.get(JwtSettings.CLOCK_SKEW), config.get(JwtSettings.AUDIENCE));
    this.cache = new AnswerCache(config, decision.time(), task -> client.schedule(task, 0));
    this.shared = config.sharedStore() == null ? null : new SharedAnswers(config.sharedStore(), issuerIdentity(config),
        String.join(",", config.get(JwtSettings.AUDIENCE)), SHARED_READ_BOUND.compareTo(
            config.get(TransportSettings.REQUEST_TIMEOUT)) < 0 ? SHARED_READ_BOUND
            : config.get(TransportSettings.REQUEST_TIMEOUT), client::schedule, listener);
    this.revocations = new Revocations(cache, issuerIdentity(config));
    if (shared != null) {
      shared.subscribe(revocations::apply);
    }
    int maxConcurrent = config.get(ResilienceSettings.MAX_CONCURRENT_INTROSPECTIONS);
    this.limiter = new IntrospectionLimiter(maxConcurrent, Math.max(1000, maxConcurrent * 16), client.executor());
    this.introspectionBackoff = new IntrospectionBackoff(config, ticker, listener, authServerHealth);
    // Own-token renewal, introspection and one retry each get the request timeout; this bounds the whole.
    this.deadlineMillis = config.get(TransportSettings.REQUEST_TIMEOUT).multipliedBy(3)
        .plus(config.get(TransportSettings.CONNECT_TIMEOUT)).toMillis();
    this.realm = config.get(RequestSettings.REALM);
    this.maxTokenLength = config.get(RequestSettings.MAX_TOKEN_LENGTH);
    this.missingToken = ValidationResult.invalid(AuthenticationError.missingToken(realm));
    this.malformedToken = ValidationResult.invalid(
        AuthenticationError.invalidToken(realm, "The access token is malformed"));
    this.inactiveToken = ValidationResult.invalid(
        AuthenticationError.invalidToken(realm, "The access token is invalid or expired"));
    this.conflict = ValidationResult.invalid(AuthenticationError.conflict());
    this.closedResult = ValidationResult.invalid(AuthenticationError.unavailable(
        config.get(ResilienceSettings.FAILURE_BACKOFF), "The validator is closed"));
  }

  /**
   * With {@code eager-start}, checks the credentials and keys now (see {@link EagerStart}); then says, once,
   * that the validator is ready. Throws naming the setting when a server refused the settings.
   */
  public void startIfEager() {
    if (config.get(ResilienceSettings.EAGER_START)) {
      new EagerStart(config, deadlineMillis).run(keys, introspector, authServerHealth);
    }
    logReady();
  }

  private void logReady() {
    if (introspector != null) {
      boolean ownToken = config.clientAuthentication() == ClientAuthentication.MOBILEFIRST_BEARER;
      LOG.info("Token validator ready: introspection at {} ({}), client '{}'{}", config.introspectionEndpoint(),
          config.clientAuthentication().settingValue(), config.get(IntrospectionSettings.CLIENT_ID),
          ownToken ? ", own token from " + config.tokenEndpoint() : "");
    }
    if (keys != null) {
      LOG.info("Token validator ready: {}JWTs of {} verified locally, keys from {}",
          config.get(JwtSettings.TOKEN_FORMAT) == TokenFormat.AUTO ? "JWT-shaped tokens are " : "",
          config.get(JwtSettings.ISSUER), config.get(JwtSettings.JWKS_URI) != null
              ? config.get(JwtSettings.JWKS_URI) : "the issuer's metadata");
    }
  }

  /** How many answers the cache holds now, dead ones not yet swept included; for tests. */
  long cachedEntries() {
    return cache.size();
  }

  /**
   * The health view: the worse of every upstream's state.
   *
   * @return the current health
   */
  public Health health() {
    Health health = authServerHealth.health();
    health = keys == null ? health : health.worse(keys.health());
    return shared == null ? health : health.worse(shared.health());
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
    long located = BearerHeader.locate(header, maxTokenLength);
    if (located < 0) {
      return rejected(located == BearerHeader.MISSING ? missingToken : malformedToken);
    }
    int start = BearerHeader.start(located);
    int end = BearerHeader.end(located);
    TokenKey key = TokenKey.of(header, start, end);
    long nanos = ticker.read();
    CachedAnswer cached = cache.lookup(key, nanos);
    if (cached != null) {
      if (!cached.isUsableAt(clock.millis())) {
        // Inactive, or past its exp: known without asking, also while the server is down.
        listener.cacheHit();
        return rejected(inactiveToken);
      }
      if (cached.isFreshAt(nanos)) {
        listener.cacheHit();
        if (revocations.any() && revocations.refuses(cached.info())) {
          return rejected(inactiveToken);
        }
        return cached.info().scope().covers(required) ? cached.validResult() : insufficientScope(required);
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
      return resolveThenDecide(this);
    }
  }

  /**
   * Tells the listener of a refusal decided before the token was looked at (by the request policy).
   *
   * @param refusal the policy's answer
   * @return {@code refusal}
   */
  public ValidationResult rejectedRequest(ValidationResult refusal) {
    return rejected(refusal);
  }

  private CompletableFuture<ValidationResult> resolveThenDecide(Miss miss) {
    return shared(miss.key, miss.token).handle((resolution, failure) -> {
      long now = clock.millis();
      if (failure == null) {
        return resolution.isConflict() ? rejected(conflict) : decide(miss.key, resolution.info, null, miss.required, now);
      }
      AuthServerException cause = AuthServerException.from(failure);
      CachedAnswer stale = miss.stale;
      if (stale != null && config.get(CacheSettings.STALE_IF_ERROR) && stale.isKeptAt(ticker.read())
          && stale.isUsableAt(now)) {
        listener.staleAnswerServed();
        LOG.debug("Serving the cached answer for token {} while the authorization server fails", miss.key.shortId());
        return decide(miss.key, stale.info(), stale.validResult(), miss.required, now);
      }
      java.time.Duration retryAfter = cause.retryAfter() != null ? cause.retryAfter()
          : introspectionBackoff.retryAfter();
      return rejected(ValidationResult.invalid(AuthenticationError.unavailable(retryAfter,
          "The authorization server is unavailable")));
    });
  }

  /** The resolution of {@code key}: one call to the server however many callers ask at once. */
  private CompletableFuture<TokenResolver.Resolution> shared(TokenKey key, String token) {
    TokenResolver.Route route = resolver.route(token);
    return flights.call(key, () -> known(key),
        // A local JWT's key server has its own back-off: introspection's gate neither stops nor counts it.
        route.gated ? introspectionBackoff : IntrospectionBackoff.LOCAL,
        () -> start(key, route), () -> CompletableFuture.failedFuture(introspectionBackoff.failingFast()));
  }

  /** The answer the previous call for {@code key} may have cached between our miss and our registration. */
  private TokenResolver.Resolution known(TokenKey key) {
    TokenInfo info = cache.fresh(key);
    return info == null ? null : TokenResolver.Resolution.of(info);
  }

  /** Who answers for tokens in the shared store's keys: the JWT issuer, else the introspection endpoint. */
  private static String issuerIdentity(ValidatorConfig config) {
    String issuer = config.get(JwtSettings.ISSUER);
    return issuer != null ? issuer : String.valueOf(config.introspectionEndpoint());
  }

  private CompletableFuture<TokenResolver.Resolution> start(TokenKey key, TokenResolver.Route route) {
    if (closed) {
      return CompletableFuture.failedFuture(AuthServerException.local("the validator is closed"));
    }
    if (shared == null) {
      return resolve(key, route);
    }
    // The reading instance's clock decides: an answer another instance shared may have expired since. An
    // inactive one is shared only when shared-cache.negative-ttl says so, and is used as it is.
    return shared.find(key, found -> !found.isActive() || refusal(key, found, clock.millis(), false) == null,
        config.get(TransportSettings.REQUEST_TIMEOUT)).thenCompose(found -> {
          if (found != null) {
            cache.remember(key, found, found.isActive());
            return CompletableFuture.completedFuture(TokenResolver.Resolution.of(found));
          }
          CompletableFuture<TokenResolver.Resolution> resolved = resolve(key, route);
          resolved.whenComplete((resolution, failure) -> shared.release(key));
          return resolved;
        });
  }

  private CompletableFuture<TokenResolver.Resolution> resolve(TokenKey key, TokenResolver.Route route) {
    CompletableFuture<TokenResolver.Resolution> call = limiter.submit(route.call,
        // Asked again when a queued call is about to start: the gate may have opened while it waited.
        () -> route.gated && introspectionBackoff.isFailingFast() ? introspectionBackoff.failingFast() : null);
    // Completing the call's future at the deadline also drops it from the limiter's queue if it has not
    // started. The deadline runs on the client's timer and completes on the library's executor. A call that
    // answered at once (a JWT verified locally with a known key) needs no deadline.
    ScheduledFuture<?> deadline = call.isDone() ? null : client.schedule(
        () -> call.completeExceptionally(new AuthServerException("no answer within " + deadlineMillis + " ms",
            true)), deadlineMillis);
    if (deadline != null) {
      call.whenComplete((resolution, failure) -> deadline.cancel(false)); // whatever the outcome
    }
    return call.thenApply(resolution -> {
      if (!resolution.isConflict() && resolution.cacheable && !closed) {
        boolean usable = refusal(key, resolution.info, clock.millis(), false) == null;
        cache.remember(key, resolution.info, usable);
        if (usable && shared != null) {
          shared.share(key, resolution.info, cache.sharedTimeToLive(resolution.info));
        } else if (shared != null && !resolution.info.isActive()) {
          shared.share(key, resolution.info, config.get(SharedCacheSettings.NEGATIVE_TTL));
        }
      }
      return resolution;
    });
  }

  /** Why the decision refuses {@code info} now, logged at DEBUG (the token named by its digest prefix) if asked. */
  private String refusal(TokenKey key, TokenInfo info, long now, boolean log) {
    String refusal = decision.refusal(info, now);
    if (refusal == null && revocations.refuses(info)) {
      refusal = "revoked: issued before a revocation of its subject or client";
    }
    if (refusal != null && log) {
      LOG.debug("Token {} refused: {}", key.shortId(), refusal);
    }
    return refusal;
  }

  private ValidationResult decide(TokenKey key, TokenInfo info, ValidationResult cachedValid, Scope required,
      long now) {
    if (refusal(key, info, now, true) != null) {
      return rejected(inactiveToken);
    }
    if (!info.scope().covers(required)) {
      return insufficientScope(required);
    }
    return cachedValid != null ? cachedValid : ValidationResult.valid(info);
  }

  /**
   * Drops what {@code invalidation} names on this instance now and, with a shared store, on every instance.
   *
   * @param invalidation what to stop trusting
   * @return a future completing when every instance has been told (at once without a shared store); failed
   *     when the shared store could not be told (this instance has dropped it all the same)
   */
  public CompletableFuture<Void> revoke(Invalidation invalidation) {
    revocations.apply(invalidation);
    return shared == null ? CompletableFuture.completedFuture(null) : shared.publish(invalidation);
  }

  /**
   * The invalidation of one token of this validator's issuer.
   *
   * @param token the token
   * @return the invalidation
   */
  public Invalidation tokenInvalidation(String token) {
    TokenKey key = TokenKey.of(token, 0, token.length());
    return Invalidation.ofToken(io.github.tokenvalidator.spi.StoreKey.of(io.github.tokenvalidator.spi.StoreKey.Kind.ANSWER,
        revocations.issuer(), String.join(",", config.get(JwtSettings.AUDIENCE)), key.digest()));
  }

  /** {@return this validator's issuer, as invalidations name it} */
  public String issuer() {
    return revocations.issuer();
  }

  private ValidationResult insufficientScope(Scope required) {
    return rejected(ValidationResult.invalid(AuthenticationError.insufficientScope(realm, required)));
  }

  private ValidationResult rejected(ValidationResult result) {
    listener.rejected(result.error().kind());
    return result;
  }

  @Override
  public void close() {
    closed = true;
    limiter.close();
    flights.abandonAll(AuthServerException.local("the validator is closed"));
    cache.clear();
    if (shared != null) {
      shared.close();
    }
    client.close();
  }
}
