package io.github.tokenvalidator.internal.introspection;

import io.github.tokenvalidator.internal.config.IntrospectionSettings;
import io.github.tokenvalidator.internal.config.ResilienceSettings;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import io.github.tokenvalidator.internal.resilience.FailureGate;
import io.github.tokenvalidator.internal.resilience.SingleFlight;
import io.github.tokenvalidator.internal.resilience.UpstreamHealth;
import io.github.tokenvalidator.internal.transport.AuthServerClient;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import io.github.tokenvalidator.internal.transport.FormEncoding;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
public final class OwnTokenManager {
  private static final Logger LOG = LoggerFactory.getLogger(OwnTokenManager.class);
  /** MobileFirst's documented lifetime, assumed when the token endpoint does not say. */
  private static final long DEFAULT_LIFETIME_SECONDS = 3600;

  /** Longest lifetime taken from the token endpoint; keeps the ticker arithmetic far from overflow. */
  private static final long MAX_LIFETIME_SECONDS = 365L * 24 * 3600;

  /** The own token, with its renewal and expiry as ticker readings. */
  private static final class OwnToken {
    final String value;
    final long renewAtNanos;
    final long expiresAtNanos;

    OwnToken(String value, long renewAtNanos, long expiresAtNanos) {
      this.value = value;
      this.renewAtNanos = renewAtNanos;
      this.expiresAtNanos = expiresAtNanos;
    }
  }

  private final AuthServerClient client;
  private final ValidatorConfig config;
  private final Ticker ticker;
  private final ValidationListener listener;
  private final UpstreamHealth health;
  private final String tokenRequestBody;
  private final String basicAuthorization;
  private final AtomicReference<OwnToken> current = new AtomicReference<>();
  /** One renewal at a time, whoever asks; after a failed one, callers fail fast for the back-off. */
  private final SingleFlight<Class<OwnToken>, OwnToken> renewals = new SingleFlight<>();
  private final FailureGate backoff;
  private final SingleFlight.Backoff renewalBackoff;
  private volatile AuthServerException lastFailure;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicBoolean warnedOfLifetime = new AtomicBoolean();

  /** {@code listener} must not throw (the engine passes a shielded one). */
  OwnTokenManager(AuthServerClient client, ValidatorConfig config, ValidationListener listener,
      UpstreamHealth health) {
    this.client = client;
    this.config = config;
    this.ticker = config.ticker();
    this.listener = listener;
    this.health = health;
    this.tokenRequestBody = FormEncoding.form("grant_type", "client_credentials",
        "scope", config.get(IntrospectionSettings.INTROSPECTION_SCOPE).toString());
    this.basicAuthorization = FormEncoding.basicAuthorization(config.get(IntrospectionSettings.CLIENT_ID),
        config.get(IntrospectionSettings.CLIENT_SECRET));
    // One failure is enough: the next caller waits out the back-off rather than asking again at once.
    this.backoff = new FailureGate(1, config.get(ResilienceSettings.FAILURE_BACKOFF), ticker);
    this.renewalBackoff = new SingleFlight.Backoff() {
      @Override
      public boolean tryPass() {
        return backoff.tryPass();
      }

      @Override
      public void succeeded() {
        backoff.succeeded();
      }

      @Override
      public void failed(Throwable cause) {
        backoff.failed();
      }
    };
  }

