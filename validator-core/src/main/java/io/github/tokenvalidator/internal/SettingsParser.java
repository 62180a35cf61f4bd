package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.TokenValidator.ClientAuthentication;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The one parser of validator settings, shared by properties, environment variables, servlet
 * init-parameters and the examples. Stateless and thread-safe.
 *
 * <p>Every check names the setting it refused and never repeats a secret's value.
 */
public final class SettingsParser {
  /** Prefix of every property key. */
  public static final String PROPERTY_PREFIX = "tokenvalidator.";
  /** Prefix of every environment variable. */
  public static final String ENVIRONMENT_PREFIX = "TOKENVALIDATOR_";

  private static final Map<String, BiConsumer<TokenValidator.Builder, String>> KEYS = keys();

  private SettingsParser() {}

  private static Map<String, BiConsumer<TokenValidator.Builder, String>> keys() {
    Map<String, BiConsumer<TokenValidator.Builder, String>> keys = new LinkedHashMap<>();
    keys.put("server-url", TokenValidator.Builder::serverUrl);
    keys.put("introspection-endpoint", TokenValidator.Builder::introspectionEndpoint);
    keys.put("token-endpoint", TokenValidator.Builder::tokenEndpoint);
    keys.put("client-id", TokenValidator.Builder::clientId);
    keys.put("client-secret", TokenValidator.Builder::clientSecret);
    keys.put("client-auth", (b, v) -> b.clientAuthentication(clientAuthentication("client-auth", v)));
    keys.put("introspection-scope", TokenValidator.Builder::introspectionScope);
    keys.put("realm", TokenValidator.Builder::realm);
    keys.put("connect-timeout", (b, v) -> b.connectTimeout(duration("connect-timeout", v)));
    keys.put("request-timeout", (b, v) -> b.requestTimeout(duration("request-timeout", v)));
    keys.put("cache.max-size", (b, v) -> b.cacheMaxSize(integer("cache.max-size", v)));
    keys.put("cache.max-ttl", (b, v) -> b.cacheMaxTtl(duration("cache.max-ttl", v)));
    keys.put("cache.negative-ttl", (b, v) -> b.cacheNegativeTtl(duration("cache.negative-ttl", v)));
    keys.put("stale-if-error", (b, v) -> b.staleIfError(bool("stale-if-error", v)));
    keys.put("allow-insecure-http", (b, v) -> b.allowInsecureHttp(bool("allow-insecure-http", v)));
    keys.put("max-response-size", (b, v) -> b.maxResponseSize(intValue("max-response-size", v)));
    keys.put("max-token-length", (b, v) -> b.maxTokenLength(intValue("max-token-length", v)));
    keys.put("max-concurrent-introspections",
        (b, v) -> b.maxConcurrentIntrospections(intValue("max-concurrent-introspections", v)));
    keys.put("failure-threshold", (b, v) -> b.failureThreshold(intValue("failure-threshold", v)));
    keys.put("failure-backoff", (b, v) -> b.failureBackoff(duration("failure-backoff", v)));
    keys.put("own-token.renewal-ratio", (b, v) -> b.ownTokenRenewalRatio(ratio("own-token.renewal-ratio", v)));
    return Collections.unmodifiableMap(keys);
  }

  /** Every key this parser knows, without the prefix, in documentation order. */
  public static Iterable<String> knownKeys() {
    return KEYS.keySet();
  }

  /** Applies every {@code tokenvalidator.*} entry; other keys are ignored. */
  public static void applyProperties(TokenValidator.Builder builder, Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    for (Map.Entry<String, String> entry : new TreeMap<>(properties).entrySet()) {
      String name = entry.getKey();
      if (name != null && name.startsWith(PROPERTY_PREFIX)) {
        apply(builder, name.substring(PROPERTY_PREFIX.length()), name, entry.getValue());
      }
    }
  }

  /** Applies every {@code TOKENVALIDATOR_*} variable; other variables are ignored. */
  public static void applyEnvironment(TokenValidator.Builder builder, Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Map<String, String> byVariable = new LinkedHashMap<>();
    for (String key : KEYS.keySet()) {
      byVariable.put(environmentName(key), key);
    }
    for (Map.Entry<String, String> entry : new TreeMap<>(environment).entrySet()) {
      String name = entry.getKey();
      if (name == null || !name.startsWith(ENVIRONMENT_PREFIX)) {
        continue;
      }
      String key = byVariable.get(name);
      if (key == null) {
        throw new InvalidConfigurationException(null, name + ": unknown setting; known: "
            + String.join(", ", byVariable.keySet()));
      }
      apply(builder, key, name, entry.getValue());
    }
  }

