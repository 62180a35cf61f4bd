package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.internal.cache.AnswerCache;
import io.github.tokenvalidator.internal.cache.CachedAnswer;
import io.github.tokenvalidator.internal.cache.Revocations;
import io.github.tokenvalidator.internal.cache.SharedAnswers;
import io.github.tokenvalidator.internal.cache.TokenKey;
import io.github.tokenvalidator.internal.config.CacheSettings;
import io.github.tokenvalidator.internal.config.RequestSettings;
import io.github.tokenvalidator.internal.config.ResilienceSettings;
import io.github.tokenvalidator.internal.config.SharedCacheSettings;
import io.github.tokenvalidator.internal.config.TransportSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.decision.TokenDecision;
import io.github.tokenvalidator.internal.request.BearerHeader;
import io.github.tokenvalidator.internal.resilience.SingleFlight;
import io.github.tokenvalidator.internal.transport.AuthServerClient;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import io.github.tokenvalidator.spi.Invalidation;
import io.github.tokenvalidator.spi.StoreKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validation pipeline: parse the header, find the token's issuer ({@link IssuerRouter}), look the
 * token's digest up in the cache, resolve a miss once however many callers want it, decide. Its parts are
 * named: the {@link AnswerCache} and the {@link SingleFlight}, shared and keyed by issuer; per configured
 * issuer an {@link IssuerUnit} (resolvers, {@link IntrospectionBackoff}, limiter, health, the
 * {@link TokenDecision}'s audience). Thread-safe.
 */
public final class ValidationEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ValidationEngine.class);
  /** Longest wait for the shared store on a miss: a slow store must cost little more than a miss. */
  private static final Duration SHARED_READ_BOUND = Duration.ofMillis(250);
  private static final String BEARER = "bearer";

  private final ValidatorConfig config;
  private final Clock clock;
  private final Ticker ticker;
  private final ValidationListener listener;
  private final AuthServerClient client;
  private final AnswerCache cache;
  private final SingleFlight<TokenKey, TokenResolver.Resolution> flights;
  /** One per configured issuer, the default issuer's first. */
  private final IssuerUnit[] units;
  /** What this instance was told to stop trusting, by any instance of the fleet. */
  private final Revocations revocations;
  private final IssuerRouter router;
  /** With one issuer, every token is its: the cache is looked up before routing, which a miss alone needs. */
  private final boolean oneIssuer;
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
    Duration sharedReadBound = SHARED_READ_BOUND.compareTo(config.get(TransportSettings.REQUEST_TIMEOUT)) < 0
        ? SHARED_READ_BOUND : config.get(TransportSettings.REQUEST_TIMEOUT);
    List<ValidatorConfig> issuers = config.issuers();
    this.units = new IssuerUnit[issuers.size()];
    Map<String, int[]> sharedTags = new HashMap<>();
    for (int i = 0; i < units.length; i++) {
      units[i] = new IssuerUnit(i, issuers.get(i), client, listener.forIssuer(issuers.get(i).issuerName()),
          sharedReadBound);
      // the issuer's answers are under two keys with several issuers: verified by its keys, or introspected
      sharedTags.putIfAbsent(units[i].identity, units.length == 1 ? new int[] {0}
          : new int[] {i << 1, i << 1 | 1});
    }
    IssuerUnit[] each = units;
    this.flights = new SingleFlight<TokenKey, TokenResolver.Resolution>(
        key -> each[key.issuer() >> 1].listener.cacheCoalesced());
    this.router = new IssuerRouter(issuers);
    this.oneIssuer = units.length == 1;
    // the time rule is the validator's (clock-skew); each issuer's decision adds its own audience
    this.cache = new AnswerCache(config, units[0].decision.time(), task -> client.schedule(task, 0));
    this.revocations = new Revocations(cache, identity -> sharedTags.getOrDefault(identity, new int[0]));
    if (units[0].shared != null) {
      units[0].shared.subscribe(revocations::apply);
    }
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
    for (IssuerUnit unit : units) {
      unit.startIfEager(deadlineMillis);
    }
    for (IssuerUnit unit : units) {
      unit.logReady(!oneIssuer);
    }
  }

  /** {@return the route accepting every configured issuer, what the methods without a route use} */
  public IssuerRouter.Selection allIssuers() {
    return router.all();
  }

  /**
   * The route accepting the issuers {@code named}; see {@link IssuerRouter#select}.
   *
   * @param named issuer names
   * @return the route
   */
  public IssuerRouter.Selection route(List<String> named) {
    return router.select(named);
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
    Health health = units[0].health();
    for (int i = 1; i < units.length; i++) {
      health = health.worse(units[i].health());
    }
    return health;
  }

  /**
   * The health view of each configured issuer: one issuer DOWN does not refuse another's tokens.
   *
   * @return each issuer's health by name, the default issuer's first
   */
  public Map<String, Health> healthByIssuer() {
    Map<String, Health> each = new LinkedHashMap<>();
    for (IssuerUnit unit : units) {
      each.put(unit.name, unit.health());
    }
    return each;
  }

  /**
   * The answer for one {@code Authorization} value, blocking while the token is resolved.
   *
   * @param header the {@code Authorization} value, or null
   * @param required the scope the resource requires
   * @return the answer
   */
  public ValidationResult validate(String header, Scope required) {
    return validate(header, BEARER, required, router.all());
  }

  /**
   * As {@link #validate(String, Scope)}, accepting the issuers of {@code route} alone.
   *
   * @param header the {@code Authorization} value, or null
   * @param required the scope the resource requires
   * @param route the issuers the resource accepts, of this engine's router
   * @return the answer
   */
  public ValidationResult validate(String header, Scope required, IssuerRouter.Selection route) {
    return validate(header, BEARER, required, route);
  }

  /**
   * As {@link #validate(String, Scope, IssuerRouter.Selection)} for the token of another authorization
   * scheme: {@code dpop} for a DPoP-bound token, whose proof the caller has checked.
   *
   * @param header the {@code Authorization} value, or null
   * @param scheme the scheme, in lower case
   * @param required the scope the resource requires
   * @param route the issuers the resource accepts, of this engine's router
   * @return the answer
   */
  public ValidationResult validate(String header, String scheme, Scope required, IssuerRouter.Selection route) {
    Object answer = answerAtOnce(header, scheme, required, ours(route));
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
    return validateAsync(header, BEARER, required, router.all());
  }

  /**
   * As {@link #validateAsync(String, Scope)}, accepting the issuers of {@code route} alone.
   *
   * @param header the {@code Authorization} value, or null
   * @param required the scope the resource requires
   * @param route the issuers the resource accepts, of this engine's router
   * @return a future of the answer, never completed exceptionally by a client or a server
   */
  public CompletableFuture<ValidationResult> validateAsync(String header, Scope required,
      IssuerRouter.Selection route) {
    return validateAsync(header, BEARER, required, route);
  }

  /**
   * As {@link #validate(String, String, Scope, IssuerRouter.Selection)}, without blocking.
   *
   * @param header the {@code Authorization} value, or null
   * @param scheme the scheme, in lower case
   * @param required the scope the resource requires
   * @param route the issuers the resource accepts, of this engine's router
   * @return a future of the answer, never completed exceptionally by a client or a server
   */
  public CompletableFuture<ValidationResult> validateAsync(String header, String scheme, Scope required,
      IssuerRouter.Selection route) {
    Object answer = answerAtOnce(header, scheme, required, ours(route));
    return answer instanceof ValidationResult ? CompletableFuture.completedFuture((ValidationResult) answer)
        : ((Miss) answer).resolve();
  }

  private IssuerRouter.Selection ours(IssuerRouter.Selection route) {
    if (route.router != router) {
      throw new IllegalArgumentException("the route was made by another validator");
    }
    return route;
  }

  /**
   * The answer when it is known without a call (a malformed header, a cached answer, a token no issuer of the
   * route takes), else the {@link Miss} to resolve. The hot path: one digest, one lookup, one clock and one
   * ticker read, no allocation but the key and the header's bytes; with several issuers, the route first
   * (reading a JWT's {@code iss}), as the cache is keyed by issuer.
   */
  private Object answerAtOnce(String header, String scheme, Scope required, IssuerRouter.Selection route) {
    if (closed) {
      return rejected(closedResult);
    }
    long located = BearerHeader.locate(header, scheme, maxTokenLength);
    if (located < 0) {
      return rejected(located == BearerHeader.MISSING ? missingToken : malformedToken);
    }
    int start = BearerHeader.start(located);
    int end = BearerHeader.end(located);
    TokenKey digest = TokenKey.of(header, start, end);
    TokenKey key = digest;
    long nanos = ticker.read();
    CachedAnswer cached = null;
    int routed = -1; // not routed yet
    if (oneIssuer) {
      cached = cache.lookup(key, nanos); // with one issuer every cached answer is its own
    } else {
      // An answer under a key this route takes is this route's to give, with no need to read the token:
      // a JWT issuer's key holds only JWTs whose iss is that issuer's, an introspecting issuer's only tokens
      // routing sends to it (IssuerRouter.Selection.cacheTags).
      for (int tag : route.cacheTags) {
        TokenKey tagged = digest.withIssuer(tag);
        cached = cache.lookup(tagged, nanos);
        if (cached != null) {
          key = tagged;
          routed = tag;
          break;
        }
      }
    }
    if (cached != null) {
      ValidationListener events = units[oneIssuer ? 0 : routed >> 1].listener;
      if (!cached.isUsableAt(clock.millis())) {
        // Inactive, or past its exp: known without asking, also while the server is down.
        events.cacheHit();
        return rejected(events, inactiveToken);
      }
      if (cached.isFreshAt(nanos)) {
        events.cacheHit();
        if (revocations.any() && revocations.refuses(key.issuer() >> 1, cached.info())) {
          return rejected(events, inactiveToken);
        }
        return cached.info().scope().covers(required) ? cached.validResult() : insufficientScope(events, required);
      }
    } else if (!BearerHeader.isB64Token(header, start, end)) {
      // Only grammatical tokens are ever cached, so the grammar is checked on a miss alone.
      return rejected(malformedToken);
    }
    if (routed < 0) {
      routed = router.route(header, start, end, route);
      if (routed == IssuerRouter.REFUSED) {
        return rejected(inactiveToken); // no issuer of the route takes it: nothing to ask, nothing to cache
      }
      key = oneIssuer ? digest : digest.withIssuer(routed);
    }
    units[routed >> 1].listener.cacheMiss();
    // A cached answer past its freshness is kept for stale-if-error.
    return new Miss(key, header.substring(start, end), cached, required, units[routed >> 1], (routed & 1) != 0);
  }

  /** A token the cache could not answer for, with what resolving it needs. */
  private final class Miss {
    final TokenKey key;
    final String token;
    final CachedAnswer stale;
    final Scope required;
    final IssuerUnit unit;
    /** Whether the token goes to the issuer's keys (a JWT found by its iss) rather than its introspection. */
    final boolean byIssuer;

    Miss(TokenKey key, String token, CachedAnswer stale, Scope required, IssuerUnit unit, boolean byIssuer) {
      this.key = key;
      this.token = token;
      this.stale = stale;
      this.required = required;
      this.unit = unit;
      this.byIssuer = byIssuer;
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
    IssuerUnit unit = miss.unit;
    return shared(miss).handle((resolution, failure) -> {
      long now = clock.millis();
      if (failure == null) {
        return resolution.isConflict() ? rejected(unit.listener, conflict)
            : decide(unit, miss.key, resolution.info, null, miss.required, now);
      }
      AuthServerException cause = AuthServerException.from(failure);
      CachedAnswer stale = miss.stale;
      if (stale != null && config.get(CacheSettings.STALE_IF_ERROR) && stale.isKeptAt(ticker.read())
          && stale.isUsableAt(now)) {
        unit.listener.staleAnswerServed();
        LOG.debug("Serving the cached answer for token {} while the authorization server fails", miss.key.shortId());
        return decide(unit, miss.key, stale.info(), stale.validResult(), miss.required, now);
      }
      java.time.Duration retryAfter = cause.retryAfter() != null ? cause.retryAfter()
          : unit.backoff.retryAfter();
      return rejected(unit.listener, ValidationResult.invalid(AuthenticationError.unavailable(retryAfter,
          "The authorization server is unavailable")));
    });
  }

  /** The resolution of the miss's key: one call to the server however many callers ask at once. */
  private CompletableFuture<TokenResolver.Resolution> shared(Miss miss) {
    TokenKey key = miss.key;
    IssuerUnit unit = miss.unit;
    TokenResolver.Route route = unit.route(miss.token, miss.byIssuer);
    return flights.call(key, () -> known(key),
        // A local JWT's key server has its own back-off: introspection's gate neither stops nor counts it.
        route.gated ? unit.backoff : IntrospectionBackoff.LOCAL,
        () -> start(key, route, unit), () -> CompletableFuture.failedFuture(unit.backoff.failingFast()));
  }

  /** The answer the previous call for {@code key} may have cached between our miss and our registration. */
  private TokenResolver.Resolution known(TokenKey key) {
    TokenInfo info = cache.fresh(key);
    return info == null ? null : TokenResolver.Resolution.of(info);
  }

  private CompletableFuture<TokenResolver.Resolution> start(TokenKey key, TokenResolver.Route route,
      IssuerUnit unit) {
    if (closed) {
      return CompletableFuture.failedFuture(AuthServerException.local("the validator is closed"));
    }
    SharedAnswers shared = unit.shared;
    if (shared == null) {
      return resolve(key, route, unit);
    }
    // The reading instance's clock decides: an answer another instance shared may have expired since. An
    // inactive one is shared only when shared-cache.negative-ttl says so, and is used as it is.
    return shared.find(key, found -> !found.isActive() || refusal(unit, key, found, clock.millis(), false) == null,
        config.get(TransportSettings.REQUEST_TIMEOUT)).thenCompose(found -> {
          if (found != null) {
            TokenInfo answered = unit.answered(found);
            cache.remember(key, answered, answered.isActive());
            return CompletableFuture.completedFuture(TokenResolver.Resolution.of(answered));
          }
          CompletableFuture<TokenResolver.Resolution> resolved = resolve(key, route, unit);
          resolved.whenComplete((resolution, failure) -> shared.release(key));
          return resolved;
        });
  }

  private CompletableFuture<TokenResolver.Resolution> resolve(TokenKey key, TokenResolver.Route route,
      IssuerUnit unit) {
    IntrospectionBackoff backoff = unit.backoff;
    CompletableFuture<TokenResolver.Resolution> call = unit.limiter.submit(route.call,
        // Asked again when a queued call is about to start: the gate may have opened while it waited.
        () -> route.gated && backoff.isFailingFast() ? backoff.failingFast() : null);
    // Completing the call's future at the deadline also drops it from the limiter's queue if it has not
    // started. The deadline runs on the client's timer and completes on the library's executor. A call that
    // answered at once (a JWT verified locally with a known key) needs no deadline.
    ScheduledFuture<?> deadline = call.isDone() ? null : client.schedule(
        () -> call.completeExceptionally(new AuthServerException("no answer within " + deadlineMillis + " ms",
            true)), deadlineMillis);
    if (deadline != null) {
      call.whenComplete((resolution, failure) -> deadline.cancel(false)); // whatever the outcome
    }
    return call.thenApply(resolved -> {
      if (resolved.isConflict()) {
        return resolved;
      }
      TokenResolver.Resolution resolution = resolved.cacheable ? TokenResolver.Resolution.of(unit.answered(resolved.info))
          : TokenResolver.Resolution.uncached(unit.answered(resolved.info));
      if (resolution.cacheable && !closed) {
        boolean usable = refusal(unit, key, resolution.info, clock.millis(), false) == null;
        cache.remember(key, resolution.info, usable);
        if (usable && unit.shared != null) {
          unit.shared.share(key, resolution.info, cache.sharedTimeToLive(resolution.info));
        } else if (unit.shared != null && !resolution.info.isActive()) {
          unit.shared.share(key, resolution.info, config.get(SharedCacheSettings.NEGATIVE_TTL));
        }
      }
      return resolution;
    });
  }

  /** Why the decision refuses {@code info} now, logged at DEBUG (the token named by its digest prefix) if asked. */
  private String refusal(IssuerUnit unit, TokenKey key, TokenInfo info, long now, boolean log) {
    String refusal = unit.decision.refusal(info, now);
    if (refusal == null && revocations.refuses(unit.index, info)) {
      refusal = "revoked: issued before a revocation of its subject or client";
    }
    if (refusal != null && log) {
      LOG.debug("Token {} refused: {}", key.shortId(), refusal);
    }
    return refusal;
  }

  private ValidationResult decide(IssuerUnit unit, TokenKey key, TokenInfo info, ValidationResult cachedValid,
      Scope required, long now) {
    if (refusal(unit, key, info, now, true) != null) {
      return rejected(unit.listener, inactiveToken);
    }
    if (!info.scope().covers(required)) {
      return insufficientScope(unit.listener, required);
    }
    return cachedValid != null ? cachedValid : ValidationResult.valid(info);
  }

  /**
   * Drops what the invalidations of {@code invalidation} name, one per configured issuer, on this instance now
   * and, with a shared store, on every instance.
   *
   * @param invalidation makes the invalidation for an issuer's identity and resource (as in the store's keys)
   * @return a future completing when every instance has been told (at once without a shared store); failed
   *     when the shared store could not be told (this instance has dropped it all the same)
   */
  public CompletableFuture<Void> revoke(java.util.function.BiFunction<String, String, Invalidation> invalidation) {
    CompletableFuture<?>[] published = new CompletableFuture<?>[units.length];
    for (int i = 0; i < units.length; i++) {
      Invalidation each = invalidation.apply(units[i].identity, units[i].resource);
      revocations.apply(each);
      published[i] = units[i].shared == null ? CompletableFuture.completedFuture(null)
          : units[i].shared.publish(each);
    }
    return CompletableFuture.allOf(published);
  }

  /**
   * The invalidation of one token for an issuer.
   *
   * @param token the token
   * @return makes the invalidation for an issuer's identity and resource
   */
  public static java.util.function.BiFunction<String, String, Invalidation> tokenInvalidation(String token) {
    byte[] digest = TokenKey.of(token, 0, token.length()).digest();
    return (issuer, resource) -> Invalidation.ofToken(StoreKey.of(StoreKey.Kind.ANSWER, issuer, resource, digest));
  }

  private ValidationResult insufficientScope(ValidationListener events, Scope required) {
    return rejected(events, ValidationResult.invalid(AuthenticationError.insufficientScope(realm, required)));
  }

  /** A refusal of no particular issuer's token, told to the listener itself. */
  private ValidationResult rejected(ValidationResult result) {
    return rejected(listener, result);
  }

  private ValidationResult rejected(ValidationListener events, ValidationResult result) {
    events.rejected(result.error().kind());
    return result;
  }

  @Override
  public void close() {
    closed = true;
    for (IssuerUnit unit : units) {
      unit.close(unit.index == 0);
    }
    flights.abandonAll(AuthServerException.local("the validator is closed"));
    cache.clear();
    client.close();
  }
}
