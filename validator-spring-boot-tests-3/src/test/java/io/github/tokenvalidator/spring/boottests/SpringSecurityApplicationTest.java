package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.spring.boottests.FrontedAuthorizationServer.Mode;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Security application on embedded Tomcat, with its own chain and method security, against the
 * development authorization server: every answer, one introspection for a herd, outage, health, metrics.
 */
@SpringBootTest(
    classes = {BankApplication.class, ApplicationSecurity.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenvalidator.client-id=test",
      "tokenvalidator.client-secret=test",
      "tokenvalidator.realm=bank",
      "tokenvalidator.spring.rules=GET /api/balance accessRestricted; /public/* permit",
      "management.endpoints.web.exposure.include=health,metrics",
      "management.endpoint.health.show-details=always",
      "management.endpoint.health.show-components=always"
    })
class SpringSecurityApplicationTest {
  static final FrontedAuthorizationServer AUTHORIZATION_SERVER = new FrontedAuthorizationServer();
  static final String REALM = "bank";

  @DynamicPropertySource
  static void authorizationServer(DynamicPropertyRegistry registry) {
    registry.add("tokenvalidator.server-url", AUTHORIZATION_SERVER::serverUrl);
  }

  @AfterAll
  static void stopAuthorizationServer() {
    AUTHORIZATION_SERVER.close();
  }

  @Value("${local.server.port}")
  int port;

  @Autowired
  MeterRegistry meters;

  @AfterEach
  void passThrough() {
    AUTHORIZATION_SERVER.mode(Mode.PASS);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private static void assertRefusal(HttpResponse<String> response, AuthenticationError expected) {
    assertThat(response.statusCode()).isEqualTo(expected.status());
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEqualTo(java.util.Optional.ofNullable(expected.wwwAuthenticate()));
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(response.body()).startsWith("{\"error\":\"" + expected.kind().errorCode() + "\"");
  }

  @Test
  void validTokenReachesTheEndpointWithScopeAuthorities() {
    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted transfer");

    HttpResponse<String> response = Http.bearer(url("/api/balance"), token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"name\":\"alice\"").contains("\"client\":\"mobile-app\"")
        .contains("SCOPE_accessRestricted").contains("SCOPE_transfer");
  }

  @Test
  void noTokenIsAnsweredWithTheBareChallenge() {
    assertRefusal(Http.get(url("/api/me")), AuthenticationError.missingToken(REALM));
    assertThat(Http.get(url("/api/me")).headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"bank\"");
  }

  @Test
  void noTokenOnARuleWithAScopeIsAnsweredWithTheBareChallenge() {
    assertRefusal(Http.get(url("/api/balance")), AuthenticationError.missingToken(REALM));
  }

  @Test
  void otherSchemeCountsAsNoToken() {
    assertRefusal(Http.get(url("/api/me"), "Basic dGVzdDp0ZXN0"), AuthenticationError.missingToken(REALM));
  }

  @Test
  void twoAuthorizationHeadersAreAnInvalidRequest() {
    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted");
    assertRefusal(Http.get(url("/api/me"), "Bearer " + token, "Bearer " + token),
        AuthenticationError.invalidRequest(REALM, "x"));
  }

  @Test
  void aTokenInTheQueryIsRefusedNotIgnored() {
    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted");
    assertRefusal(Http.get(url("/api/me?access_token=" + token)), AuthenticationError.invalidRequest(REALM, "x"));
    assertRefusal(Http.get(url("/api/me?access%5Ftoken=" + token), "Bearer " + token),
        AuthenticationError.invalidRequest(REALM, "x"));
    assertRefusal(Http.get(url("/api/balance?a=1;access_token=" + token)), AuthenticationError.invalidRequest(REALM, "x"));
  }

  @Test
  void unknownTokenIsInvalid() {
    assertRefusal(Http.bearer(url("/api/me"), "no-such-token"), AuthenticationError.invalidToken(REALM, "x"));
  }

  @Test
  void malformedTokenIsInvalid() {
    assertRefusal(Http.get(url("/api/me"), "Bearer a b"), AuthenticationError.invalidToken(REALM, "x"));
  }

  @Test
  void scopeFromThePropertiesRulesIsNamedInThe403() {
    String token = AUTHORIZATION_SERVER.issueToken("transfer");
    assertRefusal(Http.bearer(url("/api/balance"), token),
        AuthenticationError.insufficientScope(REALM, Scope.of("accessRestricted")));
  }

  @Test
  void scopeFromPreAuthorizeIsNamedInThe403() {
    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted");
    HttpResponse<String> response = Http.bearer(url("/api/transfers"), token);
    assertRefusal(response, AuthenticationError.insufficientScope(REALM, Scope.of("transfer")));
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"bank\", error=\"insufficient_scope\", scope=\"transfer\"");

    assertThat(Http.bearer(url("/api/transfers"), AUTHORIZATION_SERVER.issueToken("transfer")).statusCode()).isEqualTo(200);
  }

