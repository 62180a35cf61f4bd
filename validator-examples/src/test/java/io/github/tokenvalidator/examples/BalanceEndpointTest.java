package io.github.tokenvalidator.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test shown in docs/getting-started.md, section 6, as written there (DocSnippetsTest checks it). */
class BalanceEndpointTest {
  static DevAuthorizationServer authorizationServer;
  static TokenValidator validator;
  static ServletSampleApp app;

  @BeforeAll
  static void start() {
    authorizationServer = DevAuthorizationServer.start();   // free loopback port, client test/test
    validator = TokenValidator.builder().environment(Map.of(
        "TOKENVALIDATOR_SERVER_URL", authorizationServer.serverUrl(),
        "TOKENVALIDATOR_CLIENT_ID", "test",
        "TOKENVALIDATOR_CLIENT_SECRET", "test")).build();
    app = ServletSampleApp.start(validator, 0);
  }

  @AfterAll
  static void stop() {
    app.close();
    validator.close();
    authorizationServer.close();
  }

  @Test
  void balanceNeedsAccessRestricted() throws Exception {
    URI balance = app.baseUri().resolve("/api/balance");
    String defaultScope = authorizationServer.issueToken("mobile-app", "", "alice");
    String restricted = authorizationServer.issueToken("mobile-app", "accessRestricted", "alice");

    assertEquals(401, send(HttpRequest.newBuilder(balance).build()));
    assertEquals(403, send(HttpRequest.newBuilder(balance).header("Authorization", "Bearer " + defaultScope).build()));
    assertEquals(200, send(HttpRequest.newBuilder(balance).header("Authorization", "Bearer " + restricted).build()));
  }

  private static int send(HttpRequest request) throws Exception {
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
