package io.github.tokenvalidator.internal.introspection;

import io.github.tokenvalidator.internal.config.IntrospectionSettings;
import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationListener.IntrospectionOutcome;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.internal.TokenResolver;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import io.github.tokenvalidator.internal.resilience.UpstreamHealth;
import io.github.tokenvalidator.internal.transport.AuthServerClient;
import io.github.tokenvalidator.internal.transport.AuthServerException;
import io.github.tokenvalidator.internal.transport.FormEncoding;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves tokens by RFC 7662 introspection, authenticated MobileFirst style (the validator's own bearer
 * token, renewed and retried once on a 401) or as an RFC 7662 client (Basic or form credentials).
 * Thread-safe.
 */
public final class RemoteIntrospector implements TokenResolver {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteIntrospector.class);

  private final AuthServerClient client;
  private final ValidatorConfig config;
  private final OwnTokenManager ownTokens;
  private final ValidationListener listener;
  private final String basicAuthorization;

  /**
   * An answer whose claims cannot be used stands for a token that is not active: the server's word on
   * that one token is unusable, which neither blames the server nor lets the token in.
   */
  public static final TokenInfo UNUSABLE = TokenInfo.builder().active(false).build();

  private final java.util.concurrent.atomic.AtomicReference<String> lastUnusable =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** {@code listener} must not throw (the engine passes a shielded one). */
  public RemoteIntrospector(AuthServerClient client, ValidatorConfig config, ValidationListener listener,
      UpstreamHealth health) {
    this.client = client;
    this.config = config;
    this.listener = listener;
    boolean bearer = config.clientAuthentication() == ClientAuthentication.MOBILEFIRST_BEARER;
    this.ownTokens = bearer ? new OwnTokenManager(client, config, listener, health) : null;
    this.basicAuthorization = config.clientAuthentication() == ClientAuthentication.BASIC
        ? FormEncoding.basicAuthorization(config.get(IntrospectionSettings.CLIENT_ID), config.get(IntrospectionSettings.CLIENT_SECRET)) : null;
  }

  /**
   * Proves the validator's credentials now (an eager start): fetches the own token, or in RFC 7662 modes,
   * which have none, introspects a made-up token — an answer of any kind but a refusal will do.
   */
  public CompletableFuture<?> start() {
    return ownTokens != null ? ownTokens.token() : resolve("tokenvalidator-eager-start-probe");
  }

  @Override
  public CompletableFuture<Resolution> resolve(String token) {
    listener.introspectionStarted();
    long startNanos = config.ticker().read();
    CompletableFuture<AuthServerClient.Answer> answer;
    switch (config.clientAuthentication()) {
      case MOBILEFIRST_BEARER:
        answer = withOwnToken(token, true);
        break;
      case POST:
        answer = client.post(config.introspectionEndpoint(), FormEncoding.form("token", token,
            "token_type_hint", "access_token", "client_id", config.get(IntrospectionSettings.CLIENT_ID),
            "client_secret", config.get(IntrospectionSettings.CLIENT_SECRET)), null);
        break;
      default:
        answer = client.post(config.introspectionEndpoint(), form(token), basicAuthorization);
        break;
    }
    return answer.thenApply(this::interpret).whenComplete((resolution, failure) -> {
      IntrospectionOutcome outcome = failure != null ? IntrospectionOutcome.FAILED
          : resolution.isConflict() ? IntrospectionOutcome.CONFLICT
          : resolution.info.isActive() ? IntrospectionOutcome.ACTIVE : IntrospectionOutcome.INACTIVE;
      Duration latency = Duration.ofNanos(config.ticker().read() - startNanos);
      listener.introspection(outcome, latency);
    });
  }

  private CompletableFuture<AuthServerClient.Answer> withOwnToken(String token, boolean mayRetry) {
    return ownTokens.token().thenCompose(own -> client
        .post(config.introspectionEndpoint(), form(token), "Bearer " + own)
        .thenCompose(answer -> {
          if (answer.status == 401 && mayRetry) {
            // The own token expired early or was revoked: drop it, renew, try once more.
            LOG.debug("Introspection refused the own token (401); renewing and retrying once");
            ownTokens.invalidate(own);
            return withOwnToken(token, false);
          }
          return CompletableFuture.completedFuture(answer);
        }));
  }

  private static String form(String token) {
    return FormEncoding.form("token", token, "token_type_hint", "access_token");
  }

  private Resolution interpret(AuthServerClient.Answer answer) {
    switch (answer.status) {
      case 200:
        try {
          return Resolution.of(IntrospectionParser.parseIntrospection(answer.body));
        } catch (MalformedAnswerException e) {
          if (!e.isClaimOnly()) {
            throw new AuthServerException("introspection " + e.getMessage(), true);
          }
          if (!e.getMessage().equals(lastUnusable.getAndSet(e.getMessage()))) {
            LOG.warn("An introspection answer is unusable ({}); the token is refused as invalid_token",
                e.getMessage());
          }
          return Resolution.of(UNUSABLE);
        }
      case 409:
        return Resolution.CONFLICT;
      case 401:
      case 403:
        throw new AuthServerException("introspection endpoint refused the validator's credentials (HTTP "
            + answer.status + "): check client-id, client-secret and the client's allowed scope", false);
      default:
        // Any other 4xx (400, 404, 405...) says the endpoint or the request is wrong: a misconfiguration.
        throw new AuthServerException("introspection endpoint " + config.introspectionEndpoint().getPath()
            + " answered HTTP " + answer.status, answer.status >= 500 || answer.status == 429);
    }
  }
}
