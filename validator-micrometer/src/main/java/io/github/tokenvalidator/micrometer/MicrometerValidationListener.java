package io.github.tokenvalidator.micrometer;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.ValidationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ValidationListener} that records what the validator does as Micrometer meters.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *     .serverUrl(url)
 *     .clientCredentials(id, secret)
 *     .listener(MicrometerValidationListener.create(registry))
 *     .build();
 * }</pre>
 *
 * <p>Meters (names in Micrometer's dotted form; a Prometheus registry shows {@code tokenvalidator_cache_gets_total}
 * and so on):
 * <ul>
 *   <li>{@value #CACHE_GETS} counter, {@code result=hit|miss}: every token lookup, as Micrometer's own cache
 *       binders count them, so hit ratio is {@code hit / (hit + miss)};
 *   <li>{@value #CACHE_COALESCED} counter: misses that joined a call already under way for the same token
 *       instead of making one (a subset of {@code miss});
 *   <li>{@value #CACHE_STALE} counter: cached answers past their freshness served while the authorization
 *       server failed ({@code stale-if-error});
 *   <li>{@value #INTROSPECTIONS} timer, {@code outcome=active|inactive|conflict|failed};
 *   <li>{@value #INTROSPECTIONS_ACTIVE} gauge: introspection calls under way now;
 *   <li>{@value #KEY_FETCHES} timer, {@code outcome=success|failure}: key set and discovery fetches;
 *   <li>{@value #OWN_TOKEN_RENEWALS} timer, {@code outcome=success|failure};
 *   <li>{@value #REJECTIONS} counter, {@code kind=missing_token|invalid_request|invalid_token|insufficient_scope|conflict|unavailable};
 *   <li>{@value #SHARED_CACHE_READS} counter, {@code outcome=hit|miss|error|refused}: reads of the cache a fleet
 *       shares, on a local miss ({@code refused}: an entry that did not authenticate);
 *   <li>{@value #FAILING_FAST} gauge, {@code upstream=authorization-server|key-server}: 1 while misses fail fast
 *       towards that upstream, else 0.
 * </ul>
 * Every meter is registered when the listener is created, so each reads 0 before its first event. Extra
 * tags (such as the application's name) go on every meter. Every meter also carries {@value #ISSUER_TAG}: the
 * configured issuer whose token or upstream the event concerns ({@code default}, or an issuer group's name,
 * through {@link #forIssuer(String)}), or {@value #NO_ISSUER} for the events of no issuer (a missing or
 * malformed token, a refused request, a token no issuer of the route takes).
 *
 * <p>No Observation is made: the listener's events carry no call identity to pair a start with its end,
 * and the calls they describe run under the validator, not under the request's span; the timers carry the
 * same numbers.
 *
 * <p>Instances are thread-safe; the event methods do no lookup and never block.
 */
public final class MicrometerValidationListener implements ValidationListener {
  /** Counter of token lookups by {@code result}. */
  public static final String CACHE_GETS = "tokenvalidator.cache.gets";
  /** Counter of misses that joined a call already under way. */
  public static final String CACHE_COALESCED = "tokenvalidator.cache.coalesced";
  /** Counter of stale answers served while the authorization server failed. */
  public static final String CACHE_STALE = "tokenvalidator.cache.stale";
  /** Timer of introspection calls by {@code outcome}. */
  public static final String INTROSPECTIONS = "tokenvalidator.introspections";
  /** Gauge of introspection calls under way. */
  public static final String INTROSPECTIONS_ACTIVE = "tokenvalidator.introspections.active";
  /** Timer of key set and discovery fetches by {@code outcome}. */
  public static final String KEY_FETCHES = "tokenvalidator.key.fetches";
  /** Timer of the validator's own-token renewals by {@code outcome}. */
  public static final String OWN_TOKEN_RENEWALS = "tokenvalidator.own.token.renewals";
  /** Counter of refused requests by {@code kind}. */
  public static final String REJECTIONS = "tokenvalidator.rejections";
  /** Counter of the shared cache's reads by {@code outcome}. */
  public static final String SHARED_CACHE_READS = "tokenvalidator.shared.cache.reads";
  /** Gauge, 1 while failing fast towards an {@code upstream}. */
  public static final String FAILING_FAST = "tokenvalidator.failing.fast";

  /** The tag naming the configured issuer on every meter. */
  public static final String ISSUER_TAG = "issuer";
  /** {@value #ISSUER_TAG} of the events that concern no issuer. */
  public static final String NO_ISSUER = "none";

  private static final String[] KNOWN_UPSTREAMS = {"authorization-server", "key-server"};

  private final MeterRegistry registry;
  /** The extra tags, without the issuer's. */
  private final Tags extraTags;
  private final Tags tags;
  /** Each issuer's listener, made once; shared by the listeners of one registry and extra tags. */
  private final Map<String, MicrometerValidationListener> issuers;
  private final Counter hits;
  private final Counter misses;
  private final Counter coalesced;
  private final Counter stale;
  private final Map<IntrospectionOutcome, Timer> introspections = new EnumMap<>(IntrospectionOutcome.class);
  private final AtomicInteger introspectionsActive = new AtomicInteger();
  private final Timer keyFetchSuccesses;
  private final Timer keyFetchFailures;
  private final Timer renewalSuccesses;
  private final Timer renewalFailures;
  private final Map<AuthenticationError.Kind, Counter> rejections = new EnumMap<>(AuthenticationError.Kind.class);
  private final Map<String, AtomicInteger> failingFast = new ConcurrentHashMap<>();
  private final Map<SharedStoreOutcome, Counter> sharedReads = new EnumMap<>(SharedStoreOutcome.class);

  private MicrometerValidationListener(MeterRegistry registry, Tags extraTags, String issuer,
      Map<String, MicrometerValidationListener> issuers) {
    this.registry = registry;
    this.extraTags = extraTags;
    this.tags = extraTags.and(ISSUER_TAG, issuer);
    this.issuers = issuers;
    hits = cacheGets("hit");
    misses = cacheGets("miss");
    coalesced = Counter.builder(CACHE_COALESCED).tags(tags)
        .description("Token lookups that joined an introspection already under way").register(registry);
    stale = Counter.builder(CACHE_STALE).tags(tags)
        .description("Cached answers past their freshness served while the authorization server failed")
        .register(registry);
    for (IntrospectionOutcome outcome : IntrospectionOutcome.values()) {
      introspections.put(outcome, Timer.builder(INTROSPECTIONS).tags(tags).tag("outcome", lowerCase(outcome.name()))
          .description("Introspection calls to the authorization server").register(registry));
    }
    Gauge.builder(INTROSPECTIONS_ACTIVE, introspectionsActive, AtomicInteger::get).tags(tags)
        .description("Introspection calls under way").register(registry);
    keyFetchSuccesses = timer(KEY_FETCHES, "success", "Fetches of the key set or discovery document");
    keyFetchFailures = timer(KEY_FETCHES, "failure", "Fetches of the key set or discovery document");
    renewalSuccesses = timer(OWN_TOKEN_RENEWALS, "success", "Renewals of the validator's own token");
    renewalFailures = timer(OWN_TOKEN_RENEWALS, "failure", "Renewals of the validator's own token");
    for (AuthenticationError.Kind kind : AuthenticationError.Kind.values()) {
      rejections.put(kind, Counter.builder(REJECTIONS).tags(tags).tag("kind", lowerCase(kind.name()))
          .description("Requests refused").register(registry));
    }
    for (String upstream : KNOWN_UPSTREAMS) {
      failingFastState(upstream);
    }
    for (SharedStoreOutcome outcome : SharedStoreOutcome.values()) {
      sharedReads.put(outcome, Counter.builder(SHARED_CACHE_READS).tags(tags).tag("outcome", lowerCase(outcome.name()))
          .description("Reads of the cache a fleet shares").register(registry));
    }
  }

  /** A listener registering its meters in {@code registry}. */
  public static MicrometerValidationListener create(MeterRegistry registry) {
    return create(registry, Tags.empty());
  }

  /** A listener registering its meters in {@code registry}, each with {@code extraTags}. */
  public static MicrometerValidationListener create(MeterRegistry registry, Iterable<Tag> extraTags) {
    Objects.requireNonNull(registry, "registry");
    return new MicrometerValidationListener(registry, Tags.of(Objects.requireNonNull(extraTags, "extraTags")),
        NO_ISSUER, new ConcurrentHashMap<>());
  }

  /** {@return the listener whose meters carry {@code issuer=}{@code issuer}: the same one for the same name} */
  @Override
  public ValidationListener forIssuer(String issuer) {
    Objects.requireNonNull(issuer, "issuer");
    return issuers.computeIfAbsent(issuer, name -> new MicrometerValidationListener(registry, extraTags, name, issuers));
  }

  @Override
  public void sharedStoreRead(SharedStoreOutcome outcome) {
    sharedReads.get(outcome).increment();
  }

  @Override
  public void cacheHit() {
    hits.increment();
  }

  @Override
  public void cacheMiss() {
    misses.increment();
  }

  @Override
  public void cacheCoalesced() {
    coalesced.increment();
  }

  @Override
  public void staleAnswerServed() {
    stale.increment();
  }

  @Override
  public void introspectionStarted() {
    introspectionsActive.incrementAndGet();
  }

  @Override
  public void introspection(IntrospectionOutcome outcome, Duration latency) {
    introspectionsActive.decrementAndGet();
    introspections.get(outcome).record(latency);
  }

  @Override
  public void ownTokenRenewal(boolean success, Duration latency) {
    (success ? renewalSuccesses : renewalFailures).record(latency);
  }

  @Override
  public void keyFetch(boolean success, Duration latency) {
    (success ? keyFetchSuccesses : keyFetchFailures).record(latency);
  }

  @Override
  public void failingFast(String upstream, boolean failing) {
    failingFastState(upstream).set(failing ? 1 : 0);
  }

  @Override
  public void rejected(AuthenticationError.Kind kind) {
    rejections.get(kind).increment();
  }

  private AtomicInteger failingFastState(String upstream) {
    return failingFast.computeIfAbsent(upstream, name -> {
      AtomicInteger state = new AtomicInteger();
      Gauge.builder(FAILING_FAST, state, AtomicInteger::get).tags(tags).tag("upstream", name)
          .description("1 while new tokens fail fast towards this upstream").register(registry);
      return state;
    });
  }

  private Counter cacheGets(String result) {
    return Counter.builder(CACHE_GETS).tags(tags).tag("result", result)
        .description("Token lookups in the introspection cache").register(registry);
  }

  private Timer timer(String name, String outcome, String description) {
    return Timer.builder(name).tags(tags).tag("outcome", outcome).description(description).register(registry);
  }

  private static String lowerCase(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
