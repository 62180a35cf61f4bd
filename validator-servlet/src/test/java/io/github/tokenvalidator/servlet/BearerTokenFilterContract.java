package io.github.tokenvalidator.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter's behaviour, written once and run in every container by a subclass: a bank application with
 * servlets on {@code /api/balance}, {@code /admin/*}, {@code /public/*}, {@code /health}, {@code *.report}
 * and {@code /}, protected by {@link #RULES}, with {@link MockAuthorizationServer} as the authorization
 * server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BearerTokenFilterContract {
  static final String REALM = "bank";
  static final String RULES =
      "GET,POST /api/balance accessRestricted; /public/* permit; /health permit; /admin/* admin; *.report reports";

  /** How the container resolves a request target that tries to reach {@code /admin} past its rule. */
  enum Resolution {
    /** The container decodes and normalises it to {@code /admin} and dispatches to the admin servlet. */
    ADMIN,
    /** The container refuses it with 400 before any filter runs. */
    REFUSED,
    /** The container dispatches it to the default servlet, not to the admin servlet. */
    DEFAULT_SERVLET
  }

  record PathCase(String target, Resolution resolution) {
    @Override
    public String toString() {
      return target + " -> " + resolution;
    }
  }

  private MockAuthorizationServer auth;
  private TokenValidator validator;
  private TestContainer bank;
  private HttpClient http;
  private final AtomicReference<ServletContext> bankContext = new AtomicReference<>();

  /** Starts {@code application} in this subclass's container. */
  abstract TestContainer start(TestContainer.Application application) throws Exception;

  /** Deploys the web application in {@code docBase} from its {@code WEB-INF/web.xml}. */
  abstract TestContainer deploy(Path docBase) throws Exception;

  /** Asserts that an application whose filter failed {@code init} answers no request. */
  abstract void assertApplicationNotServed(TestContainer container) throws Exception;

  /** The path-confusion targets and how this container resolves each. */
  abstract List<PathCase> pathConfusionCases();

  @BeforeAll
  void startBank() throws Exception {
    auth = MockAuthorizationServer.start();
    auth.activeToken("balance-token", "accessRestricted", "alice")
        .activeToken("admin-token", "admin", "root")
        .activeToken("reports-token", "reports", "carol")
        .activeToken("wildcard-token", "accessRestricted push.application.*", "dave")
        .activeToken("client-token", "accessRestricted", null);
    validator = auth.validatorBuilder().realm(REALM).build();
    Filter filter = new BearerTokenFilter(validator, SecurityRules.parse(RULES));
    bank = start(context -> {
      bankContext.set(context);
      bankApplication(context);
      register(context, filter);
    });
    assertThat(bank.applicationAvailable()).isTrue();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  void stopBank() {
    if (bank != null) {
      bank.close();
    }
    if (validator != null) {
      validator.close();
    }
    if (auth != null) {
      auth.close();
    }
  }

  static void bankApplication(ServletContext context) {
    context.addServlet("balance", new EchoServlet("balance")).addMapping("/api/balance");
    context.addServlet("admin", new EchoServlet("admin")).addMapping("/admin/*");
    context.addServlet("public", new EchoServlet("public")).addMapping("/public/*");
    context.addServlet("health", new EchoServlet("health")).addMapping("/health");
    context.addServlet("report", new EchoServlet("report")).addMapping("*.report");
    context.addServlet("default", new EchoServlet("default")).addMapping("/");
    ServletRegistration.Dynamic async = context.addServlet("async", new EchoServlet("async"));
    async.setAsyncSupported(true);
    async.addMapping("/async/*");
  }

  static FilterRegistration.Dynamic register(ServletContext context, Filter filter) {
    FilterRegistration.Dynamic registration = context.addFilter("bearer", filter);
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    return registration;
  }

  // ---- the answers -------------------------------------------------------------------------------------

  @Test
  void requestWithoutTokenIsAnswered401WithBareChallenge() throws Exception {
    HttpResponse<String> response = send(bank, "GET", "/api/balance");

    assertAnswers(response, AuthenticationError.missingToken(REALM));
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"bank\"");
  }

  @Test
  void unknownTokenIsAnswered401InvalidToken() throws Exception {
    HttpResponse<String> response = send(bank, "GET", "/api/balance", "Authorization", "Bearer unknown-token");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"bank\", error=\"invalid_token\"");
    assertAnswers(response, sameAnswerFromCore("Bearer unknown-token", "accessRestricted"));
  }

  @Test
  void tokenWithoutRequiredScopeIsAnswered403WithRequiredScopeInChallenge() throws Exception {
    HttpResponse<String> response = send(bank, "GET", "/api/balance", "Authorization", "Bearer reports-token");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"bank\", error=\"insufficient_scope\", scope=\"accessRestricted\"");
    assertAnswers(response, sameAnswerFromCore("Bearer reports-token", "accessRestricted"));
  }

  @Test
  void authorizationServerFailureIsAnswered503WithRetryAfterAndNoChallenge() throws Exception {
    auth.enqueueIntrospection(new MockResponse().setResponseCode(500));

    HttpResponse<String> response = send(bank, "GET", "/api/balance", "Authorization", "Bearer token-during-outage");

    assertUnavailable(response);
  }

  @Test
  void unreachableAuthorizationServerIsAnswered503() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (TokenValidator unreachable = TokenValidator.builder()
            .serverUrl("http://127.0.0.1:" + closedPort + "/mfp/api")
            .clientCredentials(MockAuthorizationServer.CLIENT_ID, MockAuthorizationServer.CLIENT_SECRET)
            .build();
        TestContainer container = start(context -> {
          bankApplication(context);
          register(context, new BearerTokenFilter(unreachable, SecurityRules.parse(RULES)));
        })) {
      HttpResponse<String> response = send(container, "GET", "/api/balance", "Authorization", "Bearer balance-token");

      assertUnavailable(response);
    }
  }

  @Test
  void mobileFirstConflictIsAnswered409WithMfpConflictHeaderAndNoChallenge() throws Exception {
    auth.enqueueIntrospection(new MockResponse().setResponseCode(409));

    HttpResponse<String> response = send(bank, "GET", "/api/balance", "Authorization", "Bearer token-in-conflict");

    assertAnswers(response, AuthenticationError.conflict());
    assertThat(response.headers().firstValue("MFP-Conflict")).hasValue("true");
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void twoAuthorizationHeadersAreAnswered400InvalidRequest() throws Exception {
    HttpResponse<String> response = send(bank, "GET", "/api/balance",
        "Authorization", "Bearer balance-token", "Authorization", "Bearer admin-token");

    assertAnswers(response, AuthenticationError.invalidRequest(REALM, "More than one Authorization header"));
  }

  @Test
  void tokenInHeaderAndQueryIsAnswered400InvalidRequest() throws Exception {
    HttpResponse<String> response = send(bank, "GET", "/api/balance?access_token=admin-token",
        "Authorization", "Bearer balance-token");

    assertAnswers(response,
        AuthenticationError.invalidRequest(REALM, "A token in both the Authorization header and the query"));
  }

  @Test
  void validTokenOnlyInQueryIsNotAcceptedAndAnswered400() throws Exception {
    int introspections = auth.introspectionCount();

    HttpResponse<String> response = send(bank, "GET", "/api/balance?x=1&access_token=balance-token");

    assertAnswers(response, AuthenticationError.invalidRequest(REALM,
        "Send the token in the Authorization header; access_token in the query is not accepted"));
    assertThat(auth.introspectionCount()).isEqualTo(introspections);
  }

  @Test
  void percentEncodedAccessTokenQueryParameterIsRecognised() throws Exception {
    HttpResponse<String> response = send(bank, "GET", "/api/balance?access%5Ftoken=admin-token",
        "Authorization", "Bearer balance-token");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"error\":\"invalid_request\"");
  }

  @Test
  void accessTokenAfterASemicolonIsRecognisedAsCoreRecognisesIt() throws Exception {
    // Jetty and Tomcat split the query on '&' only; a parser that also splits on ';' would find a token
    HttpResponse<String> response = send(bank, "GET", "/api/balance?a=1;access_token=admin-token",
        "Authorization", "Bearer balance-token");

    assertAnswers(response,
        AuthenticationError.invalidRequest(REALM, "A token in both the Authorization header and the query"));
  }

  @Test
  void formBodyIsLeftUnreadForTheApplication() throws Exception {
    String form = "access_token=admin-token&amount=10";
    HttpRequest request = request(bank, "/api/balance")
        .header("Authorization", "Bearer balance-token")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(echo(response)).containsEntry("servlet", "balance").containsEntry("remoteUser", "alice")
        .containsEntry("body", form);
  }

  @Test
  void refusalsCreateNoSession() throws Exception {
    for (String token : List.of("", "Bearer unknown-token", "Bearer reports-token")) {
      HttpResponse<String> response = token.isEmpty()
          ? send(bank, "GET", "/api/balance")
          : send(bank, "GET", "/api/balance", "Authorization", token);

      assertThat(response.statusCode()).isIn(401, 403);
      assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }
  }

  // ---- rules -------------------------------------------------------------------------------------------

  @Test
  void permitRuleLetsRequestsThroughWithoutLookingForAToken() throws Exception {
    int introspections = auth.introspectionCount();

    HttpResponse<String> health = send(bank, "GET", "/health");
    HttpResponse<String> publicPage = send(bank, "GET", "/public/rates", "Authorization", "Bearer never-looked-at");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(echo(health)).containsEntry("servlet", "health").containsEntry("remoteUser", "null");
    assertThat(publicPage.statusCode()).isEqualTo(200);
    assertThat(echo(publicPage)).containsEntry("servlet", "public").containsEntry("remoteUser", "null")
        .containsEntry("authType", "null");
    assertThat(auth.introspectionCount()).isEqualTo(introspections);
  }

  @Test
  void getRuleAlsoCoversHeadWhichServletsAnswerWithDoGet() throws Exception {
    HttpResponse<String> response = send(bank, "HEAD", "/api/balance", "Authorization", "Bearer reports-token");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"accessRestricted\"");
  }

  @Test
  void lowerCaseMethodCannotSlipPastAnUpperCaseRule() throws Exception {
    HttpResponse<String> response = send(bank, "get", "/api/balance", "Authorization", "Bearer reports-token");

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void methodOutsideTheRuleFallsToTheUnmatchedPolicy() throws Exception {
    HttpResponse<String> anonymous = send(bank, "DELETE", "/api/balance");
    HttpResponse<String> withoutScope = send(bank, "DELETE", "/api/balance", "Authorization", "Bearer reports-token");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(withoutScope.statusCode()).isEqualTo(200);
    assertThat(echo(withoutScope)).containsEntry("servlet", "balance").containsEntry("remoteUser", "carol");
  }

  @Test
  void extensionRuleProtectsEveryPathWithThatExtension() throws Exception {
    HttpResponse<String> allowed = send(bank, "GET", "/statements/2024.report", "Authorization", "Bearer reports-token");
    HttpResponse<String> refused = send(bank, "GET", "/statements/2024.report", "Authorization", "Bearer balance-token");

    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(echo(allowed)).containsEntry("servlet", "report");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"reports\"");
  }

  @Test
  void unmatchedPathNeedsAValidTokenWithAnyScope() throws Exception {
    HttpResponse<String> anonymous = send(bank, "GET", "/statements");
    HttpResponse<String> invalid = send(bank, "GET", "/statements", "Authorization", "Bearer unknown-token");
    HttpResponse<String> valid = send(bank, "GET", "/statements", "Authorization", "Bearer reports-token");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(invalid.statusCode()).isEqualTo(401);
    assertThat(valid.statusCode()).isEqualTo(200);
    assertThat(echo(valid)).containsEntry("servlet", "default").containsEntry("remoteUser", "carol");
  }

  // ---- path confusion ----------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("pathConfusionCases")
  void confusedPathWithoutTokenNeverReachesTheAdminServlet(PathCase path) throws Exception {
    RawHttp.Response response = RawHttp.get(bank.port(), path.target(), null);

    assertThat(response.reachedServlet("admin")).as(response.text()).isFalse();
    switch (path.resolution()) {
      case ADMIN, DEFAULT_SERVLET -> assertThat(response.status()).as(response.text()).isEqualTo(401);
      case REFUSED -> assertThat(response.status()).as(response.text()).isEqualTo(400);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pathConfusionCases")
  void confusedPathWithTokenLackingAdminScopeNeverReachesTheAdminServlet(PathCase path) throws Exception {
    RawHttp.Response response = RawHttp.get(bank.port(), path.target(), "Bearer balance-token");

    assertThat(response.reachedServlet("admin")).as(response.text()).isFalse();
    switch (path.resolution()) {
      case ADMIN -> {
        assertThat(response.status()).as(response.text()).isEqualTo(403);
        assertThat(response.text()).contains("scope=\"admin\"");
      }
      case REFUSED -> assertThat(response.status()).as(response.text()).isEqualTo(400);
      // a different servlet, reached under the unmatched policy: the admin rule was not bypassed
      case DEFAULT_SERVLET -> {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.reachedServlet("default")).as(response.text()).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pathConfusionCases")
  void confusedPathWithAdminTokenIsMatchedAsTheContainerDispatchesIt(PathCase path) throws Exception {
    RawHttp.Response response = RawHttp.get(bank.port(), path.target(), "Bearer admin-token");

    switch (path.resolution()) {
      case ADMIN -> {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.text()).contains("servlet=admin\n", "remoteUser=root\n");
      }
      case REFUSED -> assertThat(response.status()).as(response.text()).isEqualTo(400);
      case DEFAULT_SERVLET -> assertThat(response.reachedServlet("default")).as(response.text()).isTrue();
    }
  }

  // ---- what the application sees ----------------------------------------------------------------------

  @Test
  void validTokenReachesTheApplicationAsATokenPrincipal() throws Exception {
    HttpResponse<String> response = send(bank, "GET",
        "/api/balance?role=accessRestricted&role=admin&role=**", "Authorization", "Bearer balance-token");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(echo(response))
        .containsEntry("servlet", "balance")
        .containsEntry("path", "/api/balance")
        .containsEntry("remoteUser", "alice")
        .containsEntry("authType", BearerTokenFilter.AUTH_TYPE)
        .containsEntry("principal", TokenPrincipal.class.getName())
        .containsEntry("principalName", "alice")
        .containsEntry("principalUsername", "alice")
        .containsEntry("tokenAttributeIsPrincipalToken", "true")
        .containsEntry("role.accessRestricted", "true")
        .containsEntry("role.admin", "false")
        .containsEntry("role.**", "true")
        .containsEntry("session", "false");
    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void asynchronousServletKeepsThePrincipalOnAnotherThread() throws Exception {
    HttpResponse<String> response = send(bank, "GET", "/async/balance?role=accessRestricted",
        "Authorization", "Bearer balance-token");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(echo(response)).containsEntry("servlet", "async").containsEntry("remoteUser", "alice")
        .containsEntry("principal", TokenPrincipal.class.getName()).containsEntry("role.accessRestricted", "true");
    // the async context holds the container's unwrapped request, which still carries the attribute
    assertThat(response.headers().firstValue("X-Async-Token-Attribute")).hasValue("present");
  }

  @Test
  void isUserInRoleReadsWildcardScopeElements() throws Exception {
    HttpResponse<String> response = send(bank, "GET",
        "/api/balance?role=push.application.bank&role=push.device", "Authorization", "Bearer wildcard-token");

    assertThat(echo(response))
        .containsEntry("role.push.application.bank", "true")
        .containsEntry("role.push.device", "false");
  }

  @Test
  void tokenWithoutUsernameIsNamedByItsClientId() throws Exception {
    HttpResponse<String> response = send(bank, "GET", "/api/balance", "Authorization", "Bearer client-token");

    assertThat(echo(response)).containsEntry("remoteUser", "mobile-app").containsEntry("principalName", "mobile-app");
  }

  // ---- load --------------------------------------------------------------------------------------------

  @Test
  void twoHundredParallelRequestsWithMixedTokensAreEachAnsweredCorrectly() throws Exception {
    for (int i = 0; i < 20; i++) {
      auth.activeToken("parallel-" + i, i % 2 == 0 ? "accessRestricted" : "reports", "user-" + i);
    }
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      HttpRequest.Builder request = request(bank, "/api/balance").GET();
      if (i % 10 == 9) {
        request.header("Authorization", "Bearer parallel-unknown-" + (i % 7));
      } else if (i % 10 != 8) {
        request.header("Authorization", "Bearer parallel-" + (i % 20));
      }
      responses.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    for (int i = 0; i < 200; i++) {
      HttpResponse<String> response = responses.get(i).get();
      if (i % 10 == 9 || i % 10 == 8) {
        assertThat(response.statusCode()).as("request %d", i).isEqualTo(401);
      } else if (i % 20 % 2 == 0) {
        assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
        assertThat(echo(response)).as("request %d", i).containsEntry("remoteUser", "user-" + (i % 20));
      } else {
        assertThat(response.statusCode()).as("request %d", i).isEqualTo(403);
      }
    }
  }

  // ---- configuration -----------------------------------------------------------------------------------

  @Test
  void initParametersConfigureTheFilterAsWebXmlDoes() throws Exception {
    BearerTokenFilter filter = new BearerTokenFilter();
    try (TestContainer container = start(context -> {
      bankApplication(context);
      FilterRegistration.Dynamic registration = register(context, filter);
      registration.setInitParameter("tokenvalidator.server-url", auth.serverUrl());
      registration.setInitParameter("tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID);
      registration.setInitParameter("tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET);
      registration.setInitParameter("tokenvalidator.realm", "from-web-xml");
      registration.setInitParameter("tokenvalidator.cache.max-size", "100");
      registration.setInitParameter("rules", "\n  /admin/* admin\n  GET /api/balance accessRestricted\n");
      registration.setInitParameter("unmatched", "permit");
    })) {
      assertThat(container.applicationAvailable()).isTrue();

      HttpResponse<String> anonymousAdmin = send(container, "GET", "/admin/users");
      HttpResponse<String> admin = send(container, "GET", "/admin/users", "Authorization", "Bearer admin-token");
      HttpResponse<String> unmatched = send(container, "GET", "/statements");

      assertThat(anonymousAdmin.statusCode()).isEqualTo(401);
      assertThat(anonymousAdmin.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"from-web-xml\"");
      assertThat(admin.statusCode()).isEqualTo(200);
      assertThat(echo(admin)).containsEntry("remoteUser", "root");
      assertThat(unmatched.statusCode()).isEqualTo(200);
      assertThat(echo(unmatched)).containsEntry("servlet", "default").containsEntry("remoteUser", "null");
    }
    assertClosed(filter.validator());
  }

  @Test
  void unmatchedInitParameterIgnoresLetterCaseAsTheStarterDoes() throws Exception {
    BearerTokenFilter filter = new BearerTokenFilter();
    try (TestContainer container = start(context -> {
      bankApplication(context);
      FilterRegistration.Dynamic registration = register(context, filter);
      registration.setInitParameter("tokenvalidator.server-url", auth.serverUrl());
      registration.setInitParameter("tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID);
      registration.setInitParameter("tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET);
      registration.setInitParameter("rules", "/admin/* admin");
      registration.setInitParameter("unmatched", " PERMIT ");
    })) {
      assertThat(container.applicationAvailable()).isTrue();
      assertThat(send(container, "GET", "/statements").statusCode()).isEqualTo(200);
      assertThat(send(container, "GET", "/admin/users").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void webXmlOfTheGuideDeploysAndProtectsTheApplication(@TempDir Path docBase) throws Exception {
    String guide = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("../docs/servlet.md"));
    int start = guide.indexOf("```xml\n<filter>");
    String filter = guide.substring(start + "```xml\n".length(), guide.indexOf("```", start + 1))
        .replace("http://localhost:9080/mfp/api", auth.serverUrl());
    String webXml;
    try (InputStream template = getClass().getResourceAsStream("/web-app.xml")) {
      webXml = new String(template.readAllBytes(), StandardCharsets.UTF_8).replace("<!-- FILTER -->", filter);
    }
    Files.writeString(Files.createDirectories(docBase.resolve("WEB-INF")).resolve("web.xml"), webXml);

    try (TestContainer container = deploy(docBase)) {
      assertThat(container.applicationAvailable()).isTrue();

      HttpResponse<String> anonymous = send(container, "GET", "/api/balance");
      HttpResponse<String> balance = send(container, "GET", "/api/balance", "Authorization", "Bearer balance-token");
      HttpResponse<String> health = send(container, "GET", "/health");
      HttpResponse<String> admin = send(container, "GET", "/admin/users", "Authorization", "Bearer balance-token");
      HttpResponse<String> unmatched = send(container, "GET", "/statements", "Authorization", "Bearer reports-token");

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"bank\"");
      assertThat(balance.statusCode()).isEqualTo(200);
      assertThat(echo(balance)).containsEntry("servlet", "balance").containsEntry("remoteUser", "alice");
      // the health servlet reaches the validator the filter built from web.xml, without a token
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("UP\n");
      assertThat(admin.statusCode()).isEqualTo(403);
      assertThat(unmatched.statusCode()).isEqualTo(200);
      assertThat(echo(unmatched)).containsEntry("servlet", "default").containsEntry("remoteUser", "carol");
    }
  }

  @Test
  void validatorBuiltFromInitParametersIsPublishedAsContextAttributeForAHealthEndpoint() throws Exception {
    BearerTokenFilter filter = new BearerTokenFilter();
    AtomicReference<ServletContext> deployed = new AtomicReference<>();
    try (TestContainer container = start(context -> {
      deployed.set(context);
      context.addServlet("health", new ValidatorHealthServlet()).addMapping("/health");
      context.addServlet("default", new EchoServlet("default")).addMapping("/");
      FilterRegistration.Dynamic registration = register(context, filter);
      registration.setInitParameter("tokenvalidator.server-url", auth.serverUrl());
      registration.setInitParameter("tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID);
      registration.setInitParameter("tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET);
      registration.setInitParameter("rules", "/health permit");
    })) {
      assertThat(container.applicationAvailable()).isTrue();
      assertThat(deployed.get().getAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE)).isSameAs(filter.validator());
      HttpResponse<String> before = send(container, "GET", "/health");
      // the server refuses the filter's client: the request gets 503, and health() says why
      auth.enqueueTokenResponse(new MockResponse().setResponseCode(400)
          .setBody("{\"error\":\"invalid_client\"}").setHeader("Content-Type", "application/json"));
      assertUnavailable(send(container, "GET", "/anything", "Authorization", "Bearer balance-token"));

      HttpResponse<String> after = send(container, "GET", "/health");

      assertThat(before.statusCode()).isEqualTo(200);
      assertThat(before.body()).isEqualTo("UP\n");
      assertThat(after.statusCode()).isEqualTo(503);
      assertThat(after.body()).startsWith("DOWN: ").contains("invalid_client");
    }
    assertClosed(filter.validator());
  }

  @Test
  void publishedValidatorIsWithdrawnOnDestroyAndAnApplicationsOwnAttributeStays() throws Exception {
    ServletContext context = bankContext.get();
    Map<String, String> settings = Map.of("tokenvalidator.server-url", auth.serverUrl(),
        "tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID,
        "tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET);
    BearerTokenFilter publishing = new BearerTokenFilter();
    publishing.init(new TestFilterConfig(context, settings));
    assertThat(context.getAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE)).isSameAs(publishing.validator());
    publishing.destroy();
    assertThat(context.getAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE)).isNull();

    context.setAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE, validator);
    try {
      BearerTokenFilter own = new BearerTokenFilter();
      own.init(new TestFilterConfig(context, settings));
      assertThat(context.getAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE)).isSameAs(validator);
      own.destroy();
      assertThat(context.getAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE)).isSameAs(validator);
      assertClosed(own.validator());
    } finally {
      context.removeAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE);
    }
  }

  @Test
  void validatorStoredAsContextAttributeIsUsedAndLeftOpen() throws Exception {
    assertThat(BearerTokenFilter.VALIDATOR_ATTRIBUTE).isEqualTo(TokenValidator.class.getName());
    try (TokenValidator shared = auth.validatorBuilder().realm("shared").build()) {
      try (TestContainer container = start(context -> {
        context.setAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE, shared);
        bankApplication(context);
        register(context, new BearerTokenFilter()).setInitParameter("rules", "/admin/* admin");
      })) {
        HttpResponse<String> refused = send(container, "GET", "/admin/users", "Authorization", "Bearer balance-token");
        HttpResponse<String> allowed = send(container, "GET", "/admin/users", "Authorization", "Bearer admin-token");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer realm=\"shared\"");
        assertThat(allowed.statusCode()).isEqualTo(200);
      }

      assertThat(shared.validate("Bearer admin-token", "admin").isValid()).isTrue();
    }
  }

  @Test
  void filterConfiguredInCodeLeavesItsValidatorOpen() throws Exception {
    try (TokenValidator given = auth.validatorBuilder().build()) {
      BearerTokenFilter filter = new BearerTokenFilter(given, SecurityRules.authenticatedOnly());
      filter.init(new TestFilterConfig(bankContext.get(), Map.of()));
      filter.destroy();

      assertThat(given.validate("Bearer admin-token").isValid()).isTrue();
    }
  }

  @Test
  void failingInitLeavesTheApplicationUnserved() throws Exception {
    try (TestContainer container = start(context -> {
      bankApplication(context);
      register(context, new BearerTokenFilter()).setInitParameter("rule", "/admin/* admin");
    })) {
      assertThat(container.applicationAvailable()).isFalse();
      assertApplicationNotServed(container);
    }
  }

  @Test
  void unknownInitParameterFailsInitNamingIt() {
    assertThatThrownBy(() -> initFromParameters(Map.of("rules", "/admin/* admin", "unmatch", "permit")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("unmatch;");
  }

  @Test
  void malformedRuleFailsInitQuotingIt() {
    assertThatThrownBy(() -> initFromParameters(Map.of(
            "tokenvalidator.server-url", auth.serverUrl(),
            "rules", "/health permit; GET admin/* admin")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("\"GET admin/* admin\"");
  }

  @Test
  void unknownSettingFailsInitNamingIt() {
    assertThatThrownBy(() -> initFromParameters(Map.of("tokenvalidator.server-uri", auth.serverUrl())))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("tokenvalidator.server-uri");
  }

  @Test
  void malformedSettingFailsInitNamingItButNeverTheSecret() {
    assertThatThrownBy(() -> initFromParameters(Map.of(
            "tokenvalidator.server-url", auth.serverUrl(),
            "tokenvalidator.client-id", "bank",
            "tokenvalidator.client-secret", "s3cr3t-value",
            "tokenvalidator.cache.max-ttl", "forever")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("tokenvalidator.cache.max-ttl")
        .satisfies(e -> assertThat(e.toString()).doesNotContain("s3cr3t-value"))
        .satisfies(e -> assertThat(e.getCause().toString()).doesNotContain("s3cr3t-value"));
  }

  @Test
  void unmatchedParameterAcceptsOnlyItsTwoWords() {
    assertThatThrownBy(() -> initFromParameters(Map.of("tokenvalidator.server-url", auth.serverUrl(),
            "unmatched", "deny")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("unmatched")
        .hasMessageContaining("\"deny\"");
  }

  @Test
  void filterWithoutSettingsOrStoredValidatorFailsInit() {
    assertThatThrownBy(() -> initFromParameters(Map.of("rules", "/admin/* admin")))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("tokenvalidator.*")
        .hasMessageContaining(BearerTokenFilter.VALIDATOR_ATTRIBUTE);
  }

  @Test
  void storedAttributeOfAnotherTypeFailsInit() {
    ServletContext context = bankContext.get();
    context.setAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE, "not a validator");
    try {
      assertThatThrownBy(() -> initFromParameters(Map.of()))
          .isInstanceOf(ServletException.class)
          .hasMessageContaining("java.lang.String");
    } finally {
      context.removeAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE);
    }
  }

  @Test
  void filterConfiguredInCodeRefusesInitParameters() {
    BearerTokenFilter filter = new BearerTokenFilter(validator, SecurityRules.authenticatedOnly());

    assertThatThrownBy(() -> filter.init(new TestFilterConfig(bankContext.get(), Map.of("rules", "/x permit"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("rules");
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  private void initFromParameters(Map<String, String> parameters) throws ServletException {
    BearerTokenFilter filter = new BearerTokenFilter();
    filter.init(new TestFilterConfig(bankContext.get(), parameters));
    // reached only when a test expected a failure that did not come; leave nothing running
    filter.destroy();
  }

  private ValidationResult sameAnswerFromCore(String authorization, String scope) {
    ValidationResult result = validator.validate(authorization, Scope.of(scope));
    assertThat(result.isValid()).isFalse();
    return result;
  }

  private static void assertAnswers(HttpResponse<String> response, ValidationResult result) {
    assertAnswers(response, result.error());
  }

  /** The response is exactly the core's answer: status, every header, JSON body; and no session. */
  private static void assertAnswers(HttpResponse<String> response, AuthenticationError error) {
    assertThat(response.statusCode()).isEqualTo(error.status());
    error.headers().forEach((name, value) ->
        assertThat(response.headers().allValues(name)).as(name).containsExactly(value));
    assertThat(response.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase(Locale.ROOT))
        .isEqualTo("application/json;charset=utf-8");
    assertThat(response.body()).isEqualTo(error.jsonBody());
    assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
  }

  private static void assertUnavailable(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After").orElseThrow()).matches("[1-9][0-9]*");
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).startsWith("{\"error\":\"temporarily_unavailable\"");
  }

  private static void assertClosed(TokenValidator closed) {
    assertThat(closed).isNotNull();
    ValidationResult result = closed.validate("Bearer admin-token", "admin");
    assertThat(result.isValid()).isFalse();
    assertThat(result.error().kind()).isEqualTo(AuthenticationError.Kind.UNAVAILABLE);
  }

  private HttpRequest.Builder request(TestContainer container, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + container.port() + TestContainer.CONTEXT_PATH + path))
        // guards against a hang only; nothing asserts how long an answer takes
        .timeout(Duration.ofSeconds(30));
  }

  private HttpResponse<String> send(TestContainer container, String method, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = request(container, path).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The echo servlet's {@code key=value} lines. */
  private static Map<String, String> echo(HttpResponse<String> response) {
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : response.body().split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        lines.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return lines;
  }
}
