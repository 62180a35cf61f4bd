package io.github.tokenvalidator.devserver;

import static io.github.tokenvalidator.devserver.Http.basic;
import static io.github.tokenvalidator.devserver.Http.introspect;
import static io.github.tokenvalidator.devserver.Http.json;
import static io.github.tokenvalidator.devserver.TokenEndpointTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Rfc7662ModeTest {
  private static final String CHALLENGE = "Basic realm=\"dev-authorization-server\"";

  private DevAuthorizationServer server;
  private String token;

  @BeforeEach
  void start() {
    server = DevAuthorizationServer.builder()
        .mode(DevAuthorizationServer.Mode.RFC7662)
        .client("resource-server", "rs-secret", "RegisteredClient")
        .client("mobile-app", "app-secret", "accessRestricted")
        .start();
    token = Http.token(server, "mobile-app", "app-secret", "accessRestricted");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void clientBasicAuthIntrospects() {
    HttpResponse<String> response = introspect(server, basic("resource-server", "rs-secret"), token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).containsEntry("active", true).containsEntry("client_id", "mobile-app")
        .containsEntry("scope", "accessRestricted");
  }

  @Test
  void clientCredentialsInTheFormIntrospect() {
    HttpResponse<String> response = Http.postForm(server.introspectionEndpoint(), null,
        Http.form("token", token, "client_id", "resource-server", "client_secret", "rs-secret"));

    assertThat(json(response)).containsEntry("active", true);
  }

  @Test
  void anyRegisteredClientMayIntrospectWhateverItsAllowedScope() {
    assertThat(json(introspect(server, basic("mobile-app", "app-secret"), token))).containsEntry("active", true);
  }

  @Test
  void unknownTokenIsAnsweredActiveFalse() {
    assertThat(json(introspect(server, basic("resource-server", "rs-secret"), "made-up")))
        .isEqualTo(Map.of("active", false));
  }

  @Test
  void bearerTokenIsAnswered401InvalidClientWithBasicChallenge() {
    HttpResponse<String> response = introspect(server, "Bearer " + token, token);

    assertError(response, 401, "invalid_client");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
  }

  @Test
  void missingClientAuthenticationIsAnswered401InvalidClient() {
    HttpResponse<String> response = introspect(server, null, token);

    assertError(response, 401, "invalid_client");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
  }

  @Test
  void wrongSecretIsAnswered401InvalidClient() {
    assertError(introspect(server, basic("resource-server", "wrong"), token), 401, "invalid_client");
    assertError(Http.postForm(server.introspectionEndpoint(), null,
        Http.form("token", token, "client_id", "resource-server", "client_secret", "wrong")), 401, "invalid_client");
  }

  @Test
  void twoClientAuthenticationMethodsAreAnswered400InvalidRequest() {
    assertError(Http.postForm(server.introspectionEndpoint(), basic("resource-server", "rs-secret"),
        Http.form("token", token, "client_id", "resource-server", "client_secret", "rs-secret")),
        400, "invalid_request");
  }

  @Test
  void tokenEndpointStillAnswersInvalidClientAs400() {
    assertError(Http.requestToken(server, basic("mobile-app", "wrong"), "grant_type", "client_credentials"),
        400, "invalid_client");
  }
}
