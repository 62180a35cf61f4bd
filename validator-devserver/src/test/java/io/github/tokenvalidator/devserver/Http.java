package io.github.tokenvalidator.devserver;

import io.github.tokenvalidator.testing.TestJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** Real HTTP calls to a dev server with the JDK client, and a small JSON reader for its answers. */
final class Http {
  static final String FORM = "application/x-www-form-urlencoded";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  /** {@code Basic base64(urlencode(id):urlencode(secret))}, as RFC 6749 §2.3.1 has a client send it. */
  static String basic(String id, String secret) {
    String pair = URLEncoder.encode(id, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** A form body from name/value pairs, each form-url-encoded. */
  static String form(String... namesAndValues) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return body.toString();
  }

  /** POSTs a form with an optional {@code Authorization} header. */
  static HttpResponse<String> postForm(String url, String authorization, String body) {
    return send(request(url, authorization).header("Content-Type", FORM)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Asks the token endpoint for a token; the answer as it came. */
  static HttpResponse<String> requestToken(DevAuthorizationServer server, String authorization, String... form) {
    return postForm(server.tokenEndpoint(), authorization, form(form));
  }

  /** A token for the client and scope (null for none), failing the test if the server refuses. */
  static String token(DevAuthorizationServer server, String id, String secret, String scope) {
    HttpResponse<String> response = scope == null
        ? requestToken(server, basic(id, secret), "grant_type", "client_credentials")
        : requestToken(server, basic(id, secret), "grant_type", "client_credentials", "scope", scope);
    if (response.statusCode() != 200) {
      throw new AssertionError("Token request refused: " + response.statusCode() + " " + response.body());
    }
    return (String) json(response).get("access_token");
  }

  /** Introspects {@code token}, authenticated by {@code authorization}. */
  static HttpResponse<String> introspect(DevAuthorizationServer server, String authorization, String token) {
    return postForm(server.introspectionEndpoint(), authorization, form("token", token));
  }

  static HttpRequest.Builder request(String url, String authorization) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted", e);
    }
  }

  /** The answer's body as a JSON object. */
  static Map<String, Object> json(HttpResponse<String> response) {
    return json(response.body());
  }

  static Map<String, Object> json(String body) {
    return TestJson.object(body);
  }
}
