package io.github.tokenvalidator.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link TokenValidationFeature} in a real JAX-RS runtime on a real HTTP server, written
 * once and run by one subclass per runtime. The authorization server is {@link MockAuthorizationServer}.
 */
abstract class TokenValidationFeatureContract {
  private static final String JSON_UTF8 = "application/json;charset=UTF-8";

  private static HttpClient client;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private MockAuthorizationServer authServer;
  private TokenValidator validator;
  private URI base;

  /** The runtime under test. */
  abstract JaxRsRuntime runtime();

  @BeforeAll
  static void createClient() {
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void dropClient() {
    client = null;
  }

  @BeforeEach
  void startAuthorizationServer() {
    authServer = MockAuthorizationServer.start();
    toClose.add(authServer);
    authServer.activeToken("reader", "accounts.read", "alice")
        .activeToken("writer", "accounts.write", "bob")
        .activeToken("banker", "accounts.*", "carol")
        .activeToken("nobody", "", "dave")
        .activeToken("orders", "orders.read", "erin")
        .activeToken("api", "api", "frank")
        .activeToken("api-reader", "api.read", "grace")
        .activeToken("implementer", "impl.only", "heidi")
        .activeToken("shopper", "items.read", "ivan")
        .activeToken("shop-admin", "items.read items.admin", "judy")
        .activeToken("payroll", "payroll.admin", "mallory");
    validator = authServer.validatorBuilder().build();
    toClose.add(validator);
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  // ---- answers -----------------------------------------------------------------------------------------

  @Test
  void requestWithoutTokenIsAnswered401WithBareChallengeAndCoreBody() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> response = get("unannotated");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.headers().firstValue("Content-Type")).get().asString()
        .isEqualToIgnoringWhitespace(JSON_UTF8);
    assertThat(response.body()).isEqualTo(AuthenticationError.missingToken(null).jsonBody());
  }

