package io.github.tokenvalidator.internal.config;

import static io.github.tokenvalidator.Settings.Type.BOOLEAN;
import static io.github.tokenvalidator.Settings.Type.DURATION;
import static io.github.tokenvalidator.Settings.Type.INTEGER;

import java.time.Duration;

/**
 * The settings that keep the validator and its authorization servers well when one of them is not: bounded
 * calls, failing fast, and checking the configuration at start. Thread-safe.
 */
public final class ResilienceSettings {
  public static final Setting<Integer> MAX_CONCURRENT_INTROSPECTIONS = Setting.define(
          "max-concurrent-introspections", INTEGER, ValueParsers::intValue)
      .within((k, v) -> ValueParsers.positive(k, v, ValueParsers.MAX_CONCURRENT_INTROSPECTIONS)).byDefault("64")
      .describe("Introspection calls under way at once; more wait in a bounded queue (16× this, at least 1000),"
          + " beyond which misses get 503. At most 10000.");
  public static final Setting<Integer> FAILURE_THRESHOLD = Setting.define("failure-threshold", INTEGER,
          ValueParsers::intValue).within((k, v) -> ValueParsers.positive(k, v, Integer.MAX_VALUE)).byDefault("3")
      .describe("Consecutive server faults (transport failures, timeouts, 5xx, 429, unreadable bodies) after"
          + " which misses fail fast.");
  public static final Setting<Duration> FAILURE_BACKOFF = Setting.define("failure-backoff", DURATION,
          ValueParsers::duration).within(ValueParsers::positive).byDefault("5s")
      .describe("How long to fail fast before one probe; also the `Retry-After` of 503 answers.");
  public static final Setting<Boolean> EAGER_START = Setting.define("eager-start", BOOLEAN, ValueParsers::bool)
      .byDefault("false")
      .describe("Fetch the own token during `build()`: `build()` fails naming `client-id` on `invalid_client`,"
          + " logs and carries on when the server is unreachable. With `jwt`/`auto`, also fetch the issuer's"
          + " keys: `build()` fails naming `issuer` (or `jwks-uri`) when the metadata names another issuer.");

  private ResilienceSettings() {}
}
