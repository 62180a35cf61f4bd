package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.ValidationListener;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands every event to several listeners, in order; one that throws does not keep the others from the
 * event (the first exception is rethrown after all have had it, for core to log). Thread-safe when the
 * listeners are.
 */
final class CompositeListener implements ValidationListener {
  private final List<ValidationListener> listeners;

  CompositeListener(List<ValidationListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(Consumer<ValidationListener> event) {
    RuntimeException first = null;
    for (ValidationListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Each listener's own listener of {@code issuer}, composed likewise. */
  @Override
  public ValidationListener forIssuer(String issuer) {
    List<ValidationListener> own = new java.util.ArrayList<>();
    for (ValidationListener listener : listeners) {
      own.add(listener.forIssuer(issuer));
    }
    return own.equals(listeners) ? this : new CompositeListener(own);
  }

  @Override
  public void cacheHit() {
    each(ValidationListener::cacheHit);
  }

  @Override
  public void cacheMiss() {
    each(ValidationListener::cacheMiss);
  }

  @Override
  public void cacheCoalesced() {
    each(ValidationListener::cacheCoalesced);
  }

  @Override
  public void introspectionStarted() {
    each(ValidationListener::introspectionStarted);
  }

  @Override
  public void introspection(IntrospectionOutcome outcome, Duration latency) {
    each(listener -> listener.introspection(outcome, latency));
  }

  @Override
  public void staleAnswerServed() {
    each(ValidationListener::staleAnswerServed);
  }

  @Override
  public void ownTokenRenewal(boolean success, Duration latency) {
    each(listener -> listener.ownTokenRenewal(success, latency));
  }

  @Override
  public void keyFetch(boolean success, Duration latency) {
    each(listener -> listener.keyFetch(success, latency));
  }

  @Override
  public void failingFast(String upstream, boolean failing) {
    each(listener -> listener.failingFast(upstream, failing));
  }

  @Override
  public void rejected(AuthenticationError.Kind kind) {
    each(listener -> listener.rejected(kind));
  }

  @Override
  public void sharedStoreRead(SharedStoreOutcome outcome) {
    each(listener -> listener.sharedStoreRead(outcome));
  }
}
