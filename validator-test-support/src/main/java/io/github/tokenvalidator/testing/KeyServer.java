package io.github.tokenvalidator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * An issuer's key server on MockWebServer, shaped like IBM App ID: issuer {@code {base}/oauth/v4/tenant-1},
 * keys at {@code {issuer}/publickeys}, OpenID discovery at {@code {issuer}/.well-known/openid-configuration}
 * or, with {@link #rfc8414Only}, RFC 8414 metadata at {@code /.well-known/oauth-authorization-server/oauth/v4/tenant-1}.
 * Tests change the keys, the {@code Cache-Control} header, take the server down and count requests per
 * path. Thread-safe.
 */
public final class KeyServer implements AutoCloseable {
  public static final String TENANT_PATH = "/oauth/v4/tenant-1";

  private final MockWebServer server = new MockWebServer();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private volatile String jwks = TestKey.jwks(List.of());
  private volatile String cacheControl;
  private volatile boolean down;
  private volatile boolean rfc8414Only;
  private volatile String metadataIssuer;

  private KeyServer() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer(request);
      }
    });
  }

  /** Starts a server on a free loopback port. */
  public static KeyServer start() {
    KeyServer keyServer = new KeyServer();
    try {
      keyServer.server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keyServer;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  public String issuer() {
    return baseUrl() + TENANT_PATH;
  }

  public String jwksUri() {
    return issuer() + "/publickeys";
  }

  /** Serves these keys from now on. */
  public KeyServer keys(TestKey... keys) {
    this.jwks = TestKey.jwks(keys);
    return this;
  }

  /** Serves this exact JWK Set body from now on. */
  public KeyServer jwksBody(String body) {
    this.jwks = body;
    return this;
  }

  /** The {@code Cache-Control} header of key answers; null for none. */
  public KeyServer cacheControl(String value) {
    this.cacheControl = value;
    return this;
  }

  /** While down, every connection is dropped before an answer, as an unreachable server would. */
  public KeyServer down(boolean down) {
    this.down = down;
    return this;
  }

  /** Answer 404 to OpenID discovery, serving RFC 8414 metadata (path-insertion form) instead. */
  public KeyServer rfc8414Only(boolean only) {
    this.rfc8414Only = only;
    return this;
  }

  /** The {@code issuer} the metadata names; default {@link #issuer()}. */
  public KeyServer metadataIssuer(String issuer) {
    this.metadataIssuer = issuer;
    return this;
  }

  /** Requests received for {@code path} so far. */
  public int requestCount(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  public int keyRequests() {
    return requestCount(TENANT_PATH + "/publickeys");
  }

  /** Every request received so far. */
  public int totalRequests() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    try {
      server.shutdown();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private MockResponse answer(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    if (down) {
      return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START);
    }
    String metadata = TestJson.write(Map.of("issuer", metadataIssuer != null ? metadataIssuer : issuer(),
        "jwks_uri", jwksUri()));
    if (path.equals(TENANT_PATH + "/publickeys")) {
      MockResponse response = json(jwks);
      return cacheControl == null ? response : response.setHeader("Cache-Control", cacheControl);
    }
    if (path.equals(TENANT_PATH + "/.well-known/openid-configuration") && !rfc8414Only) {
      return json(metadata);
    }
    if (path.equals("/.well-known/oauth-authorization-server" + TENANT_PATH) && rfc8414Only) {
      return json(metadata);
    }
    return new MockResponse().setResponseCode(404);
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }
}
