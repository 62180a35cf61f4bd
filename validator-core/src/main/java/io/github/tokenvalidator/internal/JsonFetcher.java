package io.github.tokenvalidator.internal;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * GETs a JSON document (a JWK Set, authorization server metadata) through the validator's bounded HTTP
 * client. Implementations must be thread-safe.
 */
interface JsonFetcher {

  /** One answer: its status, its bounded body and its {@code Cache-Control} header (or null). */
  final class Fetched {
    final int status;
    final byte[] body;
    final String cacheControl;

    Fetched(int status, byte[] body, String cacheControl) {
      this.status = status;
      this.body = body;
      this.cacheControl = cacheControl;
    }
  }

  /**
   * Completes with the answer whatever its status, or exceptionally with an {@link AuthServerException}
   * when there is no complete answer within the request timeout.
   */
  CompletableFuture<Fetched> get(URI uri);
}
