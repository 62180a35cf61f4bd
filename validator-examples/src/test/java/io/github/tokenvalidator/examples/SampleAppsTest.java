package io.github.tokenvalidator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample apps, over real HTTP, against the dev server: each case runs on each app. */
class SampleAppsTest {
  static DevAuthorizationServer authorizationServer;
  static TokenValidator validator;
  static ServletSampleApp servletApp;
  static JaxRsSampleApp jaxRsApp;
  static SpringBootSampleApp springBootApp;

  @BeforeAll
  static void startApps() {
    authorizationServer = DevAuthorizationServer.start();
    validator = TokenValidator.builder()
        .serverUrl(authorizationServer.serverUrl())
        .clientCredentials("test", "test")
        .build();
    servletApp = ServletSampleApp.start(validator, 0);
    jaxRsApp = JaxRsSampleApp.start(validator, 0);
    springBootApp = SpringBootSampleApp.start(Map.of("TOKENVALIDATOR_SERVER_URL", authorizationServer.serverUrl(),
        "TOKENVALIDATOR_CLIENT_ID", "test", "TOKENVALIDATOR_CLIENT_SECRET", "test"), 0);
  }

  @AfterAll
  static void stopApps() {
    servletApp.close();
    jaxRsApp.close();
    springBootApp.close();
    validator.close();
    authorizationServer.close();
  }

  static Stream<Named<URI>> apps() {
    return Stream.of(Named.of("servlet app", servletApp.baseUri()), Named.of("JAX-RS app", jaxRsApp.baseUri()),
        Named.of("Spring Boot app", springBootApp.baseUri()));
  }

