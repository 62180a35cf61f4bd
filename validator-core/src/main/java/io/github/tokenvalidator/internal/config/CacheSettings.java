package io.github.tokenvalidator.internal.config;

import static io.github.tokenvalidator.Settings.Type.BOOLEAN;
import static io.github.tokenvalidator.Settings.Type.DURATION;
import static io.github.tokenvalidator.Settings.Type.INTEGER;

import java.time.Duration;

/** The settings of the answer cache: its size, how long answers are trusted, and stale answers. Thread-safe. */
public final class CacheSettings {
  public static final Setting<Long> MAX_SIZE = Setting.define("cache.max-size", INTEGER, ValueParsers::integer)
      .within(ValueParsers::nonNegative).byDefault("50000")
      .describe("Most cached answers (Caffeine size eviction). `0` disables caching; concurrent requests for one"
          + " token still share one call.");
  public static final Setting<Duration> MAX_TTL = Setting.define("cache.max-ttl", DURATION,
          ValueParsers::duration).within(ValueParsers::positive).byDefault("5m")
      .describe("Longest time an active answer is trusted without asking again: the revocation delay. Never"
          + " beyond the token's `exp`.");
  public static final Setting<Duration> NEGATIVE_TTL = Setting.define("cache.negative-ttl", DURATION,
          ValueParsers::duration).within(ValueParsers::nonNegative).byDefault("30s")
      .describe("How long an inactive answer is remembered (`0`: not at all); also how long a cached answer past"
          + " its `exp` keeps being refused without a call.");
  public static final Setting<Boolean> STALE_IF_ERROR = Setting.define("stale-if-error", BOOLEAN,
          ValueParsers::bool).byDefault("true")
      .describe("When the server cannot answer, serve a cached active answer past `cache.max-ttl` if the"
          + " token's `exp` has not passed.");

  private CacheSettings() {}
}
