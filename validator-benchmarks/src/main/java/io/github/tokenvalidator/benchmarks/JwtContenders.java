package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.TokenValidator;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the two JWT contenders pointed at one {@link LoopbackAuthorizationServer}'s key set, with the same
 * issuer and audience. Stateless.
 */
final class JwtContenders {
  private JwtContenders() {}

  /** Ours in {@code jwt} mode: issuer, {@code jwks-uri} (no discovery) and audience, all else default. */
  static TokenValidator.Builder ours(LoopbackAuthorizationServer server) {
    return TokenValidator.builder()
        .tokenFormat(TokenFormat.JWT)
        .issuer(server.serverUrl())
        .jwksUri(server.jwksUri())
        .audience(JwtTokens.AUDIENCE);
  }

  /**
   * Spring Security's decoder as Spring Boot builds it from {@code spring.security.oauth2.resourceserver.jwt}
   * {@code jwk-set-uri}, {@code issuer-uri} and {@code audiences}: {@code NimbusJwtDecoder.withJwkSetUri(…)
   * .build()} (RS256, its default key-set cache) with {@code JwtValidators.createDefaultWithIssuer(issuer)}
   * (timestamps with 60 s skew, issuer, X.509 thumbprint) and Boot's audience check.
   */
  static NimbusJwtDecoder spring(LoopbackAuthorizationServer server) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(server.jwksUri()).build();
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
        JwtValidators.createDefaultWithIssuer(server.serverUrl()),
        new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
            audience -> audience != null && audience.contains(JwtTokens.AUDIENCE))));
    return decoder;
  }
}