  @Test
  void otherAuthorizationSchemeIsAnsweredAsMissingToken() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> response = get("unannotated", "Authorization", "Basic dGVzdDp0ZXN0");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
  }

  @Test
  void unknownTokenIsAnswered401InvalidToken() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> response = get("accounts", "Authorization", "Bearer forged");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).contains("\"error\":\"invalid_token\"");
  }

  @Test
  void overlongTokenIsAnswered401InvalidTokenWithoutAskingTheServer() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> response = get("accounts", "Authorization", "Bearer " + "a".repeat(9000));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
    assertThat(authServer.introspectionCount()).isZero();
  }

  @Test
  void tokenWithoutRequiredScopeIsAnswered403WithChallenge() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> response = get("accounts", "Authorization", "Bearer writer");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer error=\"insufficient_scope\", scope=\"accounts.read\"");
    assertThat(response.body())
        .isEqualTo(AuthenticationError.insufficientScope(null, Scope.of("accounts.read")).jsonBody());
  }

  @Test
  void failingAuthorizationServerIsAnswered503WithRetryAfterAndNoChallenge() throws Exception {
    deploy(TokenValidationFeature.of(validator));
    authServer.enqueueIntrospection(new MockResponse().setResponseCode(500));

    HttpResponse<String> response = get("accounts", "Authorization", "Bearer reader");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).get().asString().containsOnlyDigits();
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(response.body()).contains("\"error\":\"temporarily_unavailable\"");
  }

  @Test
  void unreachableAuthorizationServerIsAnswered503() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    TokenValidator unreachable = TokenValidator.builder()
        .serverUrl("http://127.0.0.1:" + closedPort + "/mfp/api")
        .clientCredentials(MockAuthorizationServer.CLIENT_ID, MockAuthorizationServer.CLIENT_SECRET)
        .build();
    toClose.add(unreachable);
    deploy(TokenValidationFeature.of(unreachable));

    HttpResponse<String> response = get("accounts", "Authorization", "Bearer reader");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void mobileFirstConflictIsAnswered409WithMfpConflictHeader() throws Exception {
    deploy(TokenValidationFeature.of(validator));
    authServer.enqueueIntrospection(new MockResponse().setResponseCode(409));

    HttpResponse<String> response = get("accounts", "Authorization", "Bearer reader");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.headers().allValues("MFP-Conflict")).containsExactly("true");
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(response.body()).isEqualTo(AuthenticationError.conflict().jsonBody());
  }

  @Test
  void twoAuthorizationHeadersAreAnswered400InvalidRequestInTheRealm() throws Exception {
    TokenValidator inRealm = authServer.validatorBuilder().realm("bank").build();
    toClose.add(inRealm);
    deploy(TokenValidationFeature.of(inRealm));

    HttpResponse<String> response = get("accounts",
        "Authorization", "Bearer reader", "Authorization", "Bearer writer");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"bank\", error=\"invalid_request\"");
    assertThat(response.body()).contains("\"error\":\"invalid_request\"");
    assertThat(authServer.introspectionCount()).isZero();
  }

  @Test
  void tokenInHeaderAndQueryIsAnswered400InvalidRequestAsTheServletFilterAnswersIt() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> response = get("accounts?access_token=banker", "Authorization", "Bearer reader");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_request\"");
    assertThat(response.body()).isEqualTo(AuthenticationError.invalidRequest(null,
        "A token in both the Authorization header and the query").jsonBody());
    assertThat(authServer.introspectionCount()).isZero();
  }

  @Test
  void tokenOnlyInQueryIsAnswered400NotTakenAsAToken() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> response = get("accounts?x=1&access%5Ftoken=reader");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(AuthenticationError.invalidRequest(null,
        "Send the token in the Authorization header; access_token in the query is not accepted").jsonBody());
    assertThat(authServer.introspectionCount()).isZero();
  }

  @Test
  void queryWithoutATokenIsLeftAlone() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> response = get("accounts?access_tokens=1&sort=name", "Authorization", "Bearer reader");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void acceptedRequestSeesTokenPrincipalBearerSchemeAndScopesAsRoles() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> response = get("whoami", "Authorization", "Bearer reader");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("name=alice\nscheme=Bearer\nsecure=false"
        + "\nrole accounts.read=true\nrole accounts.write=false\nscope=accounts.read"
        + "\ndevice=device-1\napplication=com.example.bank");
  }

  @Test
  void securityContextKeepsTheOriginalIsSecure() throws Exception {
    deploy(TokenValidationFeature.of(validator), Resources.ForwardedProtoFilter.class);

    HttpResponse<String> response = get("whoami", "Authorization", "Bearer reader", "X-Forwarded-Proto", "https");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\nsecure=true\n").contains("scheme=Bearer");
  }

  @Test
  void cachedTokenIsIntrospectedOnce() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    assertThat(get("accounts", "Authorization", "Bearer reader").statusCode()).isEqualTo(200);
    assertThat(get("accounts", "Authorization", "Bearer reader").statusCode()).isEqualTo(200);

    assertThat(authServer.introspectionCount()).isEqualTo(1);
  }

  // ---- annotations -------------------------------------------------------------------------------------

  @Test
  void classScopeProtectsItsMethods() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    assertAnswer(get("accounts", "Authorization", "Bearer reader"), 200, "list alice");
    assertThat(get("accounts").statusCode()).isEqualTo(401);
  }

  @Test
  void methodScopeReplacesClassScope() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> reader = post("accounts", "Authorization", "Bearer reader");
    assertThat(reader.statusCode()).isEqualTo(403);
    assertThat(reader.headers().firstValue("WWW-Authenticate")).get().asString().contains("scope=\"accounts.write\"");
    assertAnswer(post("accounts", "Authorization", "Bearer writer"), 200, "open bob");
  }

  @Test
  void methodWithEnabledFalseIsOpenInProtectedClass() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    assertAnswer(get("accounts/rates"), 200, "rates -");
    assertThat(authServer.introspectionCount()).isZero();
  }

  @Test
  void classWithEnabledFalseIsOpenButItsScopedMethodIsNot() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    assertAnswer(get("catalog"), 200, "browse -");
    assertThat(get("catalog/orders").statusCode()).isEqualTo(401);
    assertThat(get("catalog/orders", "Authorization", "Bearer reader").statusCode()).isEqualTo(403);
    assertAnswer(get("catalog/orders", "Authorization", "Bearer orders"), 200, "orders erin");
  }

  @Test
  void scopeWithSeveralElementsRequiresEachOfThem() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> reader = get("accounts/transfers", "Authorization", "Bearer reader");
    assertThat(reader.statusCode()).isEqualTo(403);
    assertThat(reader.headers().firstValue("WWW-Authenticate")).hasValue(
        "Bearer error=\"insufficient_scope\", scope=\"accounts.read accounts.write\"");
    assertAnswer(get("accounts/transfers", "Authorization", "Bearer banker"), 200, "transfers carol");
  }

  @Test
  void interfaceMethodAnnotationIsHonoured() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> wrongScope = get("api", "Authorization", "Bearer api");
    assertThat(wrongScope.statusCode()).isEqualTo(403);
    assertThat(wrongScope.headers().firstValue("WWW-Authenticate")).get().asString().contains("scope=\"api.read\"");
    assertAnswer(get("api", "Authorization", "Bearer api-reader"), 200, "read grace");
  }

  @Test
  void interfaceMethodWithEnabledFalseIsOpen() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    assertAnswer(get("api/open"), 200, "open -");
  }

  @Test
  void interfaceClassAnnotationCoversTheMethodsItDeclares() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    assertThat(get("api/plain", "Authorization", "Bearer api-reader").statusCode()).isEqualTo(403);
    assertAnswer(get("api/plain", "Authorization", "Bearer api"), 200, "plain frank");
  }

  @Test
  void implementationAnnotationOverridesTheInterfaceMethods() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    HttpResponse<String> interfaceScope = get("api/overridden", "Authorization", "Bearer api-reader");
    assertThat(interfaceScope.statusCode()).isEqualTo(403);
    assertThat(interfaceScope.headers().firstValue("WWW-Authenticate")).get().asString()
        .contains("scope=\"impl.only\"");
    assertAnswer(get("api/overridden", "Authorization", "Bearer implementer"), 200, "overridden heidi");
  }

  @Test
  void implementationWithJaxRsAnnotationsOfItsOwnIgnoresTheInterfaceDeclaration() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    // JAX-RS ignores the interface method's annotations here, so the default policy applies
    assertAnswer(get("api/redeclared", "Authorization", "Bearer nobody"), 200, "redeclared dave");
    assertThat(get("api/redeclared").statusCode()).isEqualTo(401);
  }

  @Test
  void subResourceAnnotationsProtectItsMethods() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    assertAnswer(get("shop"), 200, "front -");
    assertThat(get("shop/items").statusCode()).isEqualTo(401);
    assertAnswer(get("shop/items", "Authorization", "Bearer shopper"), 200, "items ivan");
    HttpResponse<String> notAdmin = get("shop/items/7", "Authorization", "Bearer shopper");
    assertThat(notAdmin.statusCode()).isEqualTo(403);
    assertThat(notAdmin.headers().firstValue("WWW-Authenticate")).get().asString().contains("scope=\"items.admin\"");
    assertAnswer(get("shop/items/7", "Authorization", "Bearer shop-admin"), 200, "item 7 judy");
  }

  @Test
  void unannotatedSubResourceFollowsTheDefaultPolicy() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    assertThat(get("shop/basket").statusCode()).isEqualTo(401);
    assertAnswer(get("shop/basket", "Authorization", "Bearer nobody"), 200, "basket dave");
  }

  @Test
  void annotatedSubResourceLocatorFailsDeployment() {
    assertThatThrownBy(() -> deploy(TokenValidationFeature.of(validator), Resources.AnnotatedLocator.class))
        .satisfies(thrown -> assertThat(causeMessages(thrown))
            .anyMatch(message -> message.contains("@OAuthSecurity on the sub-resource locator")
                && message.contains("AnnotatedLocator.items()")));
  }

  @Test
  void malformedScopeFailsDeploymentNamingTheMethod() {
    assertThatThrownBy(() -> deploy(TokenValidationFeature.of(validator), Resources.MalformedScope.class))
        .satisfies(thrown -> assertThat(causeMessages(thrown))
            .anyMatch(message -> message.startsWith("@OAuthSecurity on " + Resources.MalformedScope.class.getName()
                + ".get() has a malformed scope")));
  }

  // ---- default policy ----------------------------------------------------------------------------------

  @Test
  void unannotatedResourceRequiresAValidTokenByDefault() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    assertThat(get("unannotated").statusCode()).isEqualTo(401);
    assertThat(get("unannotated", "Authorization", "Bearer forged").statusCode()).isEqualTo(401);
    assertAnswer(get("unannotated", "Authorization", "Bearer nobody"), 200, "unannotated dave");
  }

  @Test
  void protectingOnlyAnnotatedLeavesUnannotatedResourcesOpen() throws Exception {
    deploy(TokenValidationFeature.of(validator).protectingOnlyAnnotated());

    assertAnswer(get("unannotated"), 200, "unannotated -");
    assertAnswer(get("shop/basket"), 200, "basket -");
    assertThat(get("accounts").statusCode()).isEqualTo(401);
    assertThat(get("api/plain").statusCode()).isEqualTo(401);
    assertThat(authServer.introspectionCount()).isZero();
  }

  @Test
  void explicitOptionsMethodIsProtectedButAutomaticOptionsAnswerIsNot() throws Exception {
    deploy(TokenValidationFeature.of(validator));

    assertThat(send("OPTIONS", "unannotated/explicit-options").statusCode()).isEqualTo(401);
    assertThat(send("OPTIONS", "accounts").statusCode()).isBetween(200, 204);
  }

  // ---- SecurityContext and @RolesAllowed ---------------------------------------------------------------

  @Test
  void rolesAllowedIsDecidedByTheTokenScope() throws Exception {
    deploy(TokenValidationFeature.of(validator), runtime().rolesAllowedFeature());

    assertThat(get("payroll", "Authorization", "Bearer reader").statusCode()).isEqualTo(403);
    assertAnswer(get("payroll", "Authorization", "Bearer payroll"), 200, "payroll mallory");
    assertThat(get("payroll").statusCode()).isEqualTo(401);
  }

  // ---- configuration and ownership ---------------------------------------------------------------------

  @Test
  void featureFromPropertiesOwnsItsValidatorAndClosesIt() throws Exception {
    TokenValidationFeature feature = TokenValidationFeature.fromProperties(Map.of(
        "tokenvalidator.server-url", authServer.serverUrl(),
        "tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID,
        "tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET,
        "unrelated.key", "ignored"));
    toClose.add(feature);
    deploy(feature);
    assertAnswer(get("accounts", "Authorization", "Bearer reader"), 200, "list alice");

    feature.close();

    assertThat(get("accounts", "Authorization", "Bearer banker").statusCode()).isEqualTo(503);
  }

  @Test
  void featureFromEnvironmentValidates() throws Exception {
    TokenValidationFeature feature = TokenValidationFeature.fromEnvironment(Map.of(
        "TOKENVALIDATOR_SERVER_URL", authServer.serverUrl(),
        "TOKENVALIDATOR_CLIENT_ID", MockAuthorizationServer.CLIENT_ID,
        "TOKENVALIDATOR_CLIENT_SECRET", MockAuthorizationServer.CLIENT_SECRET,
        "PATH", "/usr/bin"));
    toClose.add(feature);
    deploy(feature);

    assertAnswer(get("accounts", "Authorization", "Bearer reader"), 200, "list alice");
  }

  @Test
  void featureFromPropertiesHandsOutItsValidatorForAHealthEndpoint() throws Exception {
    TokenValidationFeature feature = TokenValidationFeature.fromProperties(Map.of(
        "tokenvalidator.server-url", authServer.serverUrl(),
        "tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID,
        "tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET));
    toClose.add(feature);
    assertThat(feature.protectingOnlyAnnotated().validator()).isSameAs(feature.validator());
    deploy(feature, Map.of(Resources.ValidatorHealth.VALIDATOR, feature.validator()), Resources.ValidatorHealth.class);
    HttpResponse<String> before = get("validator-health");
    // the server refuses the feature's client: the request gets 503, and health() says why
    authServer.enqueueTokenResponse(new MockResponse().setResponseCode(400)
        .setBody("{\"error\":\"invalid_client\"}").setHeader("Content-Type", "application/json"));
    assertThat(get("accounts", "Authorization", "Bearer reader").statusCode()).isEqualTo(503);

    HttpResponse<String> after = get("validator-health");

    assertAnswer(before, 200, "UP");
    assertThat(after.statusCode()).isEqualTo(503);
    assertThat(after.body()).startsWith("DOWN: ").contains("invalid_client");
  }

  @Test
  void closingFeatureLeavesAGivenValidatorOpen() throws Exception {
    TokenValidationFeature feature = TokenValidationFeature.of(validator);
    deploy(feature);

    feature.close();

    assertAnswer(get("accounts", "Authorization", "Bearer banker"), 200, "list carol");
  }

  // ---- load --------------------------------------------------------------------------------------------

  @Test
  void twoHundredParallelRequestsWithMixedTokensAreAllAnsweredCorrectly() throws Exception {
    for (int i = 0; i < 20; i++) {
      authServer.activeToken("reader-" + i, "accounts.read", "user" + i);
      authServer.activeToken("writer-" + i, "accounts.write", "other" + i);
    }
    deploy(TokenValidationFeature.of(validator));

    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    List<Integer> expected = new ArrayList<>();
    List<String> expectedBodies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("accounts")).timeout(Duration.ofSeconds(60));
      switch (i % 4) {
        case 0:
          request.header("Authorization", "Bearer reader-" + (i % 20));
          expected.add(200);
          expectedBodies.add("list user" + (i % 20));
          break;
        case 1:
          request.header("Authorization", "Bearer writer-" + (i % 20));
          expected.add(403);
          expectedBodies.add(AuthenticationError.insufficientScope(null, Scope.of("accounts.read")).jsonBody());
          break;
        case 2:
          request.header("Authorization", "Bearer forged-" + i);
          expected.add(401);
          expectedBodies.add(null);
          break;
        default:
          expected.add(401);
          expectedBodies.add(AuthenticationError.missingToken(null).jsonBody());
          break;
      }
      responses.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    for (int i = 0; i < 200; i++) {
      HttpResponse<String> response = responses.get(i).join();
      assertThat(response.statusCode()).as("request %d", i).isEqualTo(expected.get(i));
      if (expectedBodies.get(i) != null) {
        assertThat(response.body()).as("request %d", i).isEqualTo(expectedBodies.get(i));
      } else {
        assertThat(response.headers().firstValue("WWW-Authenticate")).as("request %d", i)
            .hasValue("Bearer error=\"invalid_token\"");
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  /** Deploys {@code feature} and every resource of {@link Resources} (or only {@code resources}) as a plain Application. */
  private void deploy(TokenValidationFeature feature, Object... extra) throws Exception {
    deploy(feature, Map.of(), extra);
  }

  /** As {@link #deploy(TokenValidationFeature, Object...)}, with application properties. */
  private void deploy(TokenValidationFeature feature, Map<String, Object> properties, Object... extra)
      throws Exception {
    Set<Class<?>> classes = Set.of(Resources.Unannotated.class, Resources.WhoAmI.class, Resources.Accounts.class,
        Resources.Catalog.class, Resources.ApiImpl.class, Resources.Shop.class, Resources.Payroll.class);
    List<Object> singletons = new ArrayList<>();
    singletons.add(feature);
    List<Class<?>> deployed = new ArrayList<>(classes);
    for (Object item : extra) {
      if (item instanceof Class) {
        deployed.add((Class<?>) item);
      } else {
        singletons.add(item);
      }
    }
    JaxRsRuntime.RunningApplication running = runtime().start(application(Set.copyOf(deployed),
        Set.copyOf(singletons), properties));
    toClose.add(running);
    base = running.baseUri();
  }

  private static Application application(Set<Class<?>> classes, Set<Object> singletons,
      Map<String, Object> properties) {
    return new Application() {
      @Override
      public Map<String, Object> getProperties() {
        return properties;
      }

      @Override
      public Set<Class<?>> getClasses() {
        return classes;
      }

      @Override
      @SuppressWarnings("deprecation") // getSingletons is how a plain Application hands over configured instances
      public Set<Object> getSingletons() {
        return singletons;
      }
    };
  }

  private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return send("GET", path, headers);
  }

  private HttpResponse<String> post(String path, String... headers) throws IOException, InterruptedException {
    return send("POST", path, headers);
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertAnswer(HttpResponse<String> response, int status, String body) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).isEqualTo(body);
  }

  private static List<String> causeMessages(Throwable thrown) {
    List<String> messages = new ArrayList<>();
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      messages.add(String.valueOf(cause.getMessage()));
    }
    return messages;
  }
}
