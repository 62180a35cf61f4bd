package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.TokenInfo;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a token into what the authorization server says of it. Remote introspection is one way; local
 * JWT validation will be another, behind the same seam, with the cache and the decision unchanged.
 */
interface TokenResolver {

  /** What the server said: the token's data, or that MobileFirst reported a conflict. */
  final class Resolution {
    static final Resolution CONFLICT = new Resolution(null);

    final TokenInfo info;

    private Resolution(TokenInfo info) {
      this.info = info;
    }

    static Resolution of(TokenInfo info) {
      return new Resolution(info);
    }

    boolean isConflict() {
      return info == null;
    }
  }

  /**
   * Resolves {@code token}; completes exceptionally with {@link AuthServerException} when no usable answer
   * could be had.
   */
  CompletableFuture<Resolution> resolve(String token);
}
