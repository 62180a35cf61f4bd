package io.github.tokenvalidator.internal.config;

import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenFormat;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * The one reader of setting values: text to typed values, and the bounds every value is checked against,
 * whether it came as text or through a builder method. Stateless and thread-safe.
 *
 * <p>Every check names the setting it refused and never repeats a secret's value.
 */
public final class ValueParsers {
  /** Largest max-response-size: an introspection answer is a few hundred bytes, and a body is held whole. */
  public static final int MAX_RESPONSE_SIZE = 64 * 1024 * 1024;
  /** Largest max-token-length: far beyond any header a web server accepts, far from int overflow. */
  public static final int MAX_TOKEN_LENGTH = 1024 * 1024;
  /** Largest max-concurrent-introspections: far beyond what one authorization server should get at once. */
  public static final int MAX_CONCURRENT_INTROSPECTIONS = 10_000;

  private ValueParsers() {}

  /**
   * An endpoint URL: absolute {@code http(s)}, with a host name java.net.http can reach, a port from 1 to
   * 65535 if any, and no user info, query or fragment. User info is never repeated in a message.
   */
  public static URI uri(String key, String value) {
    String text = nonEmpty(key, value);
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidConfigurationException(key, "is not a valid URL (" + e.getReason() + ")" + echo(text));
    }
    String authority = uri.getRawAuthority();
    if (uri.getRawUserInfo() != null || (authority != null && authority.indexOf('@') >= 0)) {
      throw new InvalidConfigurationException(key,
          "must not carry user info (user:password@); the credentials go in client-id and client-secret");
    }
    if (uri.getScheme() == null || authority == null) {
      throw new InvalidConfigurationException(key, "must be an absolute http(s) URL with a host" + echo(text));
    }
    if (uri.getHost() == null) {
      // java.net.URI reads an authority that is not host[:port] (an '_' in the name, a bad port) as
      // registry-based, with no host; java.net.http's HttpClient refuses such a URI when sending.
      String host = authority.lastIndexOf(':') > 0 ? authority.substring(0, authority.lastIndexOf(':')) : authority;
      if (host.indexOf('_') >= 0) {
        throw new InvalidConfigurationException(key, "host \"" + host + "\" contains '_', which is not allowed in"
            + " a host name and which java.net.http's HttpClient refuses; use a name without '_' (in Docker"
            + " Compose, a service name or network alias such as " + host.replace('_', '-') + ")");
      }
      throw new InvalidConfigurationException(key,
          "must be an absolute http(s) URL with a host name and a port from 1 to 65535" + echo(text));
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new InvalidConfigurationException(key, "port must be from 1 to 65535, not " + uri.getPort());
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidConfigurationException(key, "must not carry a query or a fragment");
    }
    return uri;
  }

  /**
   * An HTTP proxy: {@code host:port}, {@code [v6]:port} or {@code http://host:port}, with a port from 1 to
   * 65535 and nothing else. The host is left unresolved: the HTTP client looks it up when it connects.
   */
  public static InetSocketAddress proxy(String key, String value) {
    String text = nonEmpty(key, value);
    String authority = text;
    if (text.regionMatches(true, 0, "http://", 0, 7)) {
      authority = text.substring(7);
      if (authority.endsWith("/")) {
        authority = authority.substring(0, authority.length() - 1);
      }
    } else if (text.contains("://")) {
      throw new InvalidConfigurationException(key, "must be host:port or http://host:port: only HTTP proxies are"
          + " supported (https:// endpoints go through them with CONNECT)");
    }
    if (authority.indexOf('@') >= 0) {
      throw new InvalidConfigurationException(key, "must not carry user info: proxy authentication is not supported");
    }
    URI uri;
    try {
      uri = new URI("http://" + authority);
    } catch (URISyntaxException e) {
      throw new InvalidConfigurationException(key, "must be host:port or http://host:port: " + text);
    }
    if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535 || !uri.getRawPath().isEmpty()
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidConfigurationException(key,
          "must be host:port or http://host:port, with a port from 1 to 65535: " + text);
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return InetSocketAddress.createUnresolved(host, uri.getPort());
  }

  /** A file name; whether the file can be read is checked by {@code build()}. */
  public static Path path(String key, String value) {
    String text = nonEmpty(key, value);
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new InvalidConfigurationException(key, "is not a valid file name: " + e.getReason());
    }
  }

  /** ": " and the value for a message, unless it may hold user info; a URL's password is never repeated. */
  private static String echo(String url) {
    return url.indexOf('@') >= 0 ? "" : ": " + url;
  }

  /** The value without surrounding whitespace (a trailing newline from a file or the environment is not part of it). */
  public static String nonEmpty(String key, String value) {
    String trimmed = value == null ? "" : value.trim();
    if (trimmed.isEmpty()) {
      throw new InvalidConfigurationException(key, "must not be empty");
    }
    return trimmed;
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
  public static String realm(String key, String given) {
    String value = nonEmpty(key, given);
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

  public static TokenFormat tokenFormat(String key, String value) {
    for (TokenFormat candidate : TokenFormat.values()) {
      if (candidate.settingValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return candidate;
      }
    }
    throw new InvalidConfigurationException(key, "must be one of opaque, jwt, auto; was \"" + value + "\"");
  }

  /** A comma-separated list, each element trimmed and none empty. */
  public static java.util.List<String> list(String key, String value) {
    java.util.List<String> elements = new java.util.ArrayList<>();
    for (String element : nonEmpty(key, value).split(",", -1)) {
      elements.add(nonEmpty(key, element));
    }
    return elements;
  }

  /** Each element of {@code values} non-empty and trimmed; the list itself may be empty. */
  public static java.util.List<String> nonEmptyElements(String key, java.util.List<String> values) {
    java.util.List<String> checked = new java.util.ArrayList<>();
    for (String value : values) {
      checked.add(nonEmpty(key, value));
    }
    return java.util.List.copyOf(checked);
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
  public static final Duration MAX_DURATION = Duration.ofDays(365);

  /** The shortest positive duration accepted: timeouts are handed on in milliseconds, and 0 ms means at once. */
  public static final Duration MIN_POSITIVE_DURATION = Duration.ofMillis(1);

  public static Duration positive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigurationException(key, "must be positive: " + value);
    }
    if (value.compareTo(MIN_POSITIVE_DURATION) < 0) {
      throw new InvalidConfigurationException(key, "must be at least 1ms: " + value);
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

  /** A whole number from 1 to {@code max}: the bounds keep the engine's arithmetic on it far from overflow. */
  public static int positive(String key, int value, int max) {
    positive(key, value);
    if (value > max) {
      throw new InvalidConfigurationException(key, "must be at most " + max + ": " + value);
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
