package io.github.tokenvalidator.internal.resilience;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.internal.transport.AuthServerException;

/**
 * Tracks one upstream (the authorization server, the key server) for the health view: UP after an
 * answer; DEGRADED when an upstream that answered before fails; DOWN when it never answered since start,
 * or when it said the validator is misconfigured. Thread-safe.
 */
public final class UpstreamHealth {
  private volatile boolean everAnswered;
  private volatile Health health = Health.up();

  /** The upstream gave a usable answer. */
  public void succeeded() {
    everAnswered = true;
    if (health.status() != Health.Status.UP) {
      health = Health.up();
    }
  }

  /** A call failed for {@code cause}; a {@link AuthServerException.Kind#LOCAL} one says nothing of the upstream. */
  public void failed(AuthServerException cause) {
    switch (cause.kind()) {
      case MISCONFIGURED:
        health = Health.down(cause.getMessage(), true);
        break;
      case SERVER_FAULT:
        health = everAnswered ? Health.degraded(cause.getMessage()) : Health.down(cause.getMessage(), false);
        break;
      default:
        break;
    }
  }

  public Health health() {
    return health;
  }
}
