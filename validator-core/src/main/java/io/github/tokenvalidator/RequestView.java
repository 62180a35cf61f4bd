package io.github.tokenvalidator;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the validator reads of an HTTP request, as a framework adapter shows it to
 * {@link TokenValidator#validate(RequestView, Scope)} and {@link TokenValidator#requestUri(RequestView)}.
 *
 * <p>An adapter implements it over its framework's request object without copying: each method reads the
 * request when called, and the validator calls only those it needs. Values are reported as the container
 * received or derived them; the adapter decides nothing (which proxy to believe, which header wins):
 * core does. The servlet filter, the JAX-RS feature and the Spring Boot starter each provide one.
 *
 * <p>A view belongs to one request and is used on a thread handling it; it need not be thread-safe.
 */
public interface RequestView {
  /** {@return the request method, such as {@code GET}} */
  String method();

  /** {@return the scheme the container received the request by, {@code http} or {@code https}} */
  String scheme();

  /**
   * {@return the host the container saw the request addressed to (from the {@code Host} header or the
   * request target), without the port; an IPv6 address with or without brackets}
   */
  String host();

  /** {@return the port the container saw the request addressed to; -1 when unknown} */
  int port();

  /**
   * {@return the path as received, still %-encoded, including any context path, without the query: for
   * {@code GET /bank/api/a%20b?x=1}, {@code /bank/api/a%20b}}
   */
  String path();

  /** {@return the query as received, still %-encoded, without {@code ?}; null when the request has none} */
  String rawQuery();

  /**
   * {@return the IP address of the immediate peer (the client, or the proxy that connected), as an IP
   * literal; null when the framework does not expose it} Never looked up by name. The default answers
   * null.
   */
  default String remoteAddress() {
    return null;
  }

  /**
   * Every value of a request header, in the order received.
   *
   * @param name the header's name, matched without regard to case
   * @return the values, empty when the request has no such header; not to be modified
   */
  List<String> headers(String name);

  /**
   * {@return the client's certificate chain as the TLS layer verified it, the client's own first; empty
   * when the connection carried none or the framework does not expose it} The default answers empty.
   */
  default List<X509Certificate> clientCertificates() {
    return List.of();
  }
}
