package io.github.tokenvalidator.testing;

import io.github.tokenvalidator.RequestView;
import java.security.cert.X509Certificate;

/**
 * Writes what a {@link RequestView} shows, one {@code key=value} line each, for the adapters' tests: a test
 * endpoint answers it, and the test reads back what its container handed to core. Stateless and thread-safe.
 */
public final class RequestViews {
  private RequestViews() {}

  /**
   * The view's method, URI parts, raw query, remote address, every {@code Authorization} value and the
   * client certificates' subjects (then their count), one line each.
   *
   * @param view the view
   * @return the lines, each ending in a newline
   */
  public static StringBuilder describe(RequestView view) {
    StringBuilder out = new StringBuilder();
    line(out, "method", view.method());
    line(out, "scheme", view.scheme());
    line(out, "host", view.host());
    line(out, "port", String.valueOf(view.port()));
    line(out, "path", view.path());
    line(out, "rawQuery", view.rawQuery());
    line(out, "remoteAddress", view.remoteAddress());
    for (String value : view.headers("authorization")) {
      line(out, "authorization", value);
    }
    for (X509Certificate certificate : view.clientCertificates()) {
      line(out, "certificate", certificate.getSubjectX500Principal().getName());
    }
    line(out, "certificates", String.valueOf(view.clientCertificates().size()));
    return out;
  }

  /**
   * Appends one {@code key=value} line.
   *
   * @param out the lines so far
   * @param key the key
   * @param value the value, or null
   * @return {@code out}
   */
  public static StringBuilder line(StringBuilder out, String key, String value) {
    return out.append(key).append('=').append(value).append('\n');
  }
}
