package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.internal.config.JwtSettings;
import io.github.tokenvalidator.internal.config.ResilienceSettings;
import io.github.tokenvalidator.internal.config.TransportSettings;
import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.introspection.RemoteIntrospector;
import io.github.tokenvalidator.internal.jwt.JwksSource;
import io.github.tokenvalidator.internal.jwt.Jws;
import io.github.tokenvalidator.internal.jwt.JwtResolver;
import io.github.tokenvalidator.internal.jwt.JwtRules;
import io.github.tokenvalidator.internal.transport.AuthServerClient;
import io.github.tokenvalidator.internal.transport.JsonFetcher;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses, from {@code token-format}, how a token becomes data. Thread-safe. */
public final class TokenResolvers {
  private static final Logger LOG = LoggerFactory.getLogger(TokenResolvers.class);

  private TokenResolvers() {}

  /** The issuer's keys, fetched through {@code client}, bounded as introspection is. */
  public static JwksSource keySource(ValidatorConfig config, AuthServerClient client, ValidationListener listener) {
    JsonFetcher fetcher = uri -> client.get(uri)
        .thenApply(answer -> new JsonFetcher.Fetched(answer.status, answer.body, answer.header("Cache-Control")));
    return new JwksSource(fetcher, config.ticker(), config.get(JwtSettings.ISSUER), config.get(JwtSettings.JWKS_URI),
        config.get(JwtSettings.MIN_REFETCH_INTERVAL), config.get(ResilienceSettings.FAILURE_BACKOFF), config.get(JwtSettings.REFRESH_INTERVAL),
        config.get(JwtSettings.MAX_AGE_FLOOR), config.get(JwtSettings.MAX_AGE_CEILING), config.get(JwtSettings.OUTAGE_RETENTION),
        config.get(TransportSettings.ALLOW_INSECURE_HTTP), listener);
  }

  /**
   * The local verification of the issuer's JWTs against {@code keys}; warns once when no audience is set.
   *
   * @param config the issuer's configuration
   * @param keys the issuer's keys
   * @return the resolver
   */
  public static JwtResolver jwtResolver(ValidatorConfig config, JwksSource keys) {
    if (config.get(JwtSettings.AUDIENCE).isEmpty()) {
      LOG.warn("No audience set: JWTs of {} are accepted whatever their aud; set tokenvalidator.{} to "
          + "this API's identifier so tokens issued for other APIs are refused", config.get(JwtSettings.ISSUER),
          config.keyOf(JwtSettings.AUDIENCE));
    }
    JwtRules rules = new JwtRules(config.jwtAlgorithms(), config.jwtTypes(), config.get(JwtSettings.ISSUER),
        config.get(JwtSettings.AUDIENCE));
    return new JwtResolver(rules, keys, config.clock());
  }

  /**
   * Introspection ({@code introspector}), local JWT verification ({@code keys}), or each by the token's
   * shape. The audience, like the times, is the one decision's ({@code TokenDecision}), whichever resolved.
   */
  public static TokenResolver choose(ValidatorConfig config, RemoteIntrospector introspector, JwksSource keys) {
    TokenFormat format = config.get(JwtSettings.TOKEN_FORMAT);
    TokenResolver introspection = introspector;
    if (format == TokenFormat.OPAQUE) {
      return introspection;
    }
    JwtResolver jwt = jwtResolver(config, keys);
    JwtRules rules = jwt.rules();
    if (format == TokenFormat.JWT) {
      return jwt;
    }
    return new TokenResolver() {
      @Override
      public CompletableFuture<Resolution> resolve(String token) {
        return route(token).call.get();
      }

      /**
       * A JWT-shaped token is verified here and never falls back to introspection, whatever the outcome. The
       * header is read once when it passes the JWT rules (the usual case), twice only when it fails them.
       */
      @Override
      public Route route(String token) {
        Route parsed = jwt.routeIfParsed(token);
        if (parsed != null) {
          return parsed;
        }
        return Jws.isJwtShaped(token, rules.algorithms) ? jwt.route(token) : introspection.route(token);
      }
    };
  }
}
