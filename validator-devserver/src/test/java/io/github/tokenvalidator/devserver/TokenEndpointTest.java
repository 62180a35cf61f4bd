package io.github.tokenvalidator.devserver;

import static io.github.tokenvalidator.devserver.Http.basic;
import static io.github.tokenvalidator.devserver.Http.json;
import static io.github.tokenvalidator.devserver.Http.requestToken;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.testing.MutableClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenEndpointTest {
  private static final String TEST = basic("test", "test");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private DevAuthorizationServer server;

  @BeforeEach
  void start() {
    server = DevAuthorizationServer.builder().clock(clock).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void clientCredentialsGrantAnswersBearerTokenForTheRequestedScope() {
    HttpResponse<String> response = requestToken(server, TEST,
        "grant_type", "client_credentials", "scope", "accessRestricted push.application.x");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(json(response)).containsOnlyKeys("access_token", "token_type", "expires_in", "scope")
        .containsEntry("token_type", "Bearer")
        .containsEntry("expires_in", 3600L)
        .containsEntry("scope", "accessRestricted push.application.x");
  }

  @Test
  void expiresInIsTheWholeSecondsLeftLikeMobileFirsts3599() {
    clock.advance(Duration.ofMillis(250));

    assertThat(json(requestToken(server, TEST, "grant_type", "client_credentials")))
        .containsEntry("expires_in", 3599L);
  }

  @Test
  void tokensAreDistinct43CharacterBase64UrlStrings() {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      tokens.add(Http.token(server, "test", "test", null));
    }

    assertThat(tokens).hasSize(20).allSatisfy(token -> {
      assertThat(token).matches("[A-Za-z0-9_-]{43}");
      assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
    });
  }

  @Test
  void noScopeGrantsTheDefaultScopeRegisteredClient() {
    assertThat(json(requestToken(server, TEST, "grant_type", "client_credentials")))
        .containsEntry("scope", "RegisteredClient");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptyScopeGrantsTheDefaultScope(String scope) {
    assertThat(json(requestToken(server, TEST, "grant_type", "client_credentials", "scope", scope)))
        .containsEntry("scope", "RegisteredClient");
  }

  @Test
  void tokenLifetimeIsConfigurable() {
    try (DevAuthorizationServer shortLived = DevAuthorizationServer.builder().clock(clock)
        .tokenLifetime(Duration.ofSeconds(90)).start()) {
      assertThat(json(requestToken(shortLived, TEST, "grant_type", "client_credentials")))
          .containsEntry("expires_in", 90L);
    }
  }

  @Test
  void basicCredentialsAreFormUrlDecodedAfterBase64() {
    try (DevAuthorizationServer special = DevAuthorizationServer.builder()
        .client("client%&1", "secret@$2:x", "*").start()) {
      HttpResponse<String> response = requestToken(special, basic("client%&1", "secret@$2:x"),
          "grant_type", "client_credentials");

      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void basicCredentialsThatAreNotFormUrlEncodedAreRefusedAsInvalidClient() {
    try (DevAuthorizationServer special = DevAuthorizationServer.builder()
        .client("client%&1", "secret@$2:x", "*").start()) {
      String raw = "Basic " + Base64.getEncoder()
          .encodeToString("client%&1:secret@$2:x".getBytes(StandardCharsets.UTF_8));

      HttpResponse<String> response = requestToken(special, raw, "grant_type", "client_credentials");

      assertInvalidClient(response);
    }
  }

  @Test
  void unknownClientIsAnswered400InvalidClient() {
    assertInvalidClient(requestToken(server, basic("nobody", "test"), "grant_type", "client_credentials"));
  }

  @Test
  void wrongSecretIsAnswered400InvalidClientWithoutTheSecret() {
    HttpResponse<String> response = requestToken(server, basic("test", "guessed-secret"),
        "grant_type", "client_credentials");

    assertInvalidClient(response);
    assertThat(response.body()).doesNotContain("guessed-secret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer dGVzdDp0ZXN0", "Basic", "Basic !!!not-base64!!!", "Basic dGVzdA==",
      "Basicdgvzddp0zxn0"})
  void malformedOrForeignAuthorizationIsAnswered400InvalidClient(String authorization) {
    assertInvalidClient(requestToken(server, authorization, "grant_type", "client_credentials"));
  }

  @Test
  void missingClientAuthenticationIsAnswered400InvalidClient() {
    assertInvalidClient(requestToken(server, null, "grant_type", "client_credentials"));
  }

  @Test
  void twoAuthorizationHeadersAreAnswered400InvalidRequest() {
    HttpResponse<String> response = Http.send(Http.request(server.tokenEndpoint(), TEST)
        .header("Authorization", TEST).header("Content-Type", Http.FORM)
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));

    assertError(response, 400, "invalid_request");
  }

  @Test
  void scopeNotAllowedForTheClientIsAnswered400InvalidScope() {
    try (DevAuthorizationServer restricted = DevAuthorizationServer.builder()
        .client("app", "secret", "accessRestricted").start()) {
      assertError(requestToken(restricted, basic("app", "secret"),
          "grant_type", "client_credentials", "scope", "accessRestricted admin"), 400, "invalid_scope");
    }
  }

  @Test
  void defaultScopeMustBeAllowedToo() {
    try (DevAuthorizationServer restricted = DevAuthorizationServer.builder()
        .client("app", "secret", "accessRestricted").start()) {
      assertError(requestToken(restricted, basic("app", "secret"), "grant_type", "client_credentials"),
          400, "invalid_scope");
    }
  }

  @Test
  void scopeThatIsNotAnRfc6749ScopeIsAnswered400InvalidScope() {
    assertError(requestToken(server, TEST, "grant_type", "client_credentials", "scope", "quoted\"scope"),
        400, "invalid_scope");
  }

  @ParameterizedTest(name = "allowed \"{0}\", requested \"{1}\" -> {2}")
  @CsvSource({
      "send*,                sendMessage,                    true",
      "send*,                send,                           true",
      "send*,                resend,                         false",
      "push.application.*,   push.application.com.example,   true",
      "push.application.*,   push.applications,              false",
      "*,                    anything at.all RegisteredClient, true",
      "a*b*c,                a-b-c,                          true",
      "a*b*c,                abc,                            true",
      "a*b*c,                acb,                            false",
      "*.read *.write,       orders.read users.write,        true",
      "*.read,               orders.read orders.write,       false",
      "send* accessRestricted, sendMessage accessRestricted, true",
  })
  void allowedScopeWildcardsAreMatchedByScopeCovers(String allowed, String requested, boolean granted) {
    try (DevAuthorizationServer wildcard = DevAuthorizationServer.builder()
        .client("app", "secret", allowed).start()) {
      HttpResponse<String> response = requestToken(wildcard, basic("app", "secret"),
          "grant_type", "client_credentials", "scope", requested);

      if (granted) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("scope", requested);
      } else {
        assertError(response, 400, "invalid_scope");
      }
    }
  }

  @Test
  void missingGrantTypeIsAnswered400InvalidRequest() {
    assertError(requestToken(server, TEST, "scope", "a"), 400, "invalid_request");
  }

  @Test
  void emptyGrantTypeCountsAsMissing() {
    assertError(requestToken(server, TEST, "grant_type", ""), 400, "invalid_request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "authorization_code", "refresh_token", "CLIENT_CREDENTIALS"})
  void otherGrantTypesAreAnswered400UnsupportedGrantType(String grantType) {
    assertError(requestToken(server, TEST, "grant_type", grantType), 400, "unsupported_grant_type");
  }

  @Test
  void duplicateParameterIsAnswered400InvalidRequest() {
    assertError(Http.postForm(server.tokenEndpoint(), TEST,
        "grant_type=client_credentials&scope=a&scope=b"), 400, "invalid_request");
  }

  @ParameterizedTest
  @ValueSource(strings = {"grant_type=client_credentials&scope=%zz", "grant_type=client_credentials&scope=%4",
      "grant_type=client_credentials&scope=%C3%28", "=x&grant_type=client_credentials"})
  void malformedFormIsAnswered400InvalidRequest(String body) {
    assertError(Http.postForm(server.tokenEndpoint(), TEST, body), 400, "invalid_request");
  }

  @Test
  void unknownParametersAreIgnoredAsRfc6749Requires() {
    assertThat(requestToken(server, TEST, "grant_type", "client_credentials", "audience", "x").statusCode())
        .isEqualTo(200);
  }

  @Test
  void getIsAnswered405WithAllowPost() {
    HttpResponse<String> response = Http.send(Http.request(server.tokenEndpoint(), TEST).GET());

    assertError(response, 405, "invalid_request");
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HEAD", "PUT", "DELETE", "OPTIONS"})
  void otherMethodsAreAnswered405WithAllowPost(String method) {
    HttpResponse<String> response = Http.send(Http.request(server.tokenEndpoint(), TEST)
        .method(method, HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    if (method.equals("HEAD")) {
      assertThat(response.body()).isEmpty();
    } else {
      assertError(response, 405, "invalid_request");
    }
  }

  @Test
  void jsonBodyIsAnswered415() {
    HttpResponse<String> response = Http.send(Http.request(server.tokenEndpoint(), TEST)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")));

    assertError(response, 415, "invalid_request");
  }

  @Test
  void missingContentTypeIsAnswered415() {
    HttpResponse<String> response = Http.send(Http.request(server.tokenEndpoint(), TEST)
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));

    assertError(response, 415, "invalid_request");
  }

  @Test
  void formContentTypeWithCharsetParameterIsAccepted() {
    HttpResponse<String> response = Http.send(Http.request(server.tokenEndpoint(), TEST)
        .header("Content-Type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void bodyOver64KiBIsAnswered413() {
    String body = "grant_type=client_credentials&scope=" + "a".repeat(FormEndpointHandler.MAX_BODY_BYTES);

    assertError(Http.postForm(server.tokenEndpoint(), TEST, body), 413, "invalid_request");
  }

  @Test
  void chunkedBodyOver64KiBIsAnswered413() {
    byte[] body = ("grant_type=client_credentials&scope=" + "a".repeat(FormEndpointHandler.MAX_BODY_BYTES))
        .getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> response = Http.send(Http.request(server.tokenEndpoint(), TEST)
        .header("Content-Type", Http.FORM)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));

    assertError(response, 413, "invalid_request");
  }

  @Test
  void randomBodiesAreAnsweredWithoutAServerError() {
    java.util.Random random = new java.util.Random(20261121);
    byte[] alphabet = "=&%+ab_~\u00e9\u0000\r\n%C3%28grant_type=client_credentials&scope=".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 200; i++) {
      byte[] body = new byte[random.nextInt(80)];
      for (int j = 0; j < body.length; j++) {
        body[j] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
      }
      HttpResponse<String> response = Http.send(Http.request(server.tokenEndpoint(), TEST)
          .header("Content-Type", Http.FORM).POST(HttpRequest.BodyPublishers.ofByteArray(body)));

      assertThat(response.statusCode()).as("body %s", java.util.Arrays.toString(body)).isIn(200, 400);
      assertThat(json(response)).isNotEmpty();
    }
  }

  @Test
  void bodyOf64KiBExactlyIsRead() {
    String prefix = "grant_type=client_credentials&padding=";
    String body = prefix + "a".repeat(FormEndpointHandler.MAX_BODY_BYTES - prefix.length());

    assertThat(Http.postForm(server.tokenEndpoint(), TEST, body).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/mfp/api/az/v1/tokens", "/mfp/api/az/v1/token/x", "/", "/mfp/api/az/v1"})
  void otherPathsAreAnswered404(String path) {
    String url = "http://127.0.0.1:" + server.port() + path;

    assertError(Http.postForm(url, TEST, "grant_type=client_credentials"), 404, "not_found");
  }

  @Test
  void usernameExtensionIsAccepted() {
    assertThat(requestToken(server, TEST, "grant_type", "client_credentials", "username", "alice")
        .statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"line\nbreak", "tab\there", " "})
  void usernameWithControlCharactersOrBlankIsAnswered400InvalidRequest(String username) {
    assertError(requestToken(server, TEST, "grant_type", "client_credentials", "username", username),
        400, "invalid_request");
  }

  @Test
  void usernameLongerThan256CharactersIsAnswered400InvalidRequest() {
    assertError(requestToken(server, TEST, "grant_type", "client_credentials", "username", "u".repeat(257)),
        400, "invalid_request");
  }

  @Test
  void fullTokenStoreIsAnswered503UntilTokensExpire() {
    try (DevAuthorizationServer small = DevAuthorizationServer.builder().clock(clock).maxTokens(2).start()) {
      Http.token(small, "test", "test", null);
      clock.advance(Duration.ofSeconds(1));
      Http.token(small, "test", "test", null);

      HttpResponse<String> full = requestToken(small, TEST, "grant_type", "client_credentials");
      assertError(full, 503, "temporarily_unavailable");
      assertThat(full.headers().firstValue("Retry-After")).isPresent();

      clock.advance(Duration.ofSeconds(3600));
      assertThat(requestToken(small, TEST, "grant_type", "client_credentials").statusCode()).isEqualTo(200);
    }
  }

  private static void assertInvalidClient(HttpResponse<String> response) {
    assertError(response, 400, "invalid_client");
  }

  static void assertError(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(json(response)).containsEntry("error", error);
    assertThat(response.body()).doesNotContain("Exception", "\tat ");
  }
}
