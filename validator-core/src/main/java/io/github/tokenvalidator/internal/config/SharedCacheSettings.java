package io.github.tokenvalidator.internal.config;

import static io.github.tokenvalidator.Settings.Type.DURATION;
import static io.github.tokenvalidator.Settings.Type.STRING;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.spi.SharedCacheConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The settings of the cache a fleet shares ({@code shared-cache.*}): where the store is, the fleet secret
 * that keys and seals its entries, and how long the validator waits for it. A module that provides the store
 * (validator-redis) reads them as a {@link SharedCacheConfig}. Thread-safe.
 */
public final class SharedCacheSettings {
  /** Shortest fleet secret: 16 characters, so that a guessable word is refused. */
  private static final int MIN_SECRET_LENGTH = 16;

  public static final Setting<String> URI = Setting.define("shared-cache.uri", STRING, SharedCacheSettings::uri)
      .describe("The shared cache's Redis, as Lettuce reads a URI: `redis://[user:password@]host:port[/db]`,"
          + " `rediss://` (TLS), `redis-sentinel://host:port[,host:port]/db#master`. Set, the shared cache starts"
          + " (and needs `shared-cache.secret`). See [shared-cache.md](shared-cache.md).");
  public static final Setting<String> SECRET = Setting.define("shared-cache.secret", STRING,
          SharedCacheSettings::secret).secret()
      .describe("The fleet secret, the same on every instance: entry keys are HMACs with it and values are"
          + " encrypted with it (AES-GCM). At least 16 characters. Never logged.");
  public static final Setting<String> OLDER_SECRET = Setting.define("shared-cache.older-secret", STRING,
          SharedCacheSettings::secret).secret()
      .describe("The previous fleet secret while it is being rotated: entries it made are still read, new ones"
          + " use `shared-cache.secret`. Never logged.");
  public static final Setting<Duration> TIMEOUT = Setting.define("shared-cache.timeout", DURATION,
          ValueParsers::duration).within(SharedCacheSettings::atMostOneSecond).byDefault("50ms")
      .describe("Longest wait for one Redis operation; past it the operation counts as failed and the request"
          + " goes on without the shared cache. At most `1s`.");
  public static final Setting<Duration> FAILURE_BACKOFF = Setting.define("shared-cache.failure-backoff",
          DURATION, ValueParsers::duration).within(ValueParsers::positive).byDefault("5s")
      .describe("After 3 failed Redis operations in a row, how long the shared cache is skipped (health"
          + " `DEGRADED`) before it is tried again.");
  public static final Setting<String> KEY_PREFIX = Setting.define("shared-cache.key-prefix", STRING,
          ValueParsers::nonEmpty).byDefault("tokenvalidator:")
      .describe("Prefix of every Redis key and channel, so that several fleets (or applications) share one"
          + " Redis apart.");
  public static final Setting<List<String>> CLUSTER_NODES = Setting.define("shared-cache.cluster-nodes",
          STRING, ValueParsers::list).within(ValueParsers::nonEmptyElements).byDefaultValue(List.of())
      .describe("Redis Cluster: comma-separated seed nodes (`host:port`), used instead of `shared-cache.uri`'s"
          + " host with its password and TLS. None: `shared-cache.uri` is one server or a Sentinel set.");
  public static final Setting<Path> TRUST_STORE = Setting.define("shared-cache.trust-store", STRING,
          ValueParsers::path).documentedDefault("none (the JDK's trust)")
      .describe("PEM file of the certificates trusted for a `rediss://` shared cache, instead of the JDK's.");
  public static final Setting<Duration> NEGATIVE_TTL = Setting.define("shared-cache.negative-ttl", DURATION,
          ValueParsers::duration).within(SharedCacheSettings::atMostOneMinute).byDefault("0s")
      .describe("How long an inactive answer is shared (`0`: inactive answers stay in each instance's own"
          + " cache). At most `1m`.");

  private SharedCacheSettings() {}

  /** Whether the settings ask for a shared cache: {@code shared-cache.uri} set. */
  static boolean requested(ValidatorConfig.Builder b) {
    return b.get(URI) != null;
  }

  /**
   * Refuses settings that cannot make a shared cache: a URI without the secret, a secret without a URI or a
   * store module ({@code providerGiven}), a URI beside a store given to the builder.
   */
  static void check(ValidatorConfig.Builder b, boolean storeGiven, boolean providerGiven) {
    if (b.get(URI) != null && storeGiven) {
      throw b.invalid(URI, "is set and a SharedStore was given to the builder: choose one");
    }
    if ((b.get(URI) != null || providerGiven) && b.get(SECRET) == null) {
      throw b.invalid(SECRET, "is required by the shared cache: the same secret on every instance");
    }
    if (b.get(SECRET) != null && b.get(URI) == null && !providerGiven && !storeGiven) {
      throw b.invalid(URI, "is required when shared-cache.secret is set");
    }
    if (b.get(OLDER_SECRET) != null && b.get(OLDER_SECRET).equals(b.get(SECRET))) {
      throw b.invalid(OLDER_SECRET, "is the same as shared-cache.secret");
    }
  }

  /** What a store module reads. */
  static SharedCacheConfig view(ValidatorConfig.Builder b, io.github.tokenvalidator.Ticker ticker) {
    return new SharedCacheConfig(b.get(URI), b.get(SECRET), b.get(OLDER_SECRET), b.get(TIMEOUT),
        b.get(FAILURE_BACKOFF), b.get(KEY_PREFIX), b.get(CLUSTER_NODES), b.get(TRUST_STORE), ticker);
  }

  static String uri(String key, String value) {
    String uri = ValueParsers.nonEmpty(key, value);
    String lower = uri.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("redis://") || lower.startsWith("rediss://") || lower.startsWith("redis-sentinel://")
        || lower.startsWith("rediss-sentinel://") || lower.startsWith("redis-socket://"))) {
      // Never the value: it may hold a password.
      throw new InvalidConfigurationException(key,
          "must be a redis://, rediss://, redis-sentinel:// or redis-socket:// URI");
    }
    return uri;
  }

  static String secret(String key, String value) {
    String secret = ValueParsers.nonEmpty(key, value);
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new InvalidConfigurationException(key, "must have at least " + MIN_SECRET_LENGTH + " characters");
    }
    return secret;
  }

  static Duration atMostOneSecond(String key, Duration value) {
    Duration positive = ValueParsers.positive(key, value);
    if (positive.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new InvalidConfigurationException(key, "must be at most 1s");
    }
    return positive;
  }

  static Duration atMostOneMinute(String key, Duration value) {
    Duration checked = ValueParsers.nonNegative(key, value);
    if (checked.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new InvalidConfigurationException(key, "must be at most 1m");
    }
    return checked;
  }
}
