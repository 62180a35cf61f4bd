package io.github.tokenvalidator.internal.jwt;

import io.github.tokenvalidator.internal.config.TransportSettings;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import io.github.tokenvalidator.internal.resilience.SingleFlight;
import io.github.tokenvalidator.internal.resilience.UpstreamHealth;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import io.github.tokenvalidator.internal.transport.JsonFetcher;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys: found by discovery unless {@code jwks-uri} is set, fetched on first use,
 * cached, refreshed ahead of their {@code max-age}, refetched once when a token names an unknown key, and
 * kept through a key-server outage for a bounded time. Thread-safe.
 *
 * <p>Fetches are coalesced (one at a time, every caller waiting for the same one) and rate-limited: a fetch
 * starts at most once per {@code jwks.min-refetch-interval} after a success and once per
 * {@code failure-backoff} after a failure, so a storm of unknown {@code kid}s costs one fetch.
 */
public final class JwksSource {
  private static final Logger LOG = LoggerFactory.getLogger(JwksSource.class);
  /** Refresh ahead once this share of the keys' max-age has passed. */
  private static final double REFRESH_AHEAD_RATIO = 0.8;
  /** The upstream's name in {@link ValidationListener#failingFast}. */
  private static final String KEY_SERVER = "key-server";

  /** What is known now. Immutable. */
  private static final class State {
    static final State NOTHING = new State(null, 0, 0, Long.MIN_VALUE, null, null);

    /** The last keys fetched, or null. */
    final JwkSet keys;
    /** Ticker readings: keys fetched, keys fresh until. */
    final long fetchedAt;
    final long freshUntil;
    /** Ticker reading when the last fetch started; {@code Long.MIN_VALUE} before the first. */
    final long lastAttempt;
    /** Why the last fetch failed, or null when it succeeded. */
    final AuthServerException lastFailure;
    final URI discoveredUri;

    State(JwkSet keys, long fetchedAt, long freshUntil, long lastAttempt, AuthServerException lastFailure,
        URI discoveredUri) {
      this.keys = keys;
      this.fetchedAt = fetchedAt;
      this.freshUntil = freshUntil;
      this.lastAttempt = lastAttempt;
      this.lastFailure = lastFailure;
      this.discoveredUri = discoveredUri;
    }
  }

  private final JsonFetcher fetcher;
  /** Must not throw (the engine passes a shielded one). */
  private final ValidationListener listener;
  private final Ticker ticker;
  private final String issuer;
  private final URI configuredUri;
  private final long minRefetchNanos;
  private final long backoffNanos;
  private final long defaultMaxAgeNanos;
  private final long minMaxAgeNanos;
  private final long maxMaxAgeNanos;
  private final long outageRetentionNanos;
  private final boolean allowInsecureHttp;
  private final AtomicReference<State> state = new AtomicReference<>(State.NOTHING);
  /** One fetch at a time, rate-limited: a storm of unknown kids costs one fetch. */
  private final SingleFlight<Class<State>, State> fetches = new SingleFlight<>();
  private final SingleFlight.Backoff rateLimit = new SingleFlight.Backoff() {
    @Override
    public boolean tryPass() {
      return mayFetch();
    }

    @Override
    public void succeeded() {}

    @Override
    public void failed(Throwable cause) {}
  };
  private final UpstreamHealth health = new UpstreamHealth();

  /**
   * Keys from {@code jwksUri}, or when it is null from the metadata of {@code issuer}. Durations are read
   * on {@code ticker}; {@code minMaxAge} must be at least {@code minRefetchInterval}.
   */
  public JwksSource(JsonFetcher fetcher, Ticker ticker, String issuer, URI jwksUri, Duration minRefetchInterval,
      Duration failureBackoff, Duration defaultMaxAge, Duration minMaxAge, Duration maxMaxAge,
      Duration outageRetention, boolean allowInsecureHttp, ValidationListener listener) {
    this.fetcher = fetcher;
    this.listener = listener;
    this.ticker = ticker;
    this.issuer = issuer;
    this.configuredUri = jwksUri;
    this.minRefetchNanos = minRefetchInterval.toNanos();
    this.backoffNanos = failureBackoff.toNanos();
    this.defaultMaxAgeNanos = defaultMaxAge.toNanos();
    this.minMaxAgeNanos = minMaxAge.toNanos();
    this.maxMaxAgeNanos = maxMaxAge.toNanos();
    this.outageRetentionNanos = outageRetention.toNanos();
    this.allowInsecureHttp = allowInsecureHttp;
  }

