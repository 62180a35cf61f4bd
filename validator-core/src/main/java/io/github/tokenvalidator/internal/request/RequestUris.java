package io.github.tokenvalidator.internal.request;

import io.github.tokenvalidator.RequestView;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The URI of a request as its client sent it: scheme, host, port and path, without query or fragment.
 * Immutable and thread-safe.
 *
 * <p>In this order of precedence:
 * <ol>
 *   <li>{@code external-url} when set: its scheme, host and port, its path before the request's;
 *   <li>the forwarded headers, only when the peer ({@link RequestView#remoteAddress()}) is one of the
 *       {@code trusted-proxies}: {@code Forwarded} (RFC 7239) when present, else {@code X-Forwarded-Proto},
 *       {@code -Host} and {@code -Port}; and {@code X-Forwarded-Prefix} before the path with either;
 *   <li>the container's own view of the request.
 * </ol>
 *
 * <p>Which forwarded values are believed: a proxy adds its element to {@code Forwarded} (or its value to
 * an {@code X-Forwarded-*} list) after whatever the request already carried, so only the last one is
 * certainly the trusted peer's; earlier ones may be the client's own invention. For {@code Forwarded}, the
 * element used is the last one, or an earlier one reached by walking left while the current element's
 * {@code for} is itself a trusted proxy (that proxy wrote the element before it): with a chain of trusted
 * proxies this is the element the outermost one wrote, describing the request as the client sent it. An
 * {@code X-Forwarded-*} list has no {@code for} per value to walk by, so its last value is used: the
 * proxy next to the application must send the client's values.
 *
 * <p>A forwarded host or scheme replaces the container's port as well: the port is the forwarded host's,
 * else {@code X-Forwarded-Port}, else the scheme's default. Forwarded values must be well-formed ({@code http}
 * or {@code https}; a host name, IPv4 or bracketed IPv6 address with an optional port; a port from 1 to
 * 65535; a prefix of path characters starting with {@code /}): otherwise the request's URI is the
 * container's, whole, and the cause is logged at DEBUG. Nothing here throws for anything a client sent.
 */
public final class RequestUris {
  private static final Logger LOG = LoggerFactory.getLogger(RequestUris.class);

  private final URI externalUrl;
  private final String externalBasePath;
  private final TrustedProxies trustedProxies;

  /**
   * The rules for one validator.
   *
   * @param externalUrl the {@code external-url} setting, or null
   * @param trustedProxies the {@code trusted-proxies} setting
   */
  public RequestUris(URI externalUrl, TrustedProxies trustedProxies) {
    this.externalUrl = externalUrl;
    String basePath = externalUrl == null || externalUrl.getRawPath() == null ? "" : externalUrl.getRawPath();
    this.externalBasePath = stripTrailingSlashes(basePath);
    this.trustedProxies = trustedProxies;
  }

  /**
   * The URI {@code request}'s client sent.
   *
   * @param request the request
   * @return an absolute URI with scheme, host, port (omitted when it is the scheme's default) and path
   */
  public URI of(RequestView request) {
    String path = requestPath(request.path());
    if (externalUrl != null) {
      return uri(externalUrl.getScheme(), externalUrl.getHost(), externalUrl.getPort(), externalBasePath + path);
    }
    String scheme = containerScheme(request.scheme());
    if (!trustedProxies.isEmpty() && trustedProxies.contains(request.remoteAddress())) {
      URI forwarded = forwarded(request, scheme, path);
      if (forwarded != null) {
        return forwarded;
      }
    }
    return uri(scheme, containerHost(request.host()), request.port(), path);
  }

  /** The URI the trusted peer's headers describe, or null when it sent none or a malformed one. */
  private URI forwarded(RequestView request, String containerScheme, String path) {
    String proto = null;
    String host = null;
    String port = null;
    List<String> forwardedValues = request.headers("Forwarded");
    if (!forwardedValues.isEmpty()) {
      List<ForwardedHeader.Element> elements = ForwardedHeader.parse(forwardedValues);
      if (elements == null) {
        return malformed("Forwarded");
      }
      if (!elements.isEmpty()) {
        int chosen = elements.size() - 1;
        while (chosen > 0 && trustedProxies.contains(forNode(elements.get(chosen).forValue))) {
          chosen--;
        }
        proto = elements.get(chosen).proto;
        host = elements.get(chosen).host;
      }
    } else {
      proto = lastValue(request.headers("X-Forwarded-Proto"));
      host = lastValue(request.headers("X-Forwarded-Host"));
      port = lastValue(request.headers("X-Forwarded-Port"));
    }
    String prefix = lastValue(request.headers("X-Forwarded-Prefix"));
    // an empty value (an empty last list element, a quoted "") says nothing that could be used
    if (isEmpty(proto) || isEmpty(host) || isEmpty(port) || isEmpty(prefix)) {
      return malformed(forwardedValues.isEmpty() ? "X-Forwarded-*" : "Forwarded");
    }
    if (proto == null && host == null && port == null && prefix == null) {
      return null;
    }
    String scheme = containerScheme;
    if (proto != null) {
      scheme = proto.toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return malformed("forwarded proto");
      }
    }
    String hostName = containerHost(request.host());
    int portNumber = proto == null && host == null ? request.port() : -1;
    if (host != null) {
      int colon = host.startsWith("[") ? host.indexOf(':', host.indexOf(']')) : host.lastIndexOf(':');
      hostName = colon < 0 ? host : host.substring(0, colon);
      if (!isHost(hostName)) {
        return malformed("forwarded host");
      }
      hostName = hostName.toLowerCase(Locale.ROOT);
      if (colon >= 0) {
        portNumber = port(host.substring(colon + 1));
        if (portNumber < 0) {
          return malformed("forwarded host's port");
        }
      }
    }
    if (port != null) {
      portNumber = port(port);
      if (portNumber < 0) {
        return malformed("X-Forwarded-Port");
      }
    }
    if (prefix != null) {
      prefix = stripTrailingSlashes(prefix);
      if (!isPrefix(prefix)) {
        return malformed("X-Forwarded-Prefix");
      }
      path = prefix + path;
    }
    return uri(scheme, hostName, portNumber, path);
  }

  private static URI malformed(String header) {
    LOG.debug("A malformed {} header from a trusted proxy; the request's URI is the container's", header);
    return null;
  }

  private static boolean isEmpty(String value) {
    return value != null && value.isEmpty();
  }

  /**
   * The last element of a comma-separated list spread over header lines, trimmed: null when there is no
   * header or only blank ones, empty when the last element is.
   */
  private static String lastValue(List<String> values) {
    for (int i = values.size() - 1; i >= 0; i--) {
      String value = values.get(i);
      if (value == null || value.isBlank()) {
        continue;
      }
      return value.substring(value.lastIndexOf(',') + 1).trim();
    }
    return null;
  }

  /** The address in a {@code for} value ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}), or null. */
  private static String forNode(String node) {
    if (node == null) {
      return null;
    }
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      return close < 0 ? null : node.substring(0, close + 1);
    }
    int colon = node.indexOf(':');
    return colon < 0 ? node : node.substring(0, colon);
  }

  /** A port from 1 to 65535, or -1. */
  private static int port(String text) {
    if (text.isEmpty() || text.length() > 5) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value >= 1 && value <= 65535 ? value : -1;
  }

  /** A bracketed IPv6 address, or a host name or IPv4 address: letters, digits, {@code -}, {@code .}, {@code _}. */
  private static boolean isHost(String host) {
    if (host.startsWith("[")) {
      byte[] address = host.indexOf('%') < 0 ? IpLiterals.parse(host) : null;
      return address != null && address.length == 16;
    }
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** Path characters after a {@code /}, no {@code .} or {@code ..} segment, {@code %} only before two hex digits. */
  private static boolean isPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return true;
    }
    if (prefix.charAt(0) != '/' || prefix.contains("//")) {
      return false;
    }
    for (String segment : prefix.substring(1).split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '%') {
        if (!isEscape(prefix, i)) {
          return false;
        }
      } else if (c == ',' || !isPathChar(c)) {
        return false;
      }
    }
    return true;
  }

  private static String stripTrailingSlashes(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }

  /** The container's scheme, lower-case; {@code http} when it gives none. */
  private static String containerScheme(String scheme) {
    if (scheme == null || scheme.isEmpty()) {
      return "http";
    }
    String lower = scheme.toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.');
      if (!ok) {
        return "http";
      }
    }
    return lower;
  }

  /**
   * The container's host, lower-case, an IPv6 address in brackets, and any character a URI's host may not
   * hold %-encoded; {@code localhost} when it gives none.
   */
  private static String containerHost(String host) {
    if (host == null || host.isEmpty()) {
      return "localhost";
    }
    String lower = host.toLowerCase(Locale.ROOT);
    if (lower.indexOf(':') >= 0) {
      byte[] address = IpLiterals.parse(lower);
      if (address != null && address.length == 16) {
        String bare = lower.startsWith("[") ? lower.substring(1, lower.length() - 1) : lower;
        int zone = bare.indexOf('%');
        return "[" + (zone < 0 ? bare : bare.substring(0, zone)) + "]";
      }
    }
    return escape(lower, false);
  }

  /**
   * A container's path as a URI path: as received, but with any character a URI path may not hold (and a
   * {@code %} not before two hex digits) %-encoded, so that no request can make the URI unbuildable.
   */
  private static String requestPath(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    String escaped = escape(path, true);
    return escaped.charAt(0) == '/' ? escaped : "/" + escaped;
  }

  /** {@code text} with every character outside a path's (or a host name's) %-encoded as UTF-8. */
  private static String escape(String text, boolean path) {
    int i = 0;
    while (i < text.length() && allowed(text, i, path)) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
    while (i < text.length()) {
      if (allowed(text, i, path)) {
        out.append(text.charAt(i));
        i++;
        continue;
      }
      int codePoint = text.codePointAt(i);
      int next = i + Character.charCount(codePoint);
      byte[] bytes = text.substring(i, next).getBytes(StandardCharsets.UTF_8);
      for (byte b : bytes) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4 & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
      i = next;
    }
    return out.toString();
  }

  private static boolean allowed(String text, int i, boolean path) {
    char c = text.charAt(i);
    if (c == '%') {
      return isEscape(text, i);
    }
    if (path) {
      return isPathChar(c);
    }
    // a registered name (RFC 3986 §3.2.2): unreserved and sub-delimiters
    return isUnreserved(c) || "!$&'()*+,;=".indexOf(c) >= 0;
  }

  /** Whether a {@code %} at {@code i} starts an escape: two hex digits follow. */
  private static boolean isEscape(String text, int i) {
    return i + 2 < text.length() && Ascii.hexDigit(text.charAt(i + 1)) >= 0 && Ascii.hexDigit(text.charAt(i + 2)) >= 0;
  }

  /** RFC 3986 {@code pchar} or {@code /}, less {@code %} (checked apart). */
  private static boolean isPathChar(char c) {
    return isUnreserved(c) || "!$&'()*+,;=:@/".indexOf(c) >= 0;
  }

  private static boolean isUnreserved(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
        || c == '~';
  }


  /** {@code scheme://host[:port]path}, the port left out when it is the scheme's default or unknown. */
  private static URI uri(String scheme, String host, int port, String path) {
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    StringBuilder text = new StringBuilder(lowerScheme.length() + host.length() + path.length() + 10)
        .append(lowerScheme).append("://").append(host.toLowerCase(Locale.ROOT));
    if (port > 0 && port <= 65535 && port != defaultPort(lowerScheme)) {
      text.append(':').append(port);
    }
    text.append(path);
    try {
      return new URI(text.toString());
    } catch (URISyntaxException e) {
      // every part was checked or escaped above; this would be a bug here, not a client's doing
      throw new IllegalStateException("Unbuildable request URI", e);
    }
  }

  private static int defaultPort(String scheme) {
    switch (scheme) {
      case "http":
        return 80;
      case "https":
        return 443;
      default:
        return -1;
    }
  }
}
