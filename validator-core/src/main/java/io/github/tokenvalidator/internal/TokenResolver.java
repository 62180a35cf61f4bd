package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a token into what the authorization server says of it. Remote introspection is one way, local
 * JWT validation another, behind the same seam, with the cache and the decision unchanged.
 */
public interface TokenResolver {

  /** What the server said: the token's data, or that MobileFirst reported a conflict. */
  public final class Resolution {
    public static final Resolution CONFLICT = new Resolution(null, false);

    public final TokenInfo info;
    /** False for an answer that may change within seconds, which the engine must not remember. */
    public final boolean cacheable;

    private Resolution(TokenInfo info, boolean cacheable) {
      this.info = info;
      this.cacheable = cacheable;
    }

    public static Resolution of(TokenInfo info) {
      return new Resolution(info, true);
    }

    /**
     * {@code info}, answered but not remembered: a JWT whose key is unknown now may verify after the next
     * key refetch, seconds away, and must not stay refused for {@code cache.negative-ttl}.
     */
    public static Resolution uncached(TokenInfo info) {
      return new Resolution(info, false);
    }

    public boolean isConflict() {
      return info == null;
    }
  }

  /**
   * How one token is resolved, decided once per miss: the call, and whether it goes through the failure
   * gate. Immutable.
   */
  public final class Route {
    /** Starts the resolution. */
    public final java.util.function.Supplier<CompletableFuture<Resolution>> call;
    /**
     * Whether the call goes through the engine's failure gate: true for introspection; false for a local
     * JWT, whose key server has its own back-off, so its failures never fail introspection fast and an open
     * introspection gate never refuses a token whose key is known.
     */
    public final boolean gated;

    public Route(java.util.function.Supplier<CompletableFuture<Resolution>> call, boolean gated) {
      this.call = call;
      this.gated = gated;
    }
  }

  /**
   * How {@code token} is resolved; by default {@link #resolve} behind the failure gate, as introspection is.
   * A resolver that must look at the token to choose (a JWT's header) looks once, here.
   */
  default Route route(String token) {
    return new Route(() -> resolve(token), true);
  }

  /**
   * Resolves {@code token}; completes exceptionally with {@link AuthServerException} when no usable answer
   * could be had.
   */
  public CompletableFuture<Resolution> resolve(String token);
}
