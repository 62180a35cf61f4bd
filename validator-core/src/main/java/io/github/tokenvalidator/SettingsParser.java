package io.github.tokenvalidator;

import io.github.tokenvalidator.TokenValidator.ClientAuthentication;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one parser of validator settings, shared by properties, environment variables, servlet
 * init-parameters and the examples; it applies {@link Settings#keys()} to a {@link TokenValidator.Builder},
 * whose setters check each value with the checks below. Stateless and thread-safe.
 *
 * <p>Every check names the setting it refused and never repeats a secret's value.
 */
final class SettingsParser {
  private SettingsParser() {}

  /** Applies every {@code tokenvalidator.*} entry but those under {@code tokenvalidator.spring.}; other keys are ignored. */
  static void applyProperties(TokenValidator.Builder builder, Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    for (Map.Entry<String, String> entry : new TreeMap<>(properties).entrySet()) {
      String name = entry.getKey();
      if (name != null && name.startsWith(Settings.PROPERTY_PREFIX) && !name.startsWith(Settings.SPRING_PROPERTY_PREFIX)) {
        String key = name.substring(Settings.PROPERTY_PREFIX.length());
        Settings.Key setting = Settings.key(key).orElseThrow(() -> new InvalidConfigurationException(key,
            "unknown setting; known: " + Settings.keys().stream().map(Settings.Key::name).collect(Collectors.joining(", "))));
        apply(builder, setting, name, entry.getValue());
      }
    }
  }

  /** Applies every {@code TOKENVALIDATOR_*} variable but those under {@code TOKENVALIDATOR_SPRING_}; other variables are ignored. */
  static void applyEnvironment(TokenValidator.Builder builder, Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Map<String, Settings.Key> byVariable = new LinkedHashMap<>();
    for (Settings.Key key : Settings.keys()) {
      byVariable.put(key.environmentName(), key);
    }
    for (Map.Entry<String, String> entry : new TreeMap<>(environment).entrySet()) {
      String name = entry.getKey();
      if (name == null || !name.startsWith(Settings.ENVIRONMENT_PREFIX) || name.startsWith(Settings.SPRING_ENVIRONMENT_PREFIX)) {
        continue;
      }
      Settings.Key key = byVariable.get(name);
      if (key == null) {
        throw new InvalidConfigurationException(null, name + ": unknown setting; known: "
            + String.join(", ", byVariable.keySet()));
      }
      apply(builder, key, name, entry.getValue());
    }
  }

  private static void apply(TokenValidator.Builder builder, Settings.Key setting, String spelledAs, String value) {
    String key = setting.name();
    if (value == null) {
      throw new InvalidConfigurationException(key, "has no value");
    }
    String trimmed = key.equals("client-secret") ? value : value.trim();
    try {
      setting.apply(builder, trimmed);
    } catch (IllegalArgumentException e) {
      String detail = e.getMessage();
      String propertyPrefix = Settings.PROPERTY_PREFIX + key + ": ";
      if (e instanceof InvalidConfigurationException && detail.startsWith(propertyPrefix)) {
        detail = detail.substring(propertyPrefix.length());
      }
      // Name the setting as the user wrote it: an environment variable, or the property.
      String source = spelledAs.equals(setting.propertyName()) ? spelledAs : spelledAs + " (" + setting.propertyName() + ")";
      throw new InvalidConfigurationException(key, source, detail);
    }
  }

  /** A URI from a setting value. */
  static URI uri(String key, String value) {
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

  static String nonEmpty(String key, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidConfigurationException(key, "must not be empty");
    }
    return value;
  }

  static Scope scope(String key, String value) {
    try {
      return Scope.of(nonEmpty(key, value));
    } catch (InvalidConfigurationException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(key, e.getMessage());
    }
  }

  /** A realm: printable ASCII without quotes or backslashes, so it is stated as given in every challenge. */
  static String realm(String key, String value) {
    nonEmpty(key, value);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7F) {
        throw new InvalidConfigurationException(key, "must be printable ASCII");
      }
    }
    return value;
  }

  static ClientAuthentication clientAuthentication(String key, String value) {
    for (ClientAuthentication candidate : ClientAuthentication.values()) {
      if (candidate.settingValue().equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw new InvalidConfigurationException(key,
        "must be one of mobilefirst-bearer, basic, post; was \"" + value + "\"");
  }

  /** A duration in ISO-8601 ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
  static Duration duration(String key, String value) {
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

  static boolean bool(String key, String value) {
    if ("true".equalsIgnoreCase(value)) {
      return true;
    }
    if ("false".equalsIgnoreCase(value)) {
      return false;
    }
    throw new InvalidConfigurationException(key, "must be true or false: \"" + value + "\"");
  }

  static long integer(String key, String value) {
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(key, "must be a whole number: \"" + value + "\"");
    }
  }

  static int intValue(String key, String value) {
    long parsed = integer(key, value);
    if (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE) {
      throw new InvalidConfigurationException(key, "is too large: " + value);
    }
    return (int) parsed;
  }

  static double ratio(String key, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(key, "must be a number between 0 and 1: \"" + value + "\"");
    }
  }

  static double ratio(String key, double value) {
    if (!(value > 0.0 && value < 1.0)) {
      throw new InvalidConfigurationException(key, "must be between 0 and 1 (exclusive): " + value);
    }
    return value;
  }

  /** The longest duration any setting accepts: far beyond any sensible value, far from overflow. */
  static final Duration MAX_DURATION = Duration.ofDays(365);

  static Duration positive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigurationException(key, "must be positive: " + value);
    }
    return atMostMaxDuration(key, value);
  }

  static Duration nonNegative(String key, Duration value) {
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

  static long positive(String key, long value) {
    if (value <= 0) {
      throw new InvalidConfigurationException(key, "must be positive: " + value);
    }
    return value;
  }

  static long nonNegative(String key, long value) {
    if (value < 0) {
      throw new InvalidConfigurationException(key, "must not be negative: " + value);
    }
    return value;
  }
}
