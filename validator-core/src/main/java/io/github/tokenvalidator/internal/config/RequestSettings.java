package io.github.tokenvalidator.internal.config;

import static io.github.tokenvalidator.Settings.Type.INTEGER;
import static io.github.tokenvalidator.Settings.Type.STRING;
import static io.github.tokenvalidator.Settings.Type.URL;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.internal.request.TrustedProxies;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The settings of how a request is read and answered: the challenge's realm, the longest token, and where
 * the URI the client sent comes from (trusted proxies, external URL). Thread-safe.
 */
public final class RequestSettings {
  public static final Setting<String> REALM = Setting.define("realm", STRING, ValueParsers::realm)
      .describe("`realm=\"…\"` in every challenge. Printable ASCII.");
  public static final Setting<List<String>> TRUSTED_PROXIES = Setting.define("trusted-proxies", STRING,
          ValueParsers::list).within(TrustedProxies::check).byDefaultValue(List.of())
      .describe("Comma-separated IP addresses and CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`) of the proxies whose"
          + " `Forwarded` and `X-Forwarded-*` headers give the URI the client sent. IP literals only, never looked"
          + " up. None: those headers are never read. See [Behind a proxy](#behind-a-proxy).");
  public static final Setting<URI> EXTERNAL_URL = Setting.define("external-url", URL, RequestSettings::externalUrl)
      .describe("The application's public base URL, e.g. `https://api.example.com/base`: the URI the client sent"
          + " is this scheme, host and port, and this path before the request's. Wins over forwarded headers.");
  public static final Setting<Integer> MAX_TOKEN_LENGTH = Setting.define("max-token-length", INTEGER,
          ValueParsers::intValue).within((k, v) -> ValueParsers.positive(k, v, ValueParsers.MAX_TOKEN_LENGTH))
      .byDefault("8192")
      .describe("Longest accepted token; longer ones are `invalid_token` without any call. At most 1048576.");

  private RequestSettings() {}

  /** An {@code http(s)} base URL as {@link ValueParsers#uri} reads endpoints; user info is refused in words that fit here. */
  private static URI externalUrl(String key, String value) {
    String text = ValueParsers.nonEmpty(key, value);
    int authority = text.indexOf("://");
    int end = authority < 0 ? -1 : text.indexOf('/', authority + 3);
    String authorityText = authority < 0 ? "" : text.substring(authority + 3, end < 0 ? text.length() : end);
    if (authorityText.indexOf('@') >= 0) {
      throw new InvalidConfigurationException(key, "must not carry user info (user:password@)");
    }
    URI uri = ValueParsers.uri(key, text);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidConfigurationException(key, "must be an http:// or https:// URL: " + text);
    }
    return uri;
  }
}