  /** The current own token, renewing it first only when there is none or it has expired. */
  CompletableFuture<String> token() {
    long now = ticker.read();
    OwnToken token = current.get();
    boolean backingOff = backoff.isFailingFast();
    if (token != null && now - token.expiresAtNanos < 0) {
      if (now - token.renewAtNanos >= 0 && !backingOff) {
        renew(); // in the background: the current token serves meanwhile
      }
      return CompletableFuture.completedFuture(token.value);
    }
    if (backingOff && lastFailure != null) {
      return CompletableFuture.failedFuture(lastFailure);
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
    return renewals.call(OwnToken.class, renewalBackoff, this::request, () -> CompletableFuture.failedFuture(
        lastFailure != null ? lastFailure : AuthServerException.local("the own token is being renewed")));
  }

  private CompletableFuture<OwnToken> request() {
    long startNanos = ticker.read();
    CompletableFuture<AuthServerClient.Answer> answer;
    try {
      answer = client.post(config.tokenEndpoint(), tokenRequestBody, basicAuthorization);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.thenApply(a -> parse(a, startNanos)).handle((token, failure) -> {
      Duration latency = Duration.ofNanos(ticker.read() - startNanos);
      if (failure == null) {
        current.set(token);
        lastFailure = null;
        health.succeeded();
        if (failing.getAndSet(false)) {
          LOG.info("Own token obtained again from {}; introspection resumes", config.tokenEndpoint());
        } else {
          LOG.debug("Own token renewed");
        }
        listener.ownTokenRenewal(true, latency);
        return token;
      }
      AuthServerException cause = AuthServerException.from(failure);
      lastFailure = cause;
      health.failed(cause);
      // The engine logs the cause once, with every other reason introspection fails.
      LOG.debug("Own token request failed: {}", cause.getMessage(), cause.getCause());
      failing.set(true);
      listener.ownTokenRenewal(false, latency);
      throw cause;
    });
  }

  private OwnToken parse(AuthServerClient.Answer answer, long requestedAtNanos) {
    if (answer.status != 200) {
      throw new AuthServerException(describeRefusal(answer), answer.status >= 500 || answer.status == 429);
    }
    Map<String, Object> body;
    try {
      body = BoundedJson.parseObject(answer.body);
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
    long lifetimeNanos = TimeUnit.SECONDS.toNanos(lifetimeSeconds(body.get("expires_in")));
    long renewAt = requestedAtNanos + (long) (lifetimeNanos * config.get(IntrospectionSettings.RENEWAL_RATIO));
    return new OwnToken((String) accessToken, renewAt, requestedAtNanos + lifetimeNanos);
  }

  /**
   * The own token's lifetime: {@code expires_in} when it is a positive whole number, capped at a year;
   * else MobileFirst's documented hour, with one WARN saying what was assumed.
   */
  private long lifetimeSeconds(Object expiresIn) {
    if (expiresIn instanceof Long && (Long) expiresIn > 0) {
      long seconds = (Long) expiresIn;
      if (seconds <= MAX_LIFETIME_SECONDS) {
        return seconds;
      }
      warnOnce("expires_in " + seconds + " s is beyond a year; renewing as if it were a year");
      return MAX_LIFETIME_SECONDS;
    }
    String shown = expiresIn == null ? "missing" : expiresIn instanceof String ? "a string"
        : expiresIn instanceof Number ? "not a positive whole number" : "not a number";
    warnOnce("expires_in is " + shown + "; assuming MobileFirst's " + DEFAULT_LIFETIME_SECONDS + " s");
    return DEFAULT_LIFETIME_SECONDS;
  }

  private void warnOnce(String what) {
    if (warnedOfLifetime.compareAndSet(false, true)) {
      LOG.warn("The token endpoint's answer for client '{}': {}", config.get(IntrospectionSettings.CLIENT_ID), what);
    }
  }

  private String describeRefusal(AuthServerClient.Answer answer) {
    String error = null;
    try {
      Object code = BoundedJson.parseObject(answer.body).get("error");
      error = code instanceof String ? (String) code : null;
    } catch (MalformedAnswerException e) {
      // no OAuth error body: the status says it all
    }
    String client = "client '" + config.get(IntrospectionSettings.CLIENT_ID) + "'";
    if ("invalid_client".equals(error)) {
      return "token endpoint refused " + client + " (invalid_client): check client-id and client-secret";
    }
    if ("invalid_scope".equals(error)) {
      return "token endpoint refused scope '" + config.get(IntrospectionSettings.INTROSPECTION_SCOPE) + "' for " + client
          + " (invalid_scope): allow it for the confidential client";
    }
    return "token endpoint " + config.tokenEndpoint() + " answered HTTP " + answer.status
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
