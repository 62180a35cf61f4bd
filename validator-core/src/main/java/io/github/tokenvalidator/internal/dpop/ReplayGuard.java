package io.github.tokenvalidator.internal.dpop;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.spi.SharedStore;
import io.github.tokenvalidator.spi.StoreKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether a DPoP proof's {@code jti} is seen for the first time, keyed by (key thumbprint,
 * {@code jti}) so that two clients cannot spoil each other's proofs (RFC 9449 §11.1). Thread-safe.
 *
 * <p>A proof is remembered for twice the {@code iat} window: a proof issued at the window's far future
 * edge is still acceptable until its far past edge. This instance remembers proofs in a bounded set (the
 * least recently written forgotten first, should more arrive in a window than it holds); with a
 * {@link SharedStore} it also asks the fleet's store ({@code putIfAbsent} of a {@link StoreKey.Kind#PROOF}
 * key), so a proof used on one instance is refused on every other. A store that fails or does not answer
 * within the bound leaves the answer to this instance's set: a slow store must not stop every DPoP request.
 */
final class ReplayGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayGuard.class);
  /** Proofs this instance remembers at most: a window's worth at about 4,000 DPoP requests a second. */
  static final int MAX_LOCAL = 250_000;
  private static final byte[] SEEN = {1};

  private final Cache<ByteBuffer, Boolean> seen;
  private final Duration remembered;
  private final SharedStore store;
  private final String issuer;
  private final String resource;
  private final Duration storeBound;

  ReplayGuard(Duration window, Ticker ticker, SharedStore store, String issuer, String resource, Duration storeBound) {
    this.remembered = window.multipliedBy(2);
    this.seen = Caffeine.newBuilder().maximumSize(MAX_LOCAL).expireAfterWrite(remembered)
        .ticker(ticker::read).executor(Runnable::run).build();
    this.store = store;
    this.issuer = issuer;
    this.resource = resource;
    this.storeBound = storeBound;
  }

  /**
   * Whether this is the first use of {@code jti} with the key {@code thumbprint}; marks it used.
   *
   * @return a future completing with true for a first use, never exceptionally
   */
  CompletableFuture<Boolean> firstUse(String thumbprint, String jti) {
    byte[] digest = Thumbprints.sha256((thumbprint + '\n' + jti).getBytes(StandardCharsets.UTF_8));
    if (seen.asMap().putIfAbsent(ByteBuffer.wrap(digest), Boolean.TRUE) != null) {
      return CompletableFuture.completedFuture(false);
    }
    if (store == null) {
      return CompletableFuture.completedFuture(true);
    }
    CompletableFuture<Boolean> shared;
    try {
      shared = store.putIfAbsent(StoreKey.of(StoreKey.Kind.PROOF, issuer, resource, digest), SEEN, remembered)
          .toCompletableFuture().thenApply(stored -> stored); // a future of our own to time out
    } catch (RuntimeException e) {
      shared = CompletableFuture.failedFuture(e);
    }
    return shared.completeOnTimeout(Boolean.TRUE, storeBound.toMillis(), TimeUnit.MILLISECONDS)
        .handle((stored, failure) -> {
          if (failure != null || stored == null) {
            LOG.debug("The shared store did not record a DPoP proof; this instance's set decided", failure);
            return true;
          }
          return stored;
        });
  }
}
