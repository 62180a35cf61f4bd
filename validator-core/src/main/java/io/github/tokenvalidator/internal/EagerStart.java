package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.internal.config.IntrospectionSettings;
import io.github.tokenvalidator.internal.config.JwtSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.introspection.RemoteIntrospector;
import io.github.tokenvalidator.internal.jwt.JwksSource;
import io.github.tokenvalidator.internal.resilience.UpstreamHealth;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code eager-start} check: during {@code build()}, fetch the issuer's keys and prove the validator's
 * credentials (the own token, or a made-up token introspected), waiting at most the request deadline.
 * Used once, by the thread that builds the validator.
 */
final class EagerStart {
  private static final Logger LOG = LoggerFactory.getLogger(EagerStart.class);

  private final ValidatorConfig config;
  private final long deadlineMillis;

  EagerStart(ValidatorConfig config, long deadlineMillis) {
    this.config = config;
    this.deadlineMillis = deadlineMillis;
  }

  /**
   * Runs the check. Returns normally when it worked or a server could not be reached (logged once: the
   * validator keeps trying on demand); throws naming the setting when a server refused the settings.
   */
  void run(JwksSource keys, RemoteIntrospector introspector, UpstreamHealth authServerHealth) {
    if (keys != null) {
      await(keys.prefetch(), "the signing keys could not be fetched",
          config.keyOf(config.get(JwtSettings.JWKS_URI) != null ? JwtSettings.JWKS_URI : JwtSettings.ISSUER),
          "was not confirmed at start: ", null);
    }
    if (introspector != null && await(introspector.start(), "the authorization server could not be reached",
        config.keyOf(IntrospectionSettings.CLIENT_ID), "was refused at start: ", authServerHealth)) {
      authServerHealth.succeeded();
      LOG.info("Eager start: the authorization server accepted client '{}'",
          config.get(IntrospectionSettings.CLIENT_ID));
    }
  }

  /**
   * Waits at most the request deadline for {@code start}: true when it succeeded; false, logged as
   * {@code failed}, when its server could not be reached; throws naming {@code key} when the server refused
   * the settings.
   */
  private boolean await(CompletableFuture<?> start, String failed, String key, String refused,
      UpstreamHealth health) {
    try {
      start.get(deadlineMillis, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      AuthServerException cause = AuthServerException.from(e.getCause());
      if (health != null) {
        health.failed(cause);
      }
      if (cause.isMisconfiguration()) {
        throw new InvalidConfigurationException(key, refused + cause.getMessage());
      }
      LOG.warn("Eager start: {} ({}); carrying on, retrying on demand", failed, cause.getMessage());
    } catch (TimeoutException e) {
      LOG.warn("Eager start: {} (no answer within {} ms); carrying on, retrying on demand", failed,
          deadlineMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Eager start interrupted; carrying on, retrying on demand");
    }
    return false;
  }
}
