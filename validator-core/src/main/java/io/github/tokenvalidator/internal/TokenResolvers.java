package io.github.tokenvalidator.internal;

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
  private static final TokenResolver.Resolution WRONG_AUDIENCE =
      TokenResolver.Resolution.of(TokenInfo.builder().active(false).build());

  private TokenResolvers() {}

  /** The issuer's keys, fetched through {@code client}, bounded as introspection is. */
  public static JwksSource keySource(ValidatorConfig config, AuthServerClient client, ValidationListener listener) {
    JsonFetcher fetcher = uri -> client.get(uri)
        .thenApply(answer -> new JsonFetcher.Fetched(answer.status, answer.body, answer.header("Cache-Control")));
    return new JwksSource(fetcher, config.ticker(), config.issuer(), config.jwksUri(),
        config.jwksMinRefetchInterval(), config.failureBackoff(), config.jwksRefreshInterval(),
        config.jwksMaxAgeFloor(), config.jwksMaxAgeCeiling(), config.jwksOutageRetention(),
        config.allowInsecureHttp(), listener);
  }

  /**
   * Introspection ({@code introspector}), local JWT verification ({@code keys}), or each by the token's
   * shape; with {@code audience} set, an introspection answer carrying {@code aud} must name one too.
   */
  public static TokenResolver choose(ValidatorConfig config, RemoteIntrospector introspector, JwksSource keys) {
    TokenFormat format = config.tokenFormat();
    TokenResolver introspection = format == TokenFormat.JWT ? null
        : audienceChecked(introspector, config.audiences());
    if (format == TokenFormat.OPAQUE) {
      return introspection;
    }
    if (config.audiences().isEmpty()) {
      LOG.warn("No audience set: JWTs of {} are accepted whatever their aud; set tokenvalidator.audience to "
          + "this API's identifier so tokens issued for other APIs are refused", config.issuer());
    }
    JwtRules rules = new JwtRules(config.jwtAlgorithms(), config.jwtTypes(), config.issuer(),
        config.audiences(), config.clockSkew());
    JwtResolver jwt = new JwtResolver(rules, keys, config.clock());
    if (format == TokenFormat.JWT) {
      return jwt;
    }
    return new TokenResolver() {
      @Override
      public CompletableFuture<Resolution> resolve(String token) {
        // A JWT-shaped token is verified here and never falls back to introspection, whatever the outcome.
        return Jws.isJwtShaped(token, rules.algorithms) ? jwt.resolve(token) : introspection.resolve(token);
      }

      @Override
      public boolean sharesFailureGate(String token) {
        return !Jws.isJwtShaped(token, rules.algorithms);
      }
    };
  }

  private static TokenResolver audienceChecked(TokenResolver introspector, List<String> audiences) {
    if (audiences.isEmpty()) {
      return introspector;
    }
    return token -> introspector.resolve(token).thenApply(resolution -> {
      TokenInfo info = resolution.info;
      if (info != null && info.isActive() && !info.audience().isEmpty()
          && !JwtRules.acceptsAudience(audiences, info.audience())) {
        LOG.debug("Introspected token refused: its aud names none of the configured audiences");
        return WRONG_AUDIENCE;
      }
      return resolution;
    });
  }
}
