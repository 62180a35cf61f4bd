package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A servlet request as core reads it: each method asks the request when called, nothing is copied ahead.
 * For one request, on a thread handling it; not thread-safe.
 *
 * <p>The values are the container's: where it applies forwarded headers itself (Tomcat's
 * {@code RemoteIpValve}, Jetty's {@code ForwardedRequestCustomizer}, Spring's {@code ForwardedHeaderFilter})
 * they are already the client's, the peer address included.
 */
final class ServletRequestView implements RequestView {
  /** The Servlet specification's request attribute for the verified client certificate chain. */
  static final String CERTIFICATES_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

  private final HttpServletRequest request;

  ServletRequestView(HttpServletRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String scheme() {
    return request.getScheme();
  }

  @Override
  public String host() {
    return request.getServerName();
  }

  @Override
  public int port() {
    return request.getServerPort();
  }

  /** {@code getRequestURI()}: the context path and the rest, not decoded. */
  @Override
  public String path() {
    return request.getRequestURI();
  }

  @Override
  public String rawQuery() {
    return request.getQueryString();
  }

  @Override
  public String remoteAddress() {
    return request.getRemoteAddr();
  }

  @Override
  public List<String> headers(String name) {
    return values(request.getHeaders(name));
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    Object chain = request.getAttribute(CERTIFICATES_ATTRIBUTE);
    return chain instanceof X509Certificate[] ? List.of((X509Certificate[]) chain) : List.of();
  }

  /** The values of an enumeration of header values; a list of one, the usual case, without an ArrayList. */
  static List<String> values(Enumeration<String> headers) {
    if (headers == null || !headers.hasMoreElements()) {
      return List.of();
    }
    String first = headers.nextElement();
    if (!headers.hasMoreElements()) {
      return List.of(first);
    }
    List<String> values = new ArrayList<>();
    values.add(first);
    values.addAll(Collections.list(headers));
    return values;
  }

}
