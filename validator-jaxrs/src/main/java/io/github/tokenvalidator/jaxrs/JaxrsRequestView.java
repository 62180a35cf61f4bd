package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.RequestView;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A JAX-RS request as core reads it, through the standard API only: each method asks the request context
 * when called, nothing is copied ahead. For one request, on a thread handling it; not thread-safe.
 *
 * <p>Method, URI parts and query come from {@code getUriInfo().getRequestUri()}, as the runtime built it
 * from what the server received. Two things depend on the runtime:
 * <ul>
 *   <li>the peer's address: the JAX-RS API has none, so {@link #remoteAddress()} is always null and
 *       {@code trusted-proxies} never applies here;
 *   <li>the client certificates: read from the request property
 *       {@code jakarta.servlet.request.X509Certificate}, which runtimes deployed on a servlet container
 *       (Jersey's {@code ServletContainer}, RESTEasy's servlet dispatcher, also on Undertow) fill from the
 *       servlet request's attribute; elsewhere (Jersey on the JDK's HTTP server) the list is empty.
 * </ul>
 */
final class JaxrsRequestView implements RequestView {
  /** The Servlet specification's request attribute, which servlet-based runtimes show as a property. */
  static final String CERTIFICATES_PROPERTY = "jakarta.servlet.request.X509Certificate";

  private final ContainerRequestContext request;

  JaxrsRequestView(ContainerRequestContext request) {
    this.request = request;
  }

  private URI uri() {
    return request.getUriInfo().getRequestUri();
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String scheme() {
    return uri().getScheme();
  }

  @Override
  public String host() {
    URI uri = uri();
    if (uri.getHost() != null) {
      return uri.getHost();
    }
    // an authority java.net.URI does not take for host[:port] (an '_' in the name): the whole of it, less a port
    String authority = uri.getRawAuthority();
    if (authority == null) {
      return null;
    }
    int colon = authority.lastIndexOf(':');
    return colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
  }

  @Override
  public int port() {
    return uri().getPort();
  }

  @Override
  public String path() {
    return uri().getRawPath();
  }

  @Override
  public String rawQuery() {
    return uri().getRawQuery();
  }

  @Override
  public List<String> headers(String name) {
    List<String> values = request.getHeaders().get(name);
    return values == null ? List.of() : values;
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    Object chain = request.getProperty(CERTIFICATES_PROPERTY);
    return chain instanceof X509Certificate[] ? List.of((X509Certificate[]) chain) : List.of();
  }
}
