package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.internal.cache.SharedAnswers;
import io.github.tokenvalidator.internal.config.IntrospectionSettings;
import io.github.tokenvalidator.internal.config.JwtSettings;
import io.github.tokenvalidator.internal.config.ResilienceSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.decision.TokenDecision;
import io.github.tokenvalidator.internal.introspection.RemoteIntrospector;
import io.github.tokenvalidator.internal.jwt.JwksSource;
import io.github.tokenvalidator.internal.jwt.JwtResolver;
import io.github.tokenvalidator.internal.resilience.IntrospectionLimiter;
import io.github.tokenvalidator.internal.resilience.UpstreamHealth;
import io.github.tokenvalidator.internal.transport.AuthServerClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine keeps for one configured issuer: its introspector (own token included) or its keys, its
 * failure gate, its limit of calls under way, its health, its audience rule, and its part of the shared
 * store. One issuer's outage opens its gate alone; the cache, the single flight and the decision's time rule
 * are the engine's, keyed by issuer. Thread-safe.
 */
final class IssuerUnit {
  private static final Logger LOG = LoggerFactory.getLogger(IssuerUnit.class);

  /** Its place among the configured issuers (0: the default issuer), the tag of its cache keys. */
  final int index;
  final String name;
  final ValidatorConfig config;
  final ValidationListener listener;
  final UpstreamHealth authServerHealth = new UpstreamHealth();
  /** Null with token-format jwt. */
  final RemoteIntrospector introspector;
  /** The issuer's keys; null with token-format opaque. */
  final JwksSource keys;
  /** Null with token-format opaque. */
  final JwtResolver jwt;
  final TokenDecision decision;
  final IntrospectionBackoff backoff;
  final IntrospectionLimiter limiter;
  /** Its answers in the store a fleet shares; null without one. */
  final SharedAnswers shared;
  /** Who answers for its tokens in the shared store's keys and in invalidations. */
  final String identity;
  /** The resource in the shared store's keys: the configured audiences. */
  final String resource;

  IssuerUnit(int index, ValidatorConfig config, AuthServerClient client, ValidationListener listener,
      Duration sharedReadBound) {
    this.index = index;
    this.name = config.issuerName();
    this.config = config;
    this.listener = listener;
    TokenFormat format = config.get(JwtSettings.TOKEN_FORMAT);
    this.introspector = format == TokenFormat.JWT ? null
        : new RemoteIntrospector(client, config, listener, authServerHealth);
    this.keys = format == TokenFormat.OPAQUE ? null : TokenResolvers.keySource(config, client, listener);
    this.jwt = keys == null ? null : TokenResolvers.jwtResolver(config, keys);
    this.decision = new TokenDecision(config.get(JwtSettings.CLOCK_SKEW), config.get(JwtSettings.AUDIENCE));
    this.backoff = new IntrospectionBackoff(config, config.ticker(), listener, authServerHealth);
    int maxConcurrent = config.get(ResilienceSettings.MAX_CONCURRENT_INTROSPECTIONS);
    this.limiter = new IntrospectionLimiter(maxConcurrent, Math.max(1000, maxConcurrent * 16), client.executor());
    this.identity = identity(config);
    this.resource = String.join(",", config.get(JwtSettings.AUDIENCE));
    this.shared = config.sharedStore() == null ? null : new SharedAnswers(config.sharedStore(), identity, resource,
        sharedReadBound, client::schedule, listener);
  }

  /** Who answers for tokens in the shared store's keys: the JWT issuer, else the introspection endpoint. */
  private static String identity(ValidatorConfig config) {
    String issuer = config.get(JwtSettings.ISSUER);
    return issuer != null ? issuer : String.valueOf(config.introspectionEndpoint());
  }

  /** The route of {@code token}: by its keys when the router found it by {@code iss}, else introspected. */
  TokenResolver.Route route(String token, boolean byIssuer) {
    return byIssuer ? jwt.route(token) : introspector.route(token);
  }

  /**
   * {@code info}, naming this issuer as the one that answered. An inactive answer is never shown to anyone,
   * and stays the shared constant it usually is (a cached refusal costs no copy).
   */
  TokenInfo answered(TokenInfo info) {
    return info.isActive() ? info.withIssuerGroup(name) : info;
  }

  Health health() {
    Health health = authServerHealth.health();
    health = keys == null ? health : health.worse(keys.health());
    return shared == null ? health : health.worse(shared.health());
  }

  /** With {@code eager-start}, checks the credentials and keys now (see {@link EagerStart}). */
  void startIfEager(long deadlineMillis) {
    if (config.get(ResilienceSettings.EAGER_START)) {
      new EagerStart(config, deadlineMillis).run(keys, introspector, authServerHealth);
    }
  }

  void logReady(boolean named) {
    String who = named ? " (issuer '" + name + "')" : "";
    if (introspector != null) {
      boolean ownToken = config.clientAuthentication() == ClientAuthentication.MOBILEFIRST_BEARER;
      LOG.info("Token validator ready{}: introspection at {} ({}), client '{}'{}", who, config.introspectionEndpoint(),
          config.clientAuthentication().settingValue(), config.get(IntrospectionSettings.CLIENT_ID),
          ownToken ? ", own token from " + config.tokenEndpoint() : "");
    }
    if (keys != null) {
      LOG.info("Token validator ready{}: {}JWTs of {} verified locally, keys from {}", who,
          config.get(JwtSettings.TOKEN_FORMAT) == TokenFormat.AUTO ? "JWT-shaped tokens are " : "",
          config.get(JwtSettings.ISSUER), config.get(JwtSettings.JWKS_URI) != null
              ? config.get(JwtSettings.JWKS_URI) : "the issuer's metadata");
    }
  }

  /** Stops its calls; {@code closeStore} for the one unit that subscribed to the shared store and closes it. */
  void close(boolean closeStore) {
    limiter.close();
    if (shared != null && closeStore) {
      shared.close();
    }
  }
}
