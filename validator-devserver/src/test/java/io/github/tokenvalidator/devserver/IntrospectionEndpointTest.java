package io.github.tokenvalidator.devserver;

import static io.github.tokenvalidator.devserver.Http.basic;
import static io.github.tokenvalidator.devserver.Http.introspect;
import static io.github.tokenvalidator.devserver.Http.json;
import static io.github.tokenvalidator.devserver.TokenEndpointTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.testing.MutableClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntrospectionEndpointTest {
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private DevAuthorizationServer server;
  private String introspector;

  @BeforeEach
  void start() {
    server = DevAuthorizationServer.builder().clock(clock)
        .client("resource-server", "rs-secret", "authorization.introspect")
        .client("mobile-app", "app-secret", "RegisteredClient accessRestricted")
        .start();
    introspector = "Bearer " + Http.token(server, "resource-server", "rs-secret", "authorization.introspect");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void activeClientTokenIsAnsweredWithItsClaimsAndMobileFirstObjects() {
    String token = Http.token(server, "mobile-app", "app-secret", "accessRestricted");

    HttpResponse<String> response = introspect(server, introspector, token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    Map<String, Object> claims = json(response);
    assertThat(claims)
        .containsEntry("active", true)
        .containsEntry("scope", "accessRestricted")
        .containsEntry("client_id", "mobile-app")
        .containsEntry("token_type", "Bearer")
        .containsEntry("iat", START.getEpochSecond())
        .containsEntry("exp", START.plusSeconds(3600).getEpochSecond())
        .containsEntry("mfp-user", null)
        .containsEntry("mfp-checks", Map.of())
        .doesNotContainKey("username");
    assertThat(claims.get("mfp-application")).isEqualTo(
        Map.of("id", "mobile-app", "clientPlatform", "dev", "version", "1.0"));
    assertThat(claims.get("mfp-device")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("hardware", "dev-server")
        .containsEntry("platform", "dev")
        .containsEntry("status", "ACTIVE")
        .containsKeys("id", "displayName");
  }

  @Test
  void usernameExtensionPutsTheUserInTheToken() {
    String token = Http.json(Http.requestToken(server, basic("mobile-app", "app-secret"),
        "grant_type", "client_credentials", "username", "alice")).get("access_token").toString();

    Map<String, Object> claims = json(introspect(server, introspector, token));

    assertThat(claims).containsEntry("username", "alice")
        .containsEntry("scope", "RegisteredClient")
        .containsEntry("mfp-checks", Map.of("UserLogin", Map.of()));
    assertThat(claims.get("mfp-user")).isEqualTo(Map.of("id", "alice", "displayName", "alice",
        "authenticatedBy", "UserLogin", "authenticatedAt", START.toEpochMilli(), "attributes", Map.of()));
  }

  @Test
  void oneClientAndUserKeepOneDevice() {
    String first = server.issueToken("mobile-app", "", "alice");
    String second = server.issueToken("mobile-app", "", "alice");
    String other = server.issueToken("mobile-app", "", "bob");

    assertThat(device(first)).isEqualTo(device(second)).isNotEqualTo(device(other));
  }

  @Test
  void unknownTokenIsAnsweredActiveFalseOnly() {
    HttpResponse<String> response = introspect(server, introspector, "made-up-token");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).isEqualTo(Map.of("active", false));
  }

  @Test
  void tokenIsActiveUntilJustBeforeItsExpAndInactiveFromExpOn() {
    String token = server.issueToken("mobile-app", "accessRestricted");
    long exp = (Long) json(introspect(server, introspector, token)).get("exp");

    clock.set(Instant.ofEpochSecond(exp).minusMillis(1));
    assertThat(json(introspect(server, introspector, token))).containsEntry("active", true);

    // Renew the introspector's own token, which expires at the same time.
    clock.set(Instant.ofEpochSecond(exp));
    introspector = "Bearer " + server.issueToken("resource-server", "authorization.introspect");
    assertThat(json(introspect(server, introspector, token))).isEqualTo(Map.of("active", false));

    clock.set(Instant.ofEpochSecond(exp + 1));
    assertThat(json(introspect(server, introspector, token))).isEqualTo(Map.of("active", false));
  }

  @Test
  void expIsIssueTimeCutToWholeSecondsPlusLifetime() {
    clock.set(START.plusMillis(1_999));
    String token = server.issueToken("mobile-app", "accessRestricted");

    assertThat(json(introspect(server, introspector, token)))
        .containsEntry("iat", START.getEpochSecond() + 1)
        .containsEntry("exp", START.getEpochSecond() + 1 + 3600);
  }

  @Test
  void missingTokenParameterIsAnswered400InvalidRequest() {
    assertError(Http.postForm(server.introspectionEndpoint(), introspector, "token_type_hint=access_token"),
        400, "invalid_request");
  }

  @Test
  void tokenTypeHintIsAccepted() {
    String token = server.issueToken("mobile-app", "accessRestricted");

    assertThat(json(Http.postForm(server.introspectionEndpoint(), introspector,
        Http.form("token", token, "token_type_hint", "access_token")))).containsEntry("active", true);
  }

  @Test
  void missingAuthorizationIsAnswered401WithBearerChallenge() {
    HttpResponse<String> response = introspect(server, null, server.issueToken("mobile-app", ""));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertCoreAnswer(response, AuthenticationError.missingToken(null));
  }

  @Test
  void refusalsAreTheValidatorsOwnAnswers() {
    String appToken = "Bearer " + Http.token(server, "mobile-app", "app-secret", "accessRestricted");
    String token = server.issueToken("mobile-app", "");

    assertCoreAnswer(introspect(server, "Bearer unknown-token", token),
        AuthenticationError.invalidToken(null, "The bearer token is unknown or expired"));
    assertCoreAnswer(introspect(server, appToken, token),
        AuthenticationError.insufficientScope(null, Scope.of("authorization.introspect")));
  }

  @Test
  void twoAuthorizationHeadersAreAnswered400AsTheValidatorAnswersThem() {
    HttpResponse<String> response = Http.send(Http.request(server.introspectionEndpoint(), introspector)
        .header("Authorization", introspector).header("Content-Type", Http.FORM)
        .POST(HttpRequest.BodyPublishers.ofString(Http.form("token", "x"))));

    assertCoreAnswer(response, AuthenticationError.invalidRequest(null, "More than one Authorization header"));
  }

  @Test
  void accessTokenInTheQueryIsAnswered400AsTheValidatorAnswersIt() {
    String own = introspector.substring("Bearer ".length());

    HttpResponse<String> response = Http.postForm(server.introspectionEndpoint() + "?access%5Ftoken=" + own, null,
        Http.form("token", server.issueToken("mobile-app", "")));

    assertCoreAnswer(response, AuthenticationError.invalidRequest(null,
        "Send the token in the Authorization header; access_token in the query is not accepted"));
  }

  /** The response is exactly what core's formatter makes: status, challenge, body. */
  private static void assertCoreAnswer(HttpResponse<String> response, AuthenticationError expected) {
    assertThat(response.statusCode()).isEqualTo(expected.status());
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(expected.wwwAuthenticate());
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).isEqualTo(expected.jsonBody());
  }

  @Test
  void clientBasicAuthIsAnswered401WithBearerChallengeInMobileFirstMode() {
    HttpResponse<String> response = introspect(server, basic("resource-server", "rs-secret"),
        server.issueToken("mobile-app", ""));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer unknown-token", "Bearer", "Bearer not a token", "bearer {json}"})
  void unknownOrMalformedBearerTokenIsAnswered401InvalidToken(String authorization) {
    HttpResponse<String> response = introspect(server, authorization, server.issueToken("mobile-app", ""));

    assertError(response, 401, "invalid_token");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
  }

  @Test
  void bearerSchemeIsCaseInsensitive() {
    String token = server.issueToken("mobile-app", "accessRestricted");

    assertThat(introspect(server, introspector.replace("Bearer", "bEARER"), token).statusCode()).isEqualTo(200);
  }

  @Test
  void expiredIntrospectionTokenIsAnswered401InvalidToken() {
    String token = server.issueToken("mobile-app", "accessRestricted");
    clock.advance(Duration.ofHours(1));

    HttpResponse<String> response = introspect(server, introspector, token);

    assertError(response, 401, "invalid_token");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
  }

  @Test
  void bearerTokenWithoutIntrospectScopeIsAnswered403InsufficientScope() {
    String appToken = "Bearer " + Http.token(server, "mobile-app", "app-secret", "accessRestricted");

    HttpResponse<String> response = introspect(server, appToken, server.issueToken("mobile-app", ""));

    assertError(response, 403, "insufficient_scope");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"insufficient_scope\", scope=\"authorization.introspect\"");
  }

  @Test
  void bearerTokenWithWildcardScopeCoveringIntrospectIsAccepted() {
    String wildcard = "Bearer " + server.issueToken("resource-server", "authorization.*");

    assertThat(introspect(server, wildcard, server.issueToken("mobile-app", "")).statusCode()).isEqualTo(200);
  }

  @Test
  void introspectionChecksMethodContentTypeAndSizeLikeTheTokenEndpoint() {
    assertError(Http.send(Http.request(server.introspectionEndpoint(), introspector).GET()), 405, "invalid_request");
    assertError(Http.send(Http.request(server.introspectionEndpoint(), introspector)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("token=x"))),
        415, "invalid_request");
    assertError(Http.postForm(server.introspectionEndpoint(), introspector,
        "token=" + "x".repeat(FormEndpointHandler.MAX_BODY_BYTES)), 413, "invalid_request");
    assertError(Http.postForm(server.introspectionEndpoint(), introspector, "token=a&token=b"),
        400, "invalid_request");
  }

  private Object device(String token) {
    return ((Map<?, ?>) json(introspect(server, introspector, token)).get("mfp-device")).get("id");
  }
}
