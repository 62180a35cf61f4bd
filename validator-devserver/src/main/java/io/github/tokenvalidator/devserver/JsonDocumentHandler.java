package io.github.tokenvalidator.devserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one published JSON document by {@code GET} (and {@code HEAD}): a JWKS or a discovery document,
 * made afresh for each request since the keys change with rotation and time. Another path under the
 * context is 404, another method 405; a bug is a bare 500 {@code server_error}, logged here. Thread-safe
 * when the document's supplier is.
 */
final class JsonDocumentHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(DevAuthorizationServer.class);

  private final String path;
  private final Supplier<Answer> document;

  JsonDocumentHandler(String path, Supplier<Answer> document) {
    this.path = path;
    this.document = document;
  }

  @Override
  public void handle(HttpExchange exchange) {
    Answer answer;
    try {
      answer = answer(exchange);
    } catch (RuntimeException e) {
      log.warn("Dev authorization server failed on {} {}", exchange.getRequestMethod(), path, e);
      answer = Answer.error(500, "server_error", null);
    }
    FormEndpointHandler.send(exchange, answer);
  }

  private Answer answer(HttpExchange exchange) {
    if (!path.equals(exchange.getRequestURI().getRawPath())) {
      return FormEndpointHandler.notFound();
    }
    String method = exchange.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return Answer.error(405, "invalid_request", "This document accepts only GET").header("Allow", "GET, HEAD");
    }
    return document.get();
  }
}