  @Test
  void scopeFromTheChainsHasAuthorityIsNamedInThe403() {
    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted");
    assertRefusal(Http.bearer(url("/api/admin"), token), AuthenticationError.insufficientScope(REALM, Scope.of("admin")));
    assertThat(Http.bearer(url("/api/admin"), AUTHORIZATION_SERVER.issueToken("admin")).statusCode()).isEqualTo(200);
  }

  @Test
  void aDenialThatNamesNoScopeIsA403WithoutScope() {
    HttpResponse<String> response = Http.bearer(url("/api/staff"), AUTHORIZATION_SERVER.issueToken("accessRestricted"));
    assertRefusal(response, AuthenticationError.insufficientScope(REALM, Scope.empty()));
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"bank\", error=\"insufficient_scope\"");
  }

  @Test
  void aPostWithATokenNeedsNoCsrfToken() {
    HttpResponse<String> response = Http.post(url("/api/me"), "Bearer " + AUTHORIZATION_SERVER.issueToken("accessRestricted"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("SCOPE_accessRestricted");
  }

  @Test
  void aCsrfFailureIsSpringsPlain403NotAScopeChallenge() {
    HttpResponse<String> response = Http.post(url("/api/me"));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void permittedPathsNeedNoToken() {
    HttpResponse<String> response = Http.get(url("/public/hello"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"hello\":\"world\"}");
  }

  @Test
  void mobileFirstConflictIs409WithMfpConflict() {
    AUTHORIZATION_SERVER.mode(Mode.CONFLICT);
    HttpResponse<String> response = Http.bearer(url("/api/me"), AUTHORIZATION_SERVER.issueToken("accessRestricted"));
    assertRefusal(response, AuthenticationError.conflict());
    assertThat(response.headers().firstValue("MFP-Conflict")).contains("true");
  }

  @Test
  void twoHundredParallelFirstRequestsMakeOneIntrospection() {
    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted");
    int before = AUTHORIZATION_SERVER.introspections();
    double introspectionsBefore = meters.get("tokenvalidator.introspections").tag("issuer", "default").tag("outcome", "active").timer().count();
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url("/api/balance")))
          .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertThat(response.join().statusCode()).isEqualTo(200);
    }
    assertThat(AUTHORIZATION_SERVER.introspections() - before).isEqualTo(1);
    assertThat(meters.get("tokenvalidator.introspections").tag("issuer", "default").tag("outcome", "active").timer().count() - introspectionsBefore)
        .isEqualTo(1);
  }

  @Test
  void outageIs503WithRetryAfterAndHealthFollowsTheServer() {
    String cached = AUTHORIZATION_SERVER.issueToken("accessRestricted");
    assertThat(Http.bearer(url("/api/me"), cached).statusCode()).isEqualTo(200);
    assertThat(health("/actuator/health/tokenValidator")).contains("\"status\":\"UP\"");
    double unavailableBefore = meters.get("tokenvalidator.rejections").tag("issuer", "default").tag("kind", "unavailable").counter().count();

    AUTHORIZATION_SERVER.mode(Mode.OUTAGE);
    HttpResponse<String> refused = Http.bearer(url("/api/me"), AUTHORIZATION_SERVER.issueToken("accessRestricted"));
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(value -> assertThat(Long.parseLong(value)).isPositive());
    assertThat(refused.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(refused.body()).startsWith("{\"error\":\"temporarily_unavailable\"");
    assertThat(Http.bearer(url("/api/me"), cached).statusCode()).as("cached answers keep serving").isEqualTo(200);
    assertThat(meters.get("tokenvalidator.rejections").tag("issuer", "default").tag("kind", "unavailable").counter().count() - unavailableBefore)
        .isEqualTo(1);
    String degraded = health("/actuator/health/tokenValidator");
    assertThat(degraded).contains("\"status\":\"DEGRADED\"").contains("\"misconfigured\":false").contains("503");
    assertThat(topLevelStatus(health("/actuator/health"))).as("Boot ranks a status it does not know below UP").isEqualTo("UP");

    AUTHORIZATION_SERVER.mode(Mode.PASS);
    assertThat(Http.bearer(url("/api/me"), AUTHORIZATION_SERVER.issueToken("accessRestricted")).statusCode()).isEqualTo(200);
    assertThat(health("/actuator/health/tokenValidator")).contains("\"status\":\"UP\"");
  }

  /** The {@code status} of the outer object, wherever the Boot line's JSON writer puts it. */
  private static String topLevelStatus(String json) {
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        if (name.equals("status")) {
          return parser.getText();
        }
        parser.skipChildren();
      }
      return null;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String health(String path) {
    HttpResponse<String> response = Http.get(url(path));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
