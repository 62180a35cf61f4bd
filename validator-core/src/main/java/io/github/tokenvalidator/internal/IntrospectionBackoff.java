package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.internal.config.IssuerGroups;
import io.github.tokenvalidator.internal.config.ResilienceSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.resilience.FailureGate;
import io.github.tokenvalidator.internal.resilience.SingleFlight;
import io.github.tokenvalidator.internal.resilience.UpstreamHealth;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back-off of introspection calls: the failure gate (only an unwell server opens it: a 4xx about one
 * token must not lock everyone out), the authorization server's health, the listener's
 * {@code failingFast} events, and one log line per distinct cause. Thread-safe.
 */
final class IntrospectionBackoff implements SingleFlight.Backoff {
  private static final Logger LOG = LoggerFactory.getLogger(IntrospectionBackoff.class);
  private static final String AUTHORIZATION_SERVER = "authorization-server";

  /** For a local JWT: never refused, and its key server logs and records its own failures. */
  static final SingleFlight.Backoff LOCAL = new SingleFlight.Backoff() {
    @Override
    public boolean tryPass() {
      return true;
    }

    @Override
    public void succeeded() {}

    @Override
    public void failed(Throwable failure) {
      LOG.debug("Local JWT validation could not finish: {}; answering 503",
          AuthServerException.from(failure).getMessage());
    }
  };

  private final FailureGate gate;
  private final int threshold;
  private final Duration backoff;
  private final ValidationListener listener;
  private final UpstreamHealth health;
  private final AtomicReference<String> lastLoggedFailure = new AtomicReference<>();
  /** Names an issuer group in logs; empty for the default issuer, whose logs read as before groups existed. */
  private final String issuer;

  IntrospectionBackoff(ValidatorConfig config, Ticker ticker, ValidationListener listener, UpstreamHealth health) {
    this.threshold = config.get(ResilienceSettings.FAILURE_THRESHOLD);
    this.backoff = config.get(ResilienceSettings.FAILURE_BACKOFF);
    this.gate = new FailureGate(threshold, backoff, ticker);
    this.listener = listener;
    this.health = health;
    this.issuer = IssuerGroups.DEFAULT.equals(config.issuerName()) ? "" : " (issuer '" + config.issuerName() + "')";
  }

  @Override
  public boolean tryPass() {
    return gate.tryPass();
  }

  /** Whether calls fail fast now. */
  boolean isFailingFast() {
    return gate.isFailingFast();
  }

  /** The failure callers get while the gate refuses them. */
  AuthServerException failingFast() {
    return AuthServerException.local("failing fast: the authorization server is down", gate.retryAfter());
  }

  /** How long a client should wait before retrying. */
  Duration retryAfter() {
    return gate.retryAfter();
  }

  @Override
  public void succeeded() {
    health.succeeded();
    if (gate.succeeded()) {
      LOG.info("The authorization server{} answers again", issuer);
      listener.failingFast(AUTHORIZATION_SERVER, false);
    }
    lastLoggedFailure.set(null);
  }

  @Override
  public void failed(Throwable failure) {
    AuthServerException cause = AuthServerException.from(failure);
    health.failed(cause);
    if (cause.isServerFault() && gate.failed()) {
      LOG.warn("The authorization server{} failed {} times in a row; failing fast for {}", issuer, threshold, backoff);
      listener.failingFast(AUTHORIZATION_SERVER, true);
    }
    log(cause);
  }

  private void log(AuthServerException cause) {
    if (cause.kind() == AuthServerException.Kind.LOCAL) {
      LOG.debug("Introspection not attempted: {}", cause.getMessage());
      return;
    }
    String message = cause.getMessage();
    // Name the call that failed: the own token's, or introspection itself.
    String what = message.startsWith("token endpoint") ? "Own token request failed" : "Introspection failed";
    if (message.equals(lastLoggedFailure.getAndSet(message))) {
      LOG.debug("{} again: {}", what, message, cause.getCause());
    } else if (cause.isServerFault()) {
      LOG.warn("{}{}: {}; answering 503", what, issuer, message);
      LOG.debug("Cause of the failure", cause.getCause());
    } else {
      LOG.error("{}{}: {}; answering 503 until the configuration is fixed", what, issuer, message);
    }
  }
}