  /** The environment variable spelling of a property key: {@code cache.max-ttl} → {@code TOKENVALIDATOR_CACHE_MAX_TTL}. */
  public static String environmentName(String key) {
    return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static void apply(TokenValidator.Builder builder, String key, String spelledAs, String value) {
    BiConsumer<TokenValidator.Builder, String> setter = KEYS.get(key);
    if (setter == null) {
      throw new InvalidConfigurationException(key, "unknown setting; known: " + String.join(", ", KEYS.keySet()));
    }
    if (value == null) {
      throw new InvalidConfigurationException(key, "has no value");
    }
    String trimmed = key.equals("client-secret") ? value : value.trim();
    try {
      setter.accept(builder, trimmed);
    } catch (IllegalArgumentException e) {
      String detail = e.getMessage();
      String propertyPrefix = PROPERTY_PREFIX + key + ": ";
      if (e instanceof InvalidConfigurationException && detail.startsWith(propertyPrefix)) {
        detail = detail.substring(propertyPrefix.length());
      }
      // Name the setting as the user wrote it: an environment variable, or the property.
      String source = spelledAs.equals(PROPERTY_PREFIX + key) ? spelledAs : spelledAs + " (" + PROPERTY_PREFIX + key + ")";
      throw new InvalidConfigurationException(key, source, detail);
    }
  }

  /** A URI from a setting value. */
  public static URI uri(String key, String value) {
    nonEmpty(key, value);
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new InvalidConfigurationException(key, "must be an absolute http(s) URL with a host: " + value);
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw new InvalidConfigurationException(key, "must not carry user info, a query or a fragment");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidConfigurationException(key, "is not a valid URL: " + e.getReason());
    }
  }

  public static String nonEmpty(String key, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidConfigurationException(key, "must not be empty");
    }
    return value;
  }

  public static Scope scope(String key, String value) {
    try {
      return Scope.of(nonEmpty(key, value));
    } catch (InvalidConfigurationException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(key, e.getMessage());
    }
  }

  /** A realm: printable ASCII without quotes or backslashes, so it is stated as given in every challenge. */
  public static String realm(String key, String value) {
    nonEmpty(key, value);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7F) {
        throw new InvalidConfigurationException(key, "must be printable ASCII");
      }
    }
    return value;
  }

  public static ClientAuthentication clientAuthentication(String key, String value) {
    for (ClientAuthentication candidate : ClientAuthentication.values()) {
      if (candidate.settingValue().equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw new InvalidConfigurationException(key,
        "must be one of mobilefirst-bearer, basic, post; was \"" + value + "\"");
  }

  /** A duration in ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
  public static Duration duration(String key, String value) {
    nonEmpty(key, value);
    String text = value.trim().toLowerCase(Locale.ROOT);
    if (text.startsWith("p")) {
      try {
        return Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw malformedDuration(key, value);
      }
    }
    int digits = 0;
    while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
      digits++;
    }
    if (digits == 0 || digits > 12) {
      throw malformedDuration(key, value);
    }
    long amount = Long.parseLong(text.substring(0, digits));
    switch (text.substring(digits)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      case "d":
        return Duration.ofDays(amount);
      default:
        throw malformedDuration(key, value);
    }
  }

  private static InvalidConfigurationException malformedDuration(String key, String value) {
    return new InvalidConfigurationException(key,
        "is not a duration (use 500ms, 30s, 5m, 1h, 1d or ISO-8601 like PT30S): \"" + value + "\"");
  }

  public static boolean bool(String key, String value) {
    if ("true".equalsIgnoreCase(value)) {
      return true;
    }
    if ("false".equalsIgnoreCase(value)) {
      return false;
    }
    throw new InvalidConfigurationException(key, "must be true or false: \"" + value + "\"");
  }

  public static long integer(String key, String value) {
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(key, "must be a whole number: \"" + value + "\"");
    }
  }

  public static int intValue(String key, String value) {
    long parsed = integer(key, value);
    if (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE) {
      throw new InvalidConfigurationException(key, "is too large: " + value);
    }
    return (int) parsed;
  }

  public static double ratio(String key, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(key, "must be a number between 0 and 1: \"" + value + "\"");
    }
  }

  public static double ratio(String key, double value) {
    if (!(value > 0.0 && value < 1.0)) {
      throw new InvalidConfigurationException(key, "must be between 0 and 1 (exclusive): " + value);
    }
    return value;
  }

  /** The longest duration any setting accepts: far beyond any sensible value, far from overflow. */
  static final Duration MAX_DURATION = Duration.ofDays(365);

  public static Duration positive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigurationException(key, "must be positive: " + value);
    }
    return atMostMaxDuration(key, value);
  }

  public static Duration nonNegative(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative()) {
      throw new InvalidConfigurationException(key, "must not be negative: " + value);
    }
    return atMostMaxDuration(key, value);
  }

  private static Duration atMostMaxDuration(String key, Duration value) {
    if (value.compareTo(MAX_DURATION) > 0) {
      throw new InvalidConfigurationException(key, "must be at most 365 days: " + value);
    }
    return value;
  }

  public static long positive(String key, long value) {
    if (value <= 0) {
      throw new InvalidConfigurationException(key, "must be positive: " + value);
    }
    return value;
  }

  public static long nonNegative(String key, long value) {
    if (value < 0) {
      throw new InvalidConfigurationException(key, "must not be negative: " + value);
    }
    return value;
  }
}
