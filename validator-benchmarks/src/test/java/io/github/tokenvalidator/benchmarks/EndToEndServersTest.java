package io.github.tokenvalidator.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TokenValidator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Each end-to-end pair differs only by the validator: it must refuse what the plain server lets through. */
class EndToEndServersTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void onlyTheFilteredServerAsksForAToken() throws Exception {
    String token = new Tokens(11).next();
    try (LoopbackAuthorizationServer authorizationServer = LoopbackAuthorizationServer.start(2);
        TokenValidator validator = Introspectors.rfc7662(authorizationServer).build();
        EndToEndServers servers = EndToEndServers.start(validator)) {
      assertThat(get(servers.plainUrl(), null).statusCode()).isEqualTo(200);
      assertRefusesWithoutAndAllowsWith(servers.filteredUrl(), token);
      assertThat(get(servers.jerseyPlainUrl(), null).body()).isEqualTo("hello\n");
      assertRefusesWithoutAndAllowsWith(servers.jerseyFilteredUrl(), token);
      // one for the token, one for the unknown one: both pairs share the validator and its cache
      assertThat(authorizationServer.introspectionCount()).isEqualTo(2);
    }
  }

  private void assertRefusesWithoutAndAllowsWith(String url, String token) throws Exception {
    HttpResponse<String> refused = get(url, null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        challenge -> assertThat(challenge).startsWith("Bearer"));
    assertThat(get(url, "Bearer " + LoopbackAuthorizationServer.UNKNOWN_TOKEN_PREFIX + "abc").statusCode())
        .isEqualTo(401);
    HttpResponse<String> allowed = get(url, "Bearer " + token);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).isEqualTo("hello\n");
  }

  private HttpResponse<String> get(String url, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
