package io.github.tokenvalidator.examples.guides;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import io.github.tokenvalidator.jaxrs.TokenValidationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The complete programs of the guides (getting-started.md, servlet.md, jaxrs.md), run end to end: each
 * program's own {@code start}, as its {@code main} calls it, against the dev server, called without a token,
 * with a token lacking the scope and with the right one, over real HTTP. A second dev server issues JWTs,
 * which carry no MobileFirst data ({@code mfp-device}): the programs must answer them too, not fail with 500.
 */
class GuideProgramsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  // Jersey warns at start that JAXB (for WADL) and Activation are missing, which the programs do not need
  private static final Logger JERSEY = Logger.getLogger("org.glassfish.jersey");

  static DevAuthorizationServer mobileFirst;
  static DevAuthorizationServer jwtIssuer;
  static TokenValidator validator;
  static TokenValidator jwtValidator;

  @BeforeAll
  static void startAuthorizationServers() {
    JERSEY.setLevel(Level.SEVERE);
    mobileFirst = DevAuthorizationServer.start();
    validator = TokenValidator.builder().environment(settings(mobileFirst)).build();
    jwtIssuer = DevAuthorizationServer.builder().jwt(DevAuthorizationServer.JwtAlgorithm.RS256).start();
    jwtValidator = TokenValidator.builder().environment(Map.of(
        "TOKENVALIDATOR_TOKEN_FORMAT", "jwt",
        "TOKENVALIDATOR_ISSUER", jwtIssuer.issuer(),
        "TOKENVALIDATOR_AUDIENCE", "mobile-app")).build();
  }

  @AfterAll
  static void stopAuthorizationServers() {
    jwtValidator.close();
    jwtIssuer.close();
    validator.close();
    mobileFirst.close();
    JERSEY.setLevel(null);
  }

  /** What the guides tell the reader to export before running a program. */
  static Map<String, String> settings(DevAuthorizationServer server) {
    return Map.of(
        "TOKENVALIDATOR_SERVER_URL", server.serverUrl(),
        "TOKENVALIDATOR_CLIENT_ID", "test",
        "TOKENVALIDATOR_CLIENT_SECRET", "test");
  }

  @Test
  void gettingStartedServletProgramProtectsTheBalance() throws Exception {
    Server server = BalanceServer.start(validator, 0);
    try {
      URI balance = base(server).resolve("/api/balance");

      assertRefused(get(balance, null), 401, "Bearer");
      assertRefused(get(balance, mobileFirst.issueToken("mobile-app", "", "alice")), 403,
          "Bearer error=\"insufficient_scope\", scope=\"accessRestricted\"");
      HttpResponse<String> allowed = get(balance, mobileFirst.issueToken("mobile-app", "accessRestricted", "alice"));
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).matches("Balance of alice: 1024\\.00 EUR \\(device [0-9a-f-]{36}\\)\\n");
    } finally {
      server.stop();
    }
  }

  @Test
  void gettingStartedServletProgramAnswersATokenWithoutMobileFirstData() throws Exception {
    Server server = BalanceServer.start(jwtValidator, 0);
    try {
      HttpResponse<String> allowed = get(base(server).resolve("/api/balance"),
          jwtIssuer.issueToken("mobile-app", "accessRestricted", "alice"));

      assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
      assertThat(allowed.body()).isEqualTo("Balance of alice: 1024.00 EUR (device unknown)\n");
    } finally {
      server.stop();
    }
  }

  @Test
  void gettingStartedJaxRsProgramProtectsTheBalance() throws Exception {
    HttpServer server = BalanceApi.start(validator, 0);
    try {
      URI balance = base(server).resolve("/api/balance");

      assertRefused(get(balance, null), 401, "Bearer");
      assertRefused(get(balance, mobileFirst.issueToken("mobile-app", "", "alice")), 403,
          "Bearer error=\"insufficient_scope\", scope=\"accessRestricted\"");
      HttpResponse<String> allowed = get(balance, mobileFirst.issueToken("mobile-app", "accessRestricted", "alice"));
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).isEqualTo("Balance of alice: 1024.00 EUR\n");
      assertThat(get(balance, jwtIssuer.issueToken("mobile-app", "accessRestricted", "alice")).statusCode())
          .as("a token of another server").isEqualTo(401);
    } finally {
      stop(server);
    }
  }

  @Test
  void servletGuideProgramProtectsTheBalanceAndOpensItsHealth() throws Exception {
    Server server = BankServer.start(validator, 0);
    try {
      URI base = base(server);
      URI balance = base.resolve("/api/balance");

      assertRefused(get(balance, null), 401, "Bearer");
      assertRefused(get(base.resolve("/admin/users"), mobileFirst.issueToken("mobile-app", "accessRestricted", "bob")),
          403, "Bearer error=\"insufficient_scope\", scope=\"admin\"");
      HttpResponse<String> allowed = get(balance, mobileFirst.issueToken("mobile-app", "accessRestricted", "alice"));
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).matches("Balance of alice: 1024\\.00 EUR \\(device [0-9a-f-]{36}\\)\\n");
      HttpResponse<String> health = get(base.resolve("/health"), null);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("UP\n");
    } finally {
      server.stop();
    }
  }

  @Test
  void servletGuideProgramAnswersATokenWithoutMobileFirstData() throws Exception {
    Server server = BankServer.start(jwtValidator, 0);
    try {
      HttpResponse<String> allowed = get(base(server).resolve("/api/balance"),
          jwtIssuer.issueToken("mobile-app", "accessRestricted", "alice"));

      assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
      assertThat(allowed.body()).isEqualTo("Balance of alice: 1024.00 EUR\n");
    } finally {
      server.stop();
    }
  }

  @Test
  void jaxRsGuideProgramProtectsTheAccountsOpensItsHealthAndClosesItsValidator() throws Exception {
    TokenValidationFeature feature = TokenValidationFeature.fromEnvironment(settings(mobileFirst));
    HttpServer server = BankApi.start(feature, 0);
    try {
      URI base = base(server);
      URI balance = base.resolve("/accounts/42/balance");

      assertRefused(get(balance, null), 401, "Bearer");
      assertRefused(get(balance, mobileFirst.issueToken("mobile-app", "accounts.write", "alice")), 403,
          "Bearer error=\"insufficient_scope\", scope=\"accounts.read\"");
      HttpResponse<String> allowed = get(balance, mobileFirst.issueToken("mobile-app", "accounts.read", "alice"));
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.body()).isEqualTo("Balance of account 42 for alice: 1024.00 EUR\n");
      HttpResponse<String> health = get(base.resolve("/health"), null);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("UP\n");

      feature.close();   // what main's shutdown hook does

      assertThat(get(balance, mobileFirst.issueToken("mobile-app", "accounts.read", "carol")).statusCode())
          .isEqualTo(503);
    } finally {
      stop(server);
      feature.close();
    }
  }

  private static URI base(Server server) {
    return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
  }

  private static URI base(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Stops the JDK server and the executor the program gave it. */
  private static void stop(HttpServer server) {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  private static HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertRefused(HttpResponse<String> response, int status, String challenge) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(challenge);
  }
}
