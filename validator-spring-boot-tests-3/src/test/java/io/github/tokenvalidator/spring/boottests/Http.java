package io.github.tokenvalidator.spring.boottests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP calls to the application under test. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  /** GET {@code url} with each of {@code authorization} as an {@code Authorization} header. */
  static HttpResponse<String> get(String url, String... authorization) {
    return send(HttpRequest.newBuilder(URI.create(url)), authorization);
  }

  /** POST with an empty body and each of {@code authorization} as an {@code Authorization} header. */
  static HttpResponse<String> post(String url, String... authorization) {
    return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()), authorization);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String... authorization) {
    for (String value : authorization) {
      request.header("Authorization", value);
    }
    return send(request);
  }

  /** Sends {@code request} as built by the caller. */
  static HttpResponse<String> send(HttpRequest.Builder request) {
    request.timeout(Duration.ofSeconds(20));
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> bearer(String url, String token) {
    return get(url, "Bearer " + token);
  }
}
