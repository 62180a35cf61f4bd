package io.github.tokenvalidator.internal.dpop;

import io.github.tokenvalidator.internal.request.Ascii;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The normal form (RFC 3986 §6.2.2 and §6.2.3) in which a proof's {@code htu} and the request's URI are
 * compared: scheme and host in lower case, the scheme's default port left out, an empty path as {@code /},
 * dot segments removed, %-escapes of unreserved characters decoded and the others in upper case; query and
 * fragment dropped (RFC 9449 §4.3, step 9). Stateless and thread-safe.
 */
final class HttpUris {
  private HttpUris() {}

  /**
   * The normal form of an absolute {@code http} or {@code https} URI.
   *
   * @param text the URI as sent
   * @return its normal form, or null when it is not such a URI (relative, another scheme, no host, user info,
   *     malformed)
   */
  static String normalize(String text) {
    URI uri;
    try {
      uri = new URI(text).normalize();
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getRawAuthority() == null
        || uri.getHost() == null || uri.getRawUserInfo() != null) {
      return null;
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    StringBuilder out = new StringBuilder(text.length() + 1).append(scheme).append("://")
        .append(uri.getHost().toLowerCase(Locale.ROOT));
    int port = uri.getPort();
    if (port >= 0 && port != ("http".equals(scheme) ? 80 : 443)) {
      out.append(':').append(port);
    }
    return appendPath(out, path) ? out.toString() : null;
  }

  /** Appends {@code path} with its %-escapes in normal form; false for a malformed escape. */
  private static boolean appendPath(StringBuilder out, String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= path.length()) {
        return false;
      }
      int high = Ascii.hexDigit(path.charAt(i + 1));
      int low = Ascii.hexDigit(path.charAt(i + 2));
      if (high < 0 || low < 0) {
        return false;
      }
      char decoded = (char) (high << 4 | low);
      if (isUnreserved(decoded)) {
        out.append(decoded);
      } else {
        out.append('%').append(Character.toUpperCase(path.charAt(i + 1)))
            .append(Character.toUpperCase(path.charAt(i + 2)));
      }
      i += 2;
    }
    return true;
  }

  private static boolean isUnreserved(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
        || c == '_' || c == '~';
  }
}
