package io.github.tokenvalidator.spring.boottests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The development authorization server behind a front the test controls: it passes every call through,
 * counts introspections, and can answer as MobileFirst does in a conflict (409 to introspection) or as a
 * server in an outage (503 to everything).
 */
final class FrontedAuthorizationServer implements AutoCloseable {
  enum Mode {
    PASS,
    CONFLICT,
    OUTAGE
  }

  private final DevAuthorizationServer devServer = DevAuthorizationServer.start();
  private final HttpClient client = HttpClient.newHttpClient();
  private final ExecutorService threads = Executors.newFixedThreadPool(16);
  private final HttpServer front;
  private final AtomicInteger introspections = new AtomicInteger();
  private volatile Mode mode = Mode.PASS;

  FrontedAuthorizationServer() {
    try {
      front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    front.createContext("/", this::forward);
    front.setExecutor(threads);
    front.start();
  }

  /** The MobileFirst runtime API base of the front, for {@code tokenvalidator.server-url}. */
  String serverUrl() {
    return "http://127.0.0.1:" + front.getAddress().getPort() + DevAuthorizationServer.DEFAULT_RUNTIME_PATH;
  }

  String issueToken(String scope) {
    return devServer.issueToken("mobile-app", scope, "alice");
  }

  /** A token for the RFC 8707 {@code resource}, from a login of class {@code acr} (null for none) just now. */
  String issueToken(String scope, String resource, String acr) {
    return devServer.issueToken("mobile-app", scope, "alice", resource, acr);
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  int introspections() {
    return introspections.get();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      boolean introspection = exchange.getRequestURI().getPath().endsWith("/introspection");
      if (introspection) {
        introspections.incrementAndGet();
      }
      Mode now = mode;
      if (now == Mode.OUTAGE || (now == Mode.CONFLICT && introspection)) {
        exchange.sendResponseHeaders(now == Mode.OUTAGE ? 503 : 409, -1);
        return;
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + devServer.port() + exchange.getRequestURI()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        String name = header.getKey();
        if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Content-Type")
            || name.equalsIgnoreCase("Accept")) {
          header.getValue().forEach(value -> request.header(name, value));
        }
      }
      HttpResponse<byte[]> answer;
      try {
        answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      answer.headers().map().forEach((name, values) -> {
        if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")
            && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      byte[] bytes = answer.body();
      exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    front.stop(0);
    threads.shutdownNow();
    devServer.close();
  }
}