  /**
   * The key to verify a token of {@code algorithm} naming {@code keyId} (null: the one key that fits).
   * Completes with the key; with null when the key server answered and has no such key (the token is
   * invalid); or exceptionally with an {@link AuthServerException} when the keys cannot be known now.
   */
  public CompletableFuture<Jwk> key(String keyId, JwsAlgorithm algorithm) {
    long now = ticker.read();
    State current = state.get();
    if (!isUsable(current, now)) {
      return fetchIfAllowed().thenApply(known -> select(known, keyId, algorithm));
    }
    Jwk key = current.keys.select(keyId, algorithm);
    if (key != null) {
      if (now - current.fetchedAt >= refreshAheadNanos(current)) {
        fetchIfAllowed(); // in the background; the known key serves meanwhile
      }
      return CompletableFuture.completedFuture(key);
    }
    if (keyId != null && current.keys.hasKeyId(keyId)) {
      return CompletableFuture.completedFuture(null); // a known key that does not fit: no fetch helps
    }
    // A key the server may have added since: one refetch, which every caller now shares.
    return fetchIfAllowed().thenApply(known -> select(known, keyId, algorithm));
  }

  /** Why the keys cannot be had now, if the last attempt failed; null otherwise. */
  public AuthServerException lastFailure() {
    return state.get().lastFailure;
  }

  /** The key server's state for the health view. */
  public io.github.tokenvalidator.Health health() {
    return health.health();
  }

  /**
   * Fetches the keys now unless known or being fetched; completes when that fetch settles, with its
   * failure if it failed. For the eager start: nothing else waits for it.
   */
  public CompletableFuture<Void> prefetch() {
    return fetchIfAllowed().thenAccept(settled -> {
      if (settled.lastFailure != null) {
        throw settled.lastFailure;
      }
    });
  }

  /**
   * The key from what is known after a fetch (or a refused one): null only when the key server answered
   * and lacks it; while the server fails, a key the known set lacks may well exist, so that is a failure.
   */
  private Jwk select(State known, String keyId, JwsAlgorithm algorithm) {
    if (!isUsable(known, ticker.read())) {
      throw known.lastFailure != null ? known.lastFailure
          : new AuthServerException("the signing keys have not been fetched yet", true);
    }
    Jwk key = known.keys.select(keyId, algorithm);
    if (key == null && known.lastFailure != null && (keyId == null || !known.keys.hasKeyId(keyId))) {
      throw known.lastFailure;
    }
    return key;
  }

  private long refreshAheadNanos(State current) {
    return (long) ((current.freshUntil - current.fetchedAt) * REFRESH_AHEAD_RATIO);
  }

  /**
   * Known keys serve while fresh; stale ones until the fetch that replaces them (always allowed, since the
   * refresh interval is at least the refetch interval); and, once a fetch failed, for the outage retention.
   */
  private boolean isUsable(State current, long now) {
    if (current.keys == null) {
      return false;
    }
    if (current.lastFailure == null) {
      return now - current.freshUntil < 0;
    }
    return now - current.freshUntil < outageRetentionNanos;
  }

  /**
   * What is known once the running fetch, or a new one if the rate limit allows, has settled; what is
   * known now otherwise. Never completes exceptionally: a failed fetch is recorded in the state.
   */
  private CompletableFuture<State> fetchIfAllowed() {
    return fetches.call(State.class, rateLimit, this::fetch, () -> CompletableFuture.completedFuture(state.get()));
  }

  /** A fetch starts at most once per min-refetch-interval after a success, once per failure-backoff after a failure. */
  private boolean mayFetch() {
    State current = state.get();
    long wait = current.lastFailure != null ? backoffNanos : minRefetchNanos;
    return current.lastAttempt == Long.MIN_VALUE || ticker.read() - current.lastAttempt >= wait;
  }

  private CompletableFuture<State> fetch() {
    State started = state.get();
    long now = ticker.read();
    CompletableFuture<State> fetch;
    try {
      fetch = fetchKeys(started, now);
    } catch (RuntimeException e) {
      fetch = CompletableFuture.failedFuture(e);
    }
    return fetch.handle((next, failure) -> {
      State settled = failure == null ? next : failed(started, now, AuthServerException.from(failure));
      if (settled.lastFailure == null) {
        health.succeeded();
      } else {
        health.failed(settled.lastFailure);
      }
      listener.keyFetch(settled.lastFailure == null, Duration.ofNanos(ticker.read() - now));
      if ((started.lastFailure == null) != (settled.lastFailure == null)) {
        // Unknown keys now wait out the back-off (503), or no longer do.
        listener.failingFast(KEY_SERVER, settled.lastFailure != null);
      }
      state.set(settled);
      return settled;
    });
  }

  private State failed(State previous, long attempt, AuthServerException failure) {
    if (previous.lastFailure == null || !previous.lastFailure.getMessage().equals(failure.getMessage())) {
      if (failure.isServerFault()) {
        LOG.warn("Fetching the signing keys failed: {}", failure.getMessage());
      } else {
        LOG.error("Fetching the signing keys failed: {}", failure.getMessage());
      }
    }
    return new State(previous.keys, previous.fetchedAt, previous.freshUntil, attempt, failure,
        previous.discoveredUri);
  }