  @ParameterizedTest
  @MethodSource("apps")
  void publicHelloAnswersWithoutAToken(URI app) {
    HttpResponse<String> response = Http.get(app.resolve("/public/hello"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
    assertThat(Http.json(response.body())).containsEntry("resource", "hello");
  }

  @ParameterizedTest
  @MethodSource("apps")
  void publicHelloNeverLooksAtTheToken(URI app) {
    assertThat(Http.getWithToken(app.resolve("/public/hello"), Walkthrough.MADE_UP_TOKEN).statusCode()).isEqualTo(200);
    assertThat(Http.get(app.resolve("/public/hello"), "Authorization", "Bearer \"not a token\"").statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @MethodSource("apps")
  void protectedResourcesWithoutATokenAreAnswered401WithABearerChallenge(URI app) {
    for (String path : new String[] {"/api/profile", "/api/balance"}) {
      HttpResponse<String> response = Http.get(app.resolve(path));

      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer");
    }
  }

  @ParameterizedTest
  @MethodSource("apps")
  void profileAcceptsADefaultScopeTokenAndAnswersItsData(URI app) {
    String token = authorizationServer.issueToken("mobile-app", "", "alice");

    HttpResponse<String> response = Http.getWithToken(app.resolve("/api/profile"), token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    Map<String, Object> json = Http.json(response.body());
    assertThat(json).containsEntry("resource", "profile").containsEntry("name", "alice");
    Map<String, Object> tokenData = Http.object(json, "token");
    assertThat(tokenData)
        .containsEntry("username", "alice")
        .containsEntry("clientId", "mobile-app")
        .containsEntry("scope", "RegisteredClient")
        .containsEntry("expiresAt", validator.validate("Bearer " + token).token().expiresAt().toString());
    assertThat(Http.object(json, "token.application")).containsEntry("id", "mobile-app");
    assertThat(Http.object(json, "token.device")).containsEntry("status", "ACTIVE").containsKey("id");
  }

  @ParameterizedTest
  @MethodSource("apps")
  void balanceWithADefaultScopeTokenIsAnswered403NamingAccessRestricted(URI app) {
    String token = authorizationServer.issueToken("mobile-app", "", "alice");

    HttpResponse<String> response = Http.getWithToken(app.resolve("/api/balance"), token);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"insufficient_scope\", scope=\"accessRestricted\"");
    assertThat(Http.json(response.body())).containsEntry("error", "insufficient_scope");
  }

  @ParameterizedTest
  @MethodSource("apps")
  void balanceWithAnAccessRestrictedTokenAnswersTheAccountAndTheTokensData(URI app) {
    String token = authorizationServer.issueToken("mobile-app", "accessRestricted", "alice");

    HttpResponse<String> response = Http.getWithToken(app.resolve("/api/balance"), token);

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> json = Http.json(response.body());
    assertThat(json).containsEntry("resource", "balance").containsEntry("accountHolder", "alice")
        .containsKey("balance");
    assertThat(Http.object(json, "token")).containsEntry("scope", "accessRestricted")
        .containsEntry("clientId", "mobile-app");
  }

  @ParameterizedTest
  @MethodSource("apps")
  void madeUpTokenIsAnswered401InvalidToken(URI app) {
    for (String path : new String[] {"/api/profile", "/api/balance"}) {
      HttpResponse<String> response = Http.getWithToken(app.resolve(path), Walkthrough.MADE_UP_TOKEN);

      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).as(path)
          .hasValue("Bearer error=\"invalid_token\"");
    }
  }

  @ParameterizedTest
  @MethodSource("apps")
  void malformedAuthorizationHeadersAreAnswered401NeverAFailure(URI app) {
    for (String header : new String[] {"Bearer", "Bearer ", "Bearer a b", "Bearer \"quoted\"", "Bearer tok\u00e9n",
        "Basic dGVzdDp0ZXN0", "bearer"}) {
      HttpResponse<String> response = Http.get(app.resolve("/api/balance"), "Authorization", header);

      assertThat(response.statusCode()).as(header).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).as(header).get().asString().startsWith("Bearer");
    }
  }

  @ParameterizedTest
  @MethodSource("apps")
  void anOversizedTokenIsRefusedWithoutAFailure(URI app) {
    HttpResponse<String> response = Http.getWithToken(app.resolve("/api/balance"), "x".repeat(9000));

    // the core refuses tokens over max-token-length (8192) as invalid; Jetty refuses the whole header
    // section beyond its 8 KiB first, with 431 Request Header Fields Too Large
    assertThat(response.statusCode()).isIn(401, 431);
  }

  @ParameterizedTest
  @MethodSource("apps")
  void twoAuthorizationHeadersAreRefused400(URI app) {
    String token = authorizationServer.issueToken("mobile-app", "accessRestricted", "alice");

    HttpResponse<String> response = Http.get(app.resolve("/api/balance"),
        "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_request\"");
  }

  @ParameterizedTest
  @MethodSource("apps")
  void tokenWithoutAUserIsNamedByItsClientAndAnswersANullUsername(URI app) {
    String token = authorizationServer.issueToken("kiosk-app", "accessRestricted");

    Map<String, Object> json = Http.json(Http.getWithToken(app.resolve("/api/profile"), token).body());

    assertThat(json).containsEntry("name", "kiosk-app");
    assertThat(Http.object(json, "token")).containsEntry("username", null).containsEntry("clientId", "kiosk-app");
  }

  @ParameterizedTest
  @MethodSource("apps")
  void usernameWithQuotesBackslashesAndNonAsciiSurvivesTheJson(URI app) {
    String username = "Zo\u00eb \"the\" <admin>\\ \u4e2d";
    String token = authorizationServer.issueToken("mobile-app", "accessRestricted", username);

    HttpResponse<String> response = Http.getWithToken(app.resolve("/api/balance"), token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response.body())).containsEntry("accountHolder", username);
  }

  @Test
  void everyAppAnswersTheSameJsonForTheSameToken() {
    String token = authorizationServer.issueToken("mobile-app", "accessRestricted", "alice");
    for (String path : new String[] {"/public/hello", "/api/profile", "/api/balance"}) {
      String servlet = Http.getWithToken(servletApp.baseUri().resolve(path), token).body();
      String jaxRs = Http.getWithToken(jaxRsApp.baseUri().resolve(path), token).body();
      String springBoot = Http.getWithToken(springBootApp.baseUri().resolve(path), token).body();

      assertThat(jaxRs).as(path).isEqualTo(servlet);
      assertThat(springBoot).as(path).isEqualTo(servlet);
    }
  }

  @Test
  void appsRefuseAPortAlreadyInUseNamingIt() {
    int taken = servletApp.baseUri().getPort();
    for (IntFunction<AutoCloseable> app : java.util.List.<IntFunction<AutoCloseable>>of(
        port -> ServletSampleApp.start(validator, port), port -> JaxRsSampleApp.start(validator, port),
        port -> SpringBootSampleApp.start(Map.of("TOKENVALIDATOR_SERVER_URL", authorizationServer.serverUrl(),
            "TOKENVALIDATOR_CLIENT_ID", "test", "TOKENVALIDATOR_CLIENT_SECRET", "test"), port))) {
      assertThatThrownBy(() -> app.apply(taken))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("127.0.0.1:" + taken);
    }
  }

  @Test
  void closingTwiceIsHarmless() {
    ServletSampleApp servlet = ServletSampleApp.start(validator, 0);
    JaxRsSampleApp jaxRs = JaxRsSampleApp.start(validator, 0);

    servlet.close();
    servlet.close();
    jaxRs.close();
    jaxRs.close();

    assertThatThrownBy(() -> Http.get(servlet.baseUri().resolve("/public/hello"))).isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> Http.get(jaxRs.baseUri().resolve("/public/hello"))).isInstanceOf(UncheckedIOException.class);
  }
}
