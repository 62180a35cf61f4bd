package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.ValidationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the validator's own token (client-credentials grant) and renews it ahead of expiry.
 *
 * <p>Once {@code renewalRatio} of the token's lifetime has passed, the next caller starts a renewal in the
 * background and keeps using the current token; only a missing or expired token makes callers wait, and
 * then they all wait for the same renewal. After a failed renewal, callers fail fast for the back-off
 * instead of asking again. Thread-safe.
 */
final class OwnTokenManager {
  private static final Logger LOG = LoggerFactory.getLogger(OwnTokenManager.class);
  /** MobileFirst's documented lifetime, assumed when the token endpoint does not say. */
  private static final long DEFAULT_LIFETIME_SECONDS = 3600;

  private static final class OwnToken {
    final String value;
    final Instant renewAt;
    final Instant expiresAt;

    OwnToken(String value, Instant renewAt, Instant expiresAt) {
      this.value = value;
      this.renewAt = renewAt;
      this.expiresAt = expiresAt;
    }
  }

  private final AuthServerClient client;
  private final ValidatorConfig config;
  private final Clock clock;
  private final ValidationListener listener;
  private final String tokenRequestBody;
  private final String basicAuthorization;
  private final AtomicReference<OwnToken> current = new AtomicReference<>();
  private final AtomicReference<CompletableFuture<OwnToken>> renewal = new AtomicReference<>();
  private volatile Instant retryNotBefore = Instant.MIN;
  private volatile AuthServerException lastFailure;
  private final AtomicBoolean failing = new AtomicBoolean();

  /** {@code listener} must not throw (the engine passes a shielded one). */
  OwnTokenManager(AuthServerClient client, ValidatorConfig config, ValidationListener listener) {
    this.client = client;
    this.config = config;
    this.clock = config.clock();
    this.listener = listener;
    this.tokenRequestBody = FormEncoding.form("grant_type", "client_credentials",
        "scope", config.introspectionScope().toString());
    this.basicAuthorization = FormEncoding.basicAuthorization(config.clientId(), config.clientSecret());
  }

  /** The current own token, renewing it first only when there is none or it has expired. */
  CompletableFuture<String> token() {
    Instant now = clock.instant();
    OwnToken token = current.get();
    if (token != null && now.isBefore(token.expiresAt)) {
      if (!now.isBefore(token.renewAt) && !now.isBefore(retryNotBefore)) {
        renew();
      }
      return CompletableFuture.completedFuture(token.value);
    }
    AuthServerException failure = lastFailure;
    if (failure != null && now.isBefore(retryNotBefore)) {
      return CompletableFuture.failedFuture(failure);
    }
    return renew().thenApply(renewed -> renewed.value);
  }

  /** Forgets {@code value} if it is still the current token (the server refused it), so the next call renews. */
  void invalidate(String value) {
    OwnToken token = current.get();
    if (token != null && token.value.equals(value)) {
      current.compareAndSet(token, null);
    }
  }

  private CompletableFuture<OwnToken> renew() {
    while (true) {
      CompletableFuture<OwnToken> running = renewal.get();
      if (running != null) {
        return running;
      }
      CompletableFuture<OwnToken> mine = new CompletableFuture<>();
      if (renewal.compareAndSet(null, mine)) {
        request(mine);
        return mine;
      }
    }
  }

  private void request(CompletableFuture<OwnToken> promise) {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    client.post(config.tokenEndpoint(), tokenRequestBody, basicAuthorization)
        .thenApply(answer -> parse(answer, started))
        .whenComplete((token, failure) -> {
          AuthServerException cause = null;
          try {
            Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
            if (failure == null) {
              current.set(token);
              lastFailure = null;
              retryNotBefore = Instant.MIN;
              if (failing.getAndSet(false)) {
                LOG.info("Own token obtained again from {}; introspection resumes", config.tokenEndpoint());
              } else {
                LOG.debug("Own token renewed; expires at {}", token.expiresAt);
              }
            } else {
              cause = AuthServerException.from(failure);
              lastFailure = cause;
              retryNotBefore = clock.instant().plus(config.failureBackoff());
              // The engine logs the cause once, with every other reason introspection fails.
              LOG.debug("Own token request failed: {}", cause.getMessage());
              failing.set(true);
            }
            listener.ownTokenRenewal(failure == null, latency);
          } catch (RuntimeException e) {
            cause = AuthServerException.from(e);
          } finally {
            // Whatever happened above, the next caller may start a renewal and this one's waiters are told.
            renewal.set(null);
            if (cause == null) {
              promise.complete(token);
            } else {
              promise.completeExceptionally(cause);
            }
          }
        });
  }

  private OwnToken parse(AuthServerClient.Answer answer, Instant requestedAt) {
    if (answer.status != 200) {
      throw new AuthServerException(describeRefusal(answer), answer.status >= 500);
    }
    Map<String, Object> body;
    try {
      body = IntrospectionParser.parseObject(answer.body);
    } catch (MalformedAnswerException e) {
      throw new AuthServerException("token endpoint " + e.getMessage(), true);
    }
    Object accessToken = body.get("access_token");
    if (!(accessToken instanceof String) || !isHeaderSafe((String) accessToken)) {
      throw new AuthServerException("token endpoint answer has no usable access_token", true);
    }
    Object tokenType = body.get("token_type");
    if (tokenType != null && !"bearer".equalsIgnoreCase(tokenType.toString())) {
      throw new AuthServerException("token endpoint issued a token of type other than Bearer", false);
    }
    Object expiresIn = body.get("expires_in");
    long lifetime = expiresIn instanceof Long && (Long) expiresIn > 0 ? (Long) expiresIn : DEFAULT_LIFETIME_SECONDS;
    Instant expiresAt = requestedAt.plusSeconds(lifetime);
    Instant renewAt = requestedAt.plusMillis((long) (lifetime * 1000 * config.renewalRatio()));
    return new OwnToken((String) accessToken, renewAt, expiresAt);
  }

  private String describeRefusal(AuthServerClient.Answer answer) {
    String error = null;
    try {
      Object code = IntrospectionParser.parseObject(answer.body).get("error");
      error = code instanceof String ? (String) code : null;
    } catch (MalformedAnswerException e) {
      // no OAuth error body: the status says it all
    }
    String client = "client '" + config.clientId() + "'";
    if ("invalid_client".equals(error)) {
      return "token endpoint refused " + client + " (invalid_client): check client-id and client-secret";
    }
    if ("invalid_scope".equals(error)) {
      return "token endpoint refused scope '" + config.introspectionScope() + "' for " + client
          + " (invalid_scope): allow it for the confidential client";
    }
    return "token endpoint answered HTTP " + answer.status
        + (error != null && error.matches("[a-z_]{1,40}") ? " (" + error + ")" : "");
  }

  private static boolean isHeaderSafe(String token) {
    if (token.isEmpty() || token.length() > 16 * 1024) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }
}