  private CompletableFuture<State> fetchKeys(State previous, long attempt) {
    CompletableFuture<URI> uri = configuredUri != null ? CompletableFuture.completedFuture(configuredUri)
        : previous.discoveredUri != null ? CompletableFuture.completedFuture(previous.discoveredUri)
        : discover();
    return uri.thenCompose(jwksUri -> fetcher.get(jwksUri).thenApply(answer -> {
      if (answer.status != 200) {
        throw new AuthServerException("key endpoint " + where(jwksUri) + " answered HTTP " + answer.status,
            answer.status >= 500 || answer.status == 429);
      }
      JwkSet keys;
      try {
        keys = JwkSet.parse(answer.body);
      } catch (MalformedAnswerException e) {
        throw new AuthServerException("key endpoint " + where(jwksUri) + ": " + e.getMessage(), true);
      }
      long maxAge = maxAgeNanos(answer.cacheControl);
      if (previous.lastFailure != null) {
        LOG.info("The signing keys could be fetched again");
      }
      LOG.debug("Fetched {} usable signing keys from {}", keys.keys().size(), where(jwksUri));
      return new State(keys, attempt, attempt + maxAge, attempt, null, jwksUri);
    }));
  }

  /**
   * The {@code jwks_uri} of the issuer's metadata: OpenID discovery first, then RFC 8414 with the well-known
   * path inserted before the issuer's path. The metadata must name exactly the configured issuer.
   */
  private CompletableFuture<URI> discover() {
    URI openId = URI.create(withoutTrailingSlash(issuer) + "/.well-known/openid-configuration");
    URI issuerUri = URI.create(issuer);
    String path = issuerUri.getRawPath() == null || issuerUri.getRawPath().equals("/") ? ""
        : withoutTrailingSlash(issuerUri.getRawPath());
    URI oauth = issuerUri.resolve("/.well-known/oauth-authorization-server" + path);
    return fetcher.get(openId).thenCompose(answer -> answer.status == 404 || answer.status == 400
        ? fetcher.get(oauth).thenApply(second -> jwksUriOf(oauth, second))
        : CompletableFuture.completedFuture(jwksUriOf(openId, answer)));
  }

  private URI jwksUriOf(URI metadataUri, JsonFetcher.Fetched answer) {
    String where = where(metadataUri);
    if (answer.status != 200) {
      throw new AuthServerException("issuer metadata " + where + " answered HTTP " + answer.status,
          answer.status >= 500 || answer.status == 429);
    }
    Map<String, Object> metadata;
    try {
      metadata = BoundedJson.parseObject(answer.body);
    } catch (MalformedAnswerException e) {
      throw new AuthServerException("issuer metadata " + where + ": " + e.getMessage(), true);
    }
    if (!issuer.equals(metadata.get("issuer"))) {
      // RFC 8414 §3.3: a document naming another issuer must not be used; the setting or the URL is wrong.
      throw new AuthServerException("issuer metadata " + where + " names another issuer than the configured "
          + "issuer " + issuer + ": check the issuer setting (it must match exactly, trailing slash included)",
          false);
    }
    Object jwksUri = metadata.get("jwks_uri");
    if (!(jwksUri instanceof String)) {
      throw new AuthServerException("issuer metadata " + where + " has no jwks_uri", false);
    }
    URI uri;
    try {
      uri = URI.create((String) jwksUri);
    } catch (IllegalArgumentException e) {
      throw new AuthServerException("issuer metadata " + where + " has an invalid jwks_uri", false);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean secure = scheme.equals("https")
        || (scheme.equals("http") && (allowInsecureHttp || TransportSettings.isLoopback(uri.getHost())));
    if (!secure) {
      throw new AuthServerException("issuer metadata " + where + " names a jwks_uri that is not https", false);
    }
    return uri;
  }

  /** The key set's lifetime: Cache-Control max-age within the configured bounds, else the default. */
  public long maxAgeNanos(String cacheControl) {
    long maxAge = defaultMaxAgeNanos;
    if (cacheControl != null) {
      for (String directive : cacheControl.split(",")) {
        String trimmed = directive.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("no-cache") || trimmed.equals("no-store")) {
          maxAge = 0;
        } else if (trimmed.startsWith("max-age=")) {
          try {
            long seconds = Long.parseLong(trimmed.substring("max-age=".length()).replace("\"", ""));
            maxAge = seconds < 0 ? 0 : seconds > maxMaxAgeNanos / 1_000_000_000L ? maxMaxAgeNanos
                : seconds * 1_000_000_000L;
          } catch (NumberFormatException e) {
            // an unreadable max-age is no max-age: keep the default
          }
        }
      }
    }
    return Math.max(minMaxAgeNanos, Math.min(maxMaxAgeNanos, maxAge));
  }

  private static String where(URI uri) {
    return uri.getHost() + ":" + uri.getPort() + uri.getPath();
  }

  private static String withoutTrailingSlash(String text) {
    String result = text;
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
