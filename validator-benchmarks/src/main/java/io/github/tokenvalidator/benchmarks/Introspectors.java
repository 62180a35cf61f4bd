package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.support.BasicAuthenticationInterceptor;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.web.client.RestTemplate;

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

  /**
   * Spring Security's introspector as its documentation sets it up: a RestTemplate with Basic auth on
   * Spring's default request factory ({@code HttpURLConnection}); since Spring Security 6.5 (brought for its
   * DPoP provider) made by the builder that replaced the constructor, to the same effect.
   */
  static SpringOpaqueTokenIntrospector spring(LoopbackAuthorizationServer server) {
    return SpringOpaqueTokenIntrospector.withIntrospectionUri(server.introspectionEndpoint())
        .clientId(LoopbackAuthorizationServer.CLIENT_ID).clientSecret(LoopbackAuthorizationServer.CLIENT_SECRET)
        .build();
  }

  /**
   * Spring Security's introspector on the JDK's HTTP client, the same client ours uses. Spring's default
   * {@code HttpURLConnection} sends headers and body in two writes, so Nagle's algorithm holds the body back
   * until the headers are acknowledged; this setup shows Spring without that handicap.
   */
  static SpringOpaqueTokenIntrospector springOnJdkClient(LoopbackAuthorizationServer server) {
    RestTemplate rest = new RestTemplate(new JdkClientHttpRequestFactory());
    rest.getInterceptors().add(new BasicAuthenticationInterceptor(
        LoopbackAuthorizationServer.CLIENT_ID, LoopbackAuthorizationServer.CLIENT_SECRET));
    return new SpringOpaqueTokenIntrospector(server.introspectionEndpoint(), rest);
  }
}
