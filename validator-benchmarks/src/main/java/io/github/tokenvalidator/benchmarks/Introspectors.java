package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import java.time.Duration;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;

/** Builds the two contenders pointed at one {@link LoopbackAuthorizationServer}. Stateless. */
final class Introspectors {
  private Introspectors() {}

  /**
   * Ours in RFC 7662 mode (HTTP Basic client authentication), so that a miss costs exactly one POST, as
   * Spring's does.
   */
  static TokenValidator.Builder rfc7662(LoopbackAuthorizationServer server) {
    return TokenValidator.builder()
        .introspectionEndpoint(server.introspectionEndpoint())
        .clientCredentials(LoopbackAuthorizationServer.CLIENT_ID, LoopbackAuthorizationServer.CLIENT_SECRET);
  }

  /** Ours in MobileFirst mode: its own token from the token endpoint, renewed at {@code renewalRatio}. */
  static TokenValidator.Builder mobileFirst(LoopbackAuthorizationServer server, double renewalRatio) {
    return TokenValidator.builder()
        .serverUrl(server.serverUrl())
        .clientCredentials(LoopbackAuthorizationServer.CLIENT_ID, LoopbackAuthorizationServer.CLIENT_SECRET)
        .ownTokenRenewalRatio(renewalRatio)
        .requestTimeout(Duration.ofSeconds(10));
  }

  /** Spring Security's introspector as its documentation sets it up: a RestTemplate with Basic auth. */
  static SpringOpaqueTokenIntrospector spring(LoopbackAuthorizationServer server) {
    return new SpringOpaqueTokenIntrospector(server.introspectionEndpoint(),
        LoopbackAuthorizationServer.CLIENT_ID, LoopbackAuthorizationServer.CLIENT_SECRET);
  }
}
