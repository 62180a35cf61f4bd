package io.github.tokenvalidator.examples;

import io.github.tokenvalidator.testing.TestJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Real HTTP calls with the JDK client, and a small JSON reader for the answers. */
final class Http {
  static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Http() {}

  /** GET with the given request headers (name, value, name, value, ...); a name may repeat. */
  static HttpResponse<String> get(URI uri, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  /** GET with {@code Authorization: Bearer token}. */
  static HttpResponse<String> getWithToken(URI uri, String token) {
    return get(uri, "Authorization", "Bearer " + token);
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A JSON object as maps, lists, strings, numbers, booleans and nulls. */
  static Map<String, Object> json(String body) {
    return TestJson.object(body);
  }

  /** {@code json(body)}'s object at a dotted path, e.g. {@code token.device}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> json, String path) {
    Map<String, Object> current = json;
    for (String name : path.split("\\.")) {
      current = (Map<String, Object>) current.get(name);
    }
    return current;
  }
}
