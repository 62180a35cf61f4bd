package io.github.tokenvalidator;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as an adapter would show it, built by hand for core's unit tests: the adapters' own views are
 * tested on real containers in their modules. Not thread-safe.
 */
public final class TestRequestView implements RequestView {
  private final String method;
  private final String scheme;
  private final String host;
  private final int port;
  private final String path;
  private String rawQuery;
  private String remoteAddress;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private List<X509Certificate> certificates = List.of();

  private TestRequestView(String method, String scheme, String host, int port, String path) {
    this.method = method;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.path = path;
  }

  /** A GET of {@code scheme://host:port/path} as the container saw it. */
  public static TestRequestView get(String scheme, String host, int port, String path) {
    return new TestRequestView("GET", scheme, host, port, path);
  }

  /** Sets the immediate peer's address. */
  public TestRequestView from(String address) {
    this.remoteAddress = address;
    return this;
  }

  /** Adds one header line. */
  public TestRequestView header(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
    return this;
  }

  /** Sets the raw query. */
  public TestRequestView query(String query) {
    this.rawQuery = query;
    return this;
  }

  /** Sets the verified client certificate chain. */
  public TestRequestView certificates(List<X509Certificate> chain) {
    this.certificates = List.copyOf(chain);
    return this;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String scheme() {
    return scheme;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String rawQuery() {
    return rawQuery;
  }

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public List<X509Certificate> clientCertificates() {
    return certificates;
  }
}
