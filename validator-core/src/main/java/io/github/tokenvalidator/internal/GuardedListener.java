package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.ValidationListener.IntrospectionOutcome;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shields the pipeline from a listener that throws: logged, then ignored, as Caffeine's guarded callbacks
 * do. Each event calls the delegate directly, with no lambda per call: with a listener set, events cost a virtual call; without one, the engine uses
 * {@link ValidationListener#NONE} and they cost nothing. Thread-safe if the delegate is.
 */
final class GuardedListener implements ValidationListener {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);

  private final ValidationListener delegate;

  GuardedListener(ValidationListener delegate) {
    this.delegate = delegate;
  }

  /** The delegate's listener of {@code issuer}, shielded too; the delegate itself if asking throws. */
  @Override
  public ValidationListener forIssuer(String issuer) {
    try {
      ValidationListener own = delegate.forIssuer(issuer);
      return own == null || own == delegate ? this : new GuardedListener(own);
    } catch (RuntimeException e) {
      ignored(e);
      return this;
    }
  }

  private static void ignored(RuntimeException e) {
    LOG.warn("ValidationListener threw {}; ignored", e.getClass().getName());
    LOG.debug("The listener's exception", e);
  }

  @Override
  public void cacheHit() {
    try {
      delegate.cacheHit();
    } catch (RuntimeException e) {
      ignored(e);
    }
  }

  @Override
  public void cacheMiss() {
    try {
      delegate.cacheMiss();
    } catch (RuntimeException e) {
      ignored(e);
    }
  }

  @Override
  public void cacheCoalesced() {
    try {
      delegate.cacheCoalesced();
    } catch (RuntimeException e) {
      ignored(e);
    }
  }

  @Override
  public void introspectionStarted() {
    try {
      delegate.introspectionStarted();
    } catch (RuntimeException e) {
      ignored(e);
    }
  }

  @Override
  public void introspection(IntrospectionOutcome outcome, Duration latency) {
    try {
      delegate.introspection(outcome, latency);
    } catch (RuntimeException e) {
      ignored(e);
    }
  }

  @Override
  public void staleAnswerServed() {
    try {
      delegate.staleAnswerServed();
    } catch (RuntimeException e) {
      ignored(e);
    }
  }

  @Override
  public void ownTokenRenewal(boolean success, Duration latency) {
    try {
      delegate.ownTokenRenewal(success, latency);
    } catch (RuntimeException e) {
      ignored(e);
    }
  }

  @Override
  public void keyFetch(boolean success, Duration latency) {
    try {
      delegate.keyFetch(success, latency);
    } catch (RuntimeException e) {
      ignored(e);
    }
  }

  @Override
  public void failingFast(String upstream, boolean failing) {
    try {
      delegate.failingFast(upstream, failing);
    } catch (RuntimeException e) {
      ignored(e);
    }
  }

  @Override
  public void sharedStoreRead(SharedStoreOutcome outcome) {
    try {
      delegate.sharedStoreRead(outcome);
    } catch (RuntimeException e) {
      ignored(e);
    }
  }

  @Override
  public void rejected(AuthenticationError.Kind kind) {
    try {
      delegate.rejected(kind);
    } catch (RuntimeException e) {
      ignored(e);
    }
  }
}
