package io.github.tokenvalidator.devserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns HTTP exchanges into calls of a {@link FormEndpoint} and its {@link Answer} back into a response.
 *
 * <p>Everything a request can get wrong before the endpoint sees it is answered here, the same way for
 * every endpoint: another path under the context (404), another method (405), another content type (415;
 * no {@code Content-Type} and no body is an empty form where the endpoint {@linkplain
 * FormEndpoint#acceptsEmptyPost() accepts that}),
 * a body over {@value #MAX_BODY_BYTES} bytes (413), a malformed form (400 {@code invalid_request}). A bug
 * becomes a bare 500 {@code server_error}, logged here, never a stack trace to the client. Thread-safe
 * when the endpoint is.
 */
final class FormEndpointHandler implements HttpHandler {
  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final long MAX_DRAIN_BYTES = 1024 * 1024;
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";
  private static final Logger log = LoggerFactory.getLogger(DevAuthorizationServer.class);

  /** One endpoint taking a form-encoded POST. */
  @FunctionalInterface
  interface FormEndpoint {
    /**
     * The answer to a well-formed request; may throw only for bugs.
     *
     * @param rawQuery the request URI's query as sent (still %-encoded), or null for none
     * @param form the parameters, each given once
     */
    Answer answer(Headers headers, String rawQuery, Map<String, String> form);

    /**
     * Whether a POST without a body and without {@code Content-Type} is taken as an empty form: true for
     * endpoints that need no parameter, so {@code curl -X POST} works as well as {@code curl -d ''}.
     */
    default boolean acceptsEmptyPost() {
      return false;
    }
  }

  private final String path;
  private final FormEndpoint endpoint;

  FormEndpointHandler(String path, FormEndpoint endpoint) {
    this.path = path;
    this.endpoint = endpoint;
  }

  @Override
  public void handle(HttpExchange exchange) {
    Answer answer;
    try {
      answer = answer(exchange);
    } catch (IOException e) {
      log.debug("Dev authorization server: client went away during {} {}", exchange.getRequestMethod(), path);
      exchange.close();
      return;
    } catch (RuntimeException e) {
      log.warn("Dev authorization server failed on {} {}", exchange.getRequestMethod(), path, e);
      answer = Answer.error(500, "server_error", null);
    }
    send(exchange, answer);
  }

  private Answer answer(HttpExchange exchange) throws IOException {
    if (!path.equals(exchange.getRequestURI().getRawPath())) {
      return notFound();
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      return Answer.error(405, "invalid_request", "This endpoint accepts only POST").header("Allow", "POST");
    }
    Headers headers = exchange.getRequestHeaders();
    String contentType = headers.getFirst("Content-Type");
    boolean formBody = isForm(contentType);
    if (!formBody && !(contentType == null && endpoint.acceptsEmptyPost())) {
      return unsupportedMediaType();
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      return Answer.error(413, "invalid_request", "Request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    if (!formBody) {
      // no Content-Type: only an empty body is an empty form
      return body.length > 0 ? unsupportedMediaType()
          : endpoint.answer(headers, exchange.getRequestURI().getRawQuery(), Map.of());
    }
    Map<String, String> form;
    try {
      form = FormData.parse(body);
    } catch (IllegalArgumentException e) {
      return Answer.error(400, "invalid_request", e.getMessage());
    }
    return endpoint.answer(headers, exchange.getRequestURI().getRawQuery(), form);
  }

  private static Answer unsupportedMediaType() {
    return Answer.error(415, "invalid_request", "Content-Type must be " + FORM_TYPE);
  }

  /** The answer for a path no endpoint serves, naming the ones that exist. */
  static Answer notFound() {
    return Answer.error(404, "not_found", "No endpoint here; this server answers POST on */az/v1/token"
        + " and */az/v1/introspection under its runtime path, and with JWTs on, GET on */az/v1/jwks and"
        + " */.well-known/openid-configuration (App ID: /oauth/v4/{tenant}/...)");
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return mediaType.toLowerCase(Locale.ROOT).equals(FORM_TYPE);
  }

  /** The whole body, or null when it is larger than the bound (read no further than needed to tell). */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      String declared = exchange.getRequestHeaders().getFirst("Content-Length");
      if (declared != null) {
        try {
          if (Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
            drain(in);
            return null;
          }
        } catch (NumberFormatException e) {
          // The JDK server has already framed the body; a bad header is left to the bounded read below.
        }
      }
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        drain(in);
        return null;
      }
      return body;
    }
  }

  /**
   * Reads and discards what is left of a refused body, up to a bound: a client still sending when the 413
   * goes out would otherwise see its connection reset instead of the answer. Past the bound the connection
   * is simply closed.
   */
  private static void drain(InputStream in) throws IOException {
    byte[] sink = new byte[8192];
    long left = MAX_DRAIN_BYTES;
    int read;
    while (left > 0 && (read = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
      left -= read;
    }
  }

  static void send(HttpExchange exchange, Answer answer) {
    try (exchange) {
      answer.headers().forEach(exchange.getResponseHeaders()::set);
      // A HEAD answer has the headers of the GET answer and never a body.
      byte[] body = "HEAD".equals(exchange.getRequestMethod()) ? new byte[0] : answer.body();
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      log.debug("Dev authorization server: {} {} -> {}{}", exchange.getRequestMethod(),
          exchange.getRequestURI().getRawPath(), answer.status(),
          answer.errorCode() == null ? "" : " " + answer.errorCode());
    } catch (IOException e) {
      log.debug("Dev authorization server: client went away before the answer was sent");
    }
  }
}
