package io.github.tokenvalidator.internal.transport;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * GETs a JSON document (a JWK Set, authorization server metadata) through the validator's bounded HTTP
 * client. Implementations must be thread-safe.
 */
public interface JsonFetcher {

  /** One answer: its status, its bounded body and its {@code Cache-Control} header (or null). */
  public final class Fetched {
    public final int status;
    public final byte[] body;
    public final String cacheControl;

    public Fetched(int status, byte[] body, String cacheControl) {
      this.status = status;
      this.body = body;
      this.cacheControl = cacheControl;
    }
  }

  /**
   * Completes with the answer whatever its status, or exceptionally with an {@link AuthServerException}
   * when there is no complete answer within the request timeout.
   */
  public CompletableFuture<Fetched> get(URI uri);
}
