package io.github.tokenvalidator.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.internal.dpop.TokenRequestProofs;
import io.github.tokenvalidator.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The endpoints read {@code Authorization} as the validator does, through core's parser: a tab after the
 * scheme included. Called directly rather than over HTTP because the JDK's HTTP server turns a tab in a
 * header value into a space before any handler sees it.
 */
class AuthorizationHeaderParsingTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final TokenIssuer issuer = new TokenIssuer(clock, Duration.ofHours(1), 100);
  private final Authorization authorization =
      new Authorization(Map.of("test", new RegisteredClient("test", "test", Scope.of("*"))));

  @Test
  void introspectionAcceptsATabAfterTheBearerScheme() {
    String own = issuer.issue("resource-server", Scope.of("authorization.introspect"), null).value();
    String token = issuer.issue("mobile-app", Scope.of("accessRestricted"), null).value();
    IntrospectionEndpoint endpoint =
        new IntrospectionEndpoint(DevAuthorizationServer.Mode.MOBILEFIRST, authorization, issuer);

    Answer answer = endpoint.answer(authorization("Bearer\t" + own), null, Map.of("token", token));

    assertThat(answer.status()).as(body(answer)).isEqualTo(200);
    assertThat(body(answer)).contains("\"active\":true");
  }

  @Test
  void tokenEndpointAcceptsATabAfterTheBasicScheme() {
    String basic = Base64.getEncoder().encodeToString("test:test".getBytes(StandardCharsets.UTF_8));
    TokenEndpoint endpoint = new TokenEndpoint(authorization, issuer, 100, null, "/token",
        new TokenRequestProofs(java.time.Clock.systemUTC(), Duration.ofSeconds(60), null), null);

    Answer answer = endpoint.answer(authorization("Basic\t" + basic), null,
        Map.of("grant_type", "client_credentials"));

    assertThat(answer.status()).as(body(answer)).isEqualTo(200);
  }

  private static Headers authorization(String value) {
    Headers headers = new Headers();
    headers.add("Authorization", value);
    return headers;
  }

  private static String body(Answer answer) {
    return new String(answer.body(), StandardCharsets.UTF_8);
  }
}
