package io.github.tokenvalidator.internal.config;

import static io.github.tokenvalidator.Settings.Type.BOOLEAN;
import static io.github.tokenvalidator.Settings.Type.DURATION;
import static io.github.tokenvalidator.Settings.Type.INTEGER;
import static io.github.tokenvalidator.Settings.Type.STRING;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The settings of the HTTP client that talks to authorization servers: timeouts, proxy, trust, the
 * {@code http://} rule and the largest answer. Thread-safe.
 */
public final class TransportSettings {
  public static final Setting<Duration> CONNECT_TIMEOUT = Setting.define("connect-timeout", DURATION,
          ValueParsers::duration).within(ValueParsers::positive).byDefault("2s")
      .describe("Longest wait for a TCP/TLS connection to the authorization server.");
  public static final Setting<Duration> REQUEST_TIMEOUT = Setting.define("request-timeout", DURATION,
          ValueParsers::duration).within(ValueParsers::positive).byDefault("5s")
      .describe("Longest wait for a complete answer (headers and body).");
  public static final Setting<Boolean> ALLOW_INSECURE_HTTP = Setting.define("allow-insecure-http", BOOLEAN,
          ValueParsers::bool).byDefault("false")
      .describe("Allow `http://` endpoints on non-loopback hosts. Loopback (`localhost`, `127.0.0.0/8`,"
          + " `[::1]`) is always allowed.");
  public static final Setting<InetSocketAddress> PROXY = Setting.define("proxy", STRING, ValueParsers::proxy)
      .describe("HTTP proxy for every call to the authorization server: `host:port` or `http://host:port`;"
          + " `https://` endpoints are tunnelled through it with `CONNECT`. Unset: no proxy, and the JVM's"
          + " `http.proxyHost`/`https.proxyHost` properties are not read.");
  public static final Setting<Path> TRUST_STORE = Setting.define("trust-store", STRING, ValueParsers::path)
      .documentedDefault("none (the JDK's trust)")
      .describe("Key store file of the certificates trusted for `https://` endpoints, instead of the JDK's;"
          + " read by `build()`. Not together with the builder's `sslContext`.");
  public static final Setting<String> TRUST_STORE_PASSWORD = Setting.define("trust-store-password", STRING,
          ValueParsers::nonEmpty).secret()
      .describe("The trust store's password, if it has one. Never logged.");
  public static final Setting<String> TRUST_STORE_TYPE = Setting.define("trust-store-type", STRING,
          ValueParsers::nonEmpty).byDefault("PKCS12")
      .describe("`PKCS12`, `JKS`, or another type the JDK's `KeyStore` knows.");
  public static final Setting<Integer> MAX_RESPONSE_SIZE = Setting.define("max-response-size", INTEGER,
          ValueParsers::intValue).within((k, v) -> ValueParsers.positive(k, v, ValueParsers.MAX_RESPONSE_SIZE))
      .byDefault("1048576")
      .describe("Largest accepted answer body, in bytes; at most 67108864 (64 MiB).");

  private TransportSettings() {}

  /** {@code endpoint} must be {@code https://}, or {@code http://} to loopback unless insecure HTTP is allowed. */
  static void checkTransport(ValidatorConfig.Builder values, Setting<?> key, URI endpoint) {
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return;
    }
    if (!scheme.equals("http")) {
      throw values.invalid(key, "must be an http:// or https:// URL");
    }
    if (!values.get(ALLOW_INSECURE_HTTP) && !isLoopback(endpoint.getHost())) {
      throw values.invalid(key, "http:// is only allowed to a loopback host; use https:// "
          + "or set tokenvalidator.allow-insecure-http=true (" + endpoint.getHost() + ")");
    }
  }

  /**
   * Whether {@code host} is {@code localhost} or a loopback IP literal; names are never resolved at start-up,
   * since a DNS answer can change.
   *
   * @param host a URL's host, or null
   * @return whether it is loopback
   */
  public static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String lower = host.toLowerCase(Locale.ROOT);
    // Only the name itself: *.localhost goes to the system resolver, which may answer anything.
    if (lower.equals("localhost")) {
      return true;
    }
    boolean ipLiteral = lower.startsWith("[") || lower.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    if (!ipLiteral) {
      return false;
    }
    try {
      return InetAddress.getByName(lower).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
