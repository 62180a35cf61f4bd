package io.github.tokenvalidator.liberty;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import io.github.tokenvalidator.devserver.TestClock;
import io.github.tokenvalidator.liberty.apps.AccountsResource;
import io.github.tokenvalidator.liberty.apps.AdminServlet;
import io.github.tokenvalidator.liberty.apps.BalanceServlet;
import io.github.tokenvalidator.liberty.apps.BankApplication;
import io.github.tokenvalidator.liberty.apps.HelloServlet;
import io.github.tokenvalidator.liberty.apps.PublicServlet;
import io.github.tokenvalidator.liberty.apps.RolesServlet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The feature in a real Open Liberty, started from the runtime the build unpacked: the bundle and feature
 * manifest this module packaged go to a user directory of the test's own, with a {@code server.xml}
 * (src/test/resources/liberty) and four applications built from this module's test classes. The MobileFirst
 * development server and a JWT one run in this JVM. Liberty's output stays in target/liberty-usr.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibertyServerTest {
  private static final String CLIENT_ID = "liberty-rs";
  private static final String CLIENT_SECRET = "s3cr3t-Liberty-42";
  private static final String SERVER = "tai";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private static final Path RUNTIME = Paths.get(System.getProperty("liberty.runtime"));
  private static final Path USER_DIR = Paths.get(System.getProperty("liberty.work"));
  private static final Path SERVER_DIR = USER_DIR.resolve("servers").resolve(SERVER);
  private static final Path MESSAGES = SERVER_DIR.resolve("logs").resolve("messages.log");

  private static TestClock mobileFirstClock;
  private static DevAuthorizationServer mobileFirst;
  private static DevAuthorizationServer jwtIssuer;
  private static ServerSocket conflictServer;
  private static ExecutorService conflictThreads;
  private static String baseUrl;
  private static final List<String> tokensIssued = new ArrayList<>();
  /** The server.xml Liberty started with, which the configuration test changes and restores. */
  private static String serverXml;
  private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

  @BeforeAll
  static void startLiberty() throws Exception {
    // tokens issued 50 minutes "ago" by the server's clock live 10 more minutes, and their iat is in the past
    // for Liberty's clock; moving the server's clock an hour on makes it call them inactive, as it would a
    // revoked token (the development server has no revocation endpoint). That test runs last.
    mobileFirstClock = TestClock.at(Instant.now().minus(Duration.ofMinutes(50)));
    mobileFirst = DevAuthorizationServer.builder().clock(mobileFirstClock)
        .client(CLIENT_ID, CLIENT_SECRET, "authorization.introspect").start();
    jwtIssuer = DevAuthorizationServer.builder().jwt(DevAuthorizationServer.JwtAlgorithm.RS256).start();
    conflictServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    conflictThreads = Executors.newFixedThreadPool(2);
    conflictThreads.submit(LibertyServerTest::serveConflicts);
    int httpPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      httpPort = probe.getLocalPort();
    }
    int downPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      downPort = probe.getLocalPort();   // closed again: nothing listens there
    }
    baseUrl = "http://127.0.0.1:" + httpPort;

    deleteTree(USER_DIR);
    Path extension = USER_DIR.resolve("extension").resolve("lib");
    Files.createDirectories(extension.resolve("features"));
    Files.copy(Paths.get(System.getProperty("liberty.bundle")),
        extension.resolve("io.github.tokenvalidator.liberty.jar"));
    Files.copy(Paths.get(System.getProperty("liberty.feature")),
        extension.resolve("features").resolve("tokenValidatorTai-1.0.mf"));
    Files.createDirectories(SERVER_DIR.resolve("apps"));
    serverXml = resource("server.xml")
        .replace("@HTTP_PORT@", Integer.toString(httpPort))
        .replace("@SERVER_URL@", mobileFirst.serverUrl())
        .replace("@CLIENT_ID@", CLIENT_ID)
        .replace("@CLIENT_SECRET_XOR@", xor(CLIENT_SECRET))
        .replace("@JWT_ISSUER@", jwtIssuer.issuer())
        .replace("@DOWN_URL@", "http://127.0.0.1:" + downPort + "/mfp/api")
        .replace("@CONFLICT_URL@", "http://127.0.0.1:" + conflictServer.getLocalPort() + "/mfp/api");
    Files.writeString(SERVER_DIR.resolve("server.xml"), serverXml);
    Files.writeString(SERVER_DIR.resolve("jvm.options"), "-Xmx384m\n-Xshare:auto\n");

    List<Class<?>> bank = List.of(BalanceServlet.class, AdminServlet.class, RolesServlet.class,
        PublicServlet.class, BankApplication.class, AccountsResource.class);
    war("bank", bank, resource("bank-web.xml"), false);
    war("jwtbank", bank, resource("bank-web.xml"), false);
    war("open", List.of(PublicServlet.class), null, false);
    war("filter", List.of(HelloServlet.class), resource("filter-web.xml")
        .replace("@SERVER_URL@", mobileFirst.serverUrl())
        .replace("@CLIENT_ID@", CLIENT_ID)
        .replace("@CLIENT_SECRET@", CLIENT_SECRET), true);

    int status = serverCommand("start");
    assertThat(status).as("server start (see %s)", USER_DIR.resolve("server-start.log")).isZero();
    awaitLog(List.of("CWWKF0011I", "CWWKZ0001I: Application bank ", "CWWKZ0001I: Application jwtbank ",
        "CWWKZ0001I: Application open ", "CWWKZ0001I: Application filter ",
        "usr_tokenValidatorTAI mobilefirst intercepts", "usr_tokenValidatorTAI jwt intercepts",
        "usr_tokenValidatorTAI down intercepts", "usr_tokenValidatorTAI conflict intercepts",
        "usr_tokenValidatorTAI broken is not in service"));
  }

  @AfterAll
  static void stopLiberty() throws Exception {
    try {
      serverCommand("stop");
    } finally {
      if (mobileFirst != null) {
        mobileFirst.close();
      }
      if (jwtIssuer != null) {
        jwtIssuer.close();
      }
      if (conflictServer != null) {
        conflictServer.close();
        conflictThreads.shutdownNow();
      }
    }
  }

  @Test
  void aValidTokenBecomesTheCallerOfTheOldTutorialsServlet() throws Exception {
    String token = mobileFirstToken("accessRestricted", "alice");
    HttpResponse<String> response = get("/bank/GetBalance", token);
    assertThat(response.statusCode()).isEqualTo(200);
    // the TokenInfo, as request attribute and in the caller's subject, with what MobileFirst adds (mfp-device)
    assertThat(response.body()).matches("user=alice principal=alice client=mobile-app scope=accessRestricted"
        + " device=[0-9a-f-]{36} subjectToken=mobile-app");
    HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/bank/GetBalance"))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(post.statusCode()).isEqualTo(200);
  }

  @Test
  void refusalsAreTheFiltersAnswersByteForByte() throws Exception {
    assertRefusal(get("/bank/GetBalance", null), AuthenticationError.missingToken("bank"));
    assertRefusal(get("/bank/GetBalance", "not-a-token-the-server-knows"),
        AuthenticationError.invalidToken("bank", "The access token is invalid or expired"));
    assertRefusal(get("/bank/GetBalance", mobileFirstToken("transfers", "bob")),
        AuthenticationError.insufficientScope("bank", Scope.of("accessRestricted")));
    HttpResponse<String> twoTokens = send(HttpRequest.newBuilder(uri("/bank/GetBalance"))
        .header("Authorization", "Bearer a").header("Authorization", "Bearer b"));
    assertThat(twoTokens.statusCode()).isEqualTo(400);
    assertThat(twoTokens.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"bank\", error=\"invalid_request\"");
  }

  @Test
  void securedUrlsMeetTheDecodedNormalisedPathHoweverTheUrlIsWritten() throws Exception {
    for (String path : List.of("/bank/GetBalance;x=y", "/bank/./GetBalance", "/bank/public/../GetBalance",
        "/bank/%47etBalance", "/bank/api/../GetBalance")) {
      HttpResponse<String> response = get(path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer realm=\"bank\"");
    }
  }

  @Test
  void theSameRefusalsComeFromTheFilterInAWarOnTheSameServer() throws Exception {
    assertRefusal(get("/filter/hello", null), AuthenticationError.missingToken("bank"));
    assertRefusal(get("/filter/hello", mobileFirstToken("transfers", "bob")),
        AuthenticationError.insufficientScope("bank", Scope.of("accessRestricted")));
    HttpResponse<String> ok = get("/filter/hello", mobileFirstToken("accessRestricted", "carol"));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("hello carol accessRestricted=true");
  }

  @Test
  void anUnreachableServerIs503WithRetryAfterAndAConflictIs409() throws Exception {
    HttpResponse<String> down = get("/open/down", "any-token");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.headers().firstValue("Retry-After")).isPresent();
    assertThat(down.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(down.headers().firstValue("Cache-Control")).hasValue("no-store");

    HttpResponse<String> conflict = get("/open/conflict", "any-token");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.headers().firstValue("MFP-Conflict")).hasValue("true");
    assertThat(conflict.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(conflict.body()).isEqualTo(AuthenticationError.conflict().jsonBody());
  }

  @Test
  void anElementWithWrongSettingsFailsClosed() throws Exception {
    HttpResponse<String> broken = get("/open/broken", mobileFirstToken("accessRestricted", "kim"));
    assertThat(broken.statusCode()).isEqualTo(503);
    assertThat(broken.headers().firstValue("Retry-After")).hasValue("60");
    assertThat(Files.readString(MESSAGES)).contains("usr_tokenValidatorTAI broken is not in service: ")
        .contains("client-id");
    assertThat(get("/open/free", null).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(Integer.MAX_VALUE - 1)   // while its element is wrong, every request is refused
  void anElementThatCannotBeReadRefusesEveryRequestUntilCorrected() throws Exception {
    // MobileFirst's middle wildcard: which URLs the element meant is unknown, so none is served unchecked
    String jwt = "tokenvalidator.token-format=\"jwt\" tokenvalidator.issuer=\"" + jwtIssuer.issuer() + "\"";
    try {
      readUnreadableAndCorrected(jwt);
    } finally {
      long updates = occurrences("CWWKG0017I");
      Files.writeString(SERVER_DIR.resolve("server.xml"), serverXml);
      awaitLogLine("CWWKG0017I", updates);
    }
  }

  private void readUnreadableAndCorrected(String jwt) throws Exception {
    reconfigure("<usr_tokenValidatorTAI id=\"late\" " + jwt + ">"
        + "<securityConstraint securedURLs=\"/open/*/late\"/></usr_tokenValidatorTAI>",
        " E usr_tokenValidatorTAI late securityConstraint 1: securedURLs: ");
    AuthenticationError unreadable = AuthenticationError.unavailable(Duration.ofSeconds(60),
        "The server's bearer token check is not configured correctly:"
        + " usr_tokenValidatorTAI late securityConstraint 1 securedURLs");
    awaitStatus("/open/free", 503);
    assertRefusal(get("/open/free", null), unreadable);
    assertRefusal(get("/open/late", mobileFirstToken("accessRestricted", "pat")), unreadable);
    assertRefusal(get("/bank/public", null), unreadable);

    // readable, but a setting core refuses: only the element's own URLs fail closed
    reconfigure("<usr_tokenValidatorTAI id=\"late\" " + jwt + " tokenvalidator.cache.max-ttl=\"soon\">"
        + "<securityConstraint securedURLs=\"/open/late\"/></usr_tokenValidatorTAI>",
        " E usr_tokenValidatorTAI late is not in service: ");
    awaitStatus("/open/free", 200);
    HttpResponse<String> late = get("/open/late", null);
    assertThat(late.statusCode()).isEqualTo(503);
    assertThat(late.headers().firstValue("Retry-After")).hasValue("60");
    assertThat(Files.readString(MESSAGES)).containsPattern(
        "usr_tokenValidatorTAI late is not in service: [^\\n]*tokenvalidator\\.cache\\.max-ttl");

    // corrected: the element protects its URL, and nothing else
    reconfigure("<usr_tokenValidatorTAI id=\"late\" " + jwt + ">"
        + "<securityConstraint securedURLs=\"/open/late\"/></usr_tokenValidatorTAI>",
        "usr_tokenValidatorTAI late intercepts /open/late");
    awaitStatus("/open/late", 401);
    assertThat(get("/open/free", null).statusCode()).isEqualTo(200);
    String token = jwtIssuer.issueToken("mobile-app", "accessRestricted", "quinn");
    tokensIssued.add(token);
    assertThat(get("/open/late", token).statusCode()).isEqualTo(200);
  }

  @Test
  void rolesAllowedOnAJaxRsResourceMeetsTheScopeElementsAsGroups() throws Exception {
    String token = mobileFirstToken("accessRestricted transfers", "dave");
    HttpResponse<String> accounts = get("/bank/api/accounts", token);
    assertThat(accounts.statusCode()).isEqualTo(200);
    assertThat(accounts.body()).isEqualTo("accounts of dave transfers=true");
    assertThat(get("/bank/api/audit", token).statusCode()).isEqualTo(403);
    assertThat(get("/bank/api/accounts", mobileFirstToken("audit", "erin")).statusCode()).isEqualTo(403);
    assertThat(get("/bank/api/audit", mobileFirstToken("audit", "erin")).statusCode()).isEqualTo(200);
  }

  @Test
  void aServletsRolesAndIsUserInRoleMeetTheScopeElements() throws Exception {
    assertThat(get("/bank/admin/x", mobileFirstToken("admin", "frank")).statusCode()).isEqualTo(200);
    assertThat(get("/bank/admin/x", mobileFirstToken("accessRestricted", "grace")).statusCode()).isEqualTo(403);
    HttpResponse<String> roles = get("/bank/roles?role=accessRestricted&role=admin&role=transfers",
        mobileFirstToken("accessRestricted transfers", "heidi"));
    assertThat(roles.statusCode()).isEqualTo(200);
    assertThat(roles.body()).isEqualTo("user=heidi accessRestricted=true admin=false transfers=true");
  }

  @Test
  void anApplicationWithoutSecurityConstraintsIsProtectedThroughInvokeForUnprotectedUri() throws Exception {
    assertRefusal(get("/open/data", null), AuthenticationError.missingToken("bank"));
    HttpResponse<String> ok = get("/open/data", mobileFirstToken("accessRestricted", "ivan"));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("/data user=ivan token=true");
  }

  @Test
  void urlsNoSecuredUrlsNamesAreLeftAloneEvenWithABrokenToken() throws Exception {
    HttpResponse<String> free = get("/open/free", "broken token");
    assertThat(free.statusCode()).isEqualTo(200);
    assertThat(free.body()).isEqualTo("/free user=null token=false");
    HttpResponse<String> bankPublic = get("/bank/public", "broken token");
    assertThat(bankPublic.statusCode()).isEqualTo(200);
    assertThat(bankPublic.body()).isEqualTo("/public user=null token=false");
  }

  @Test
  @Order(Integer.MAX_VALUE)   // it moves the server's clock past the other tests' tokens
  void aTokenTheServerNoLongerAcceptsIsRefusedOnTheNextRequestWhateverCookiesCame() throws Exception {
    String token = mobileFirstToken("accessRestricted", "judy");
    HttpResponse<String> first = get("/bank/GetBalance", token);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("LtpaToken"));
    // the client's cookie jar goes with every later request: no single sign-on cookie stands in for a token
    assertRefusal(get("/bank/GetBalance", null), AuthenticationError.missingToken("bank"));

    mobileFirstClock.advance(Duration.ofMinutes(61));
    assertRefusal(get("/bank/GetBalance", token), AuthenticationError.invalidToken("bank", "The access token is invalid or expired"));
  }

  @Test
  void aJwtIssuerConfiguredWithTokenvalidatorSettings() throws Exception {
    String jwt = jwtIssuer.issueToken("mobile-app", "accessRestricted", "mallory");
    tokensIssued.add(jwt);
    HttpResponse<String> ok = get("/jwtbank/GetBalance", jwt);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).startsWith("user=mallory principal=mallory client=mobile-app scope=accessRestricted");
    HttpResponse<String> tampered = get("/jwtbank/GetBalance", jwt.substring(0, jwt.length() - 4) + "AAAA");
    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(tampered.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
  }

  @Test
  void aConstraintNamingAnIssuerTakesThatIssuersTokensOnly() throws Exception {
    String jwt = jwtIssuer.issueToken("partner-app", "orders", "nina");
    tokensIssued.add(jwt);
    HttpResponse<String> ok = get("/open/partners", jwt);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("/partners user=nina token=true");
    assertRefusal(get("/open/partners", mobileFirstToken("orders", "olga")),
        AuthenticationError.invalidToken("bank", "The access token is invalid or expired"));
    // the default route still takes MobileFirst's tokens
    assertThat(get("/open/data", mobileFirstToken("accessRestricted", "olga")).statusCode()).isEqualTo(200);
  }

  @Test
  void libertysLogHasTheInterceptorsLinesAndNoSecretOrToken() throws Exception {
    get("/bank/GetBalance", mobileFirstToken("accessRestricted", "oscar"));
    String log = Files.readString(MESSAGES);
    assertThat(log).contains("usr_tokenValidatorTAI mobilefirst intercepts /open/partners authenticated"
        + " issuers=partners; GET,POST /bank/GetBalance accessRestricted;");
    List<Path> logs;
    try (Stream<Path> files = Files.walk(SERVER_DIR.resolve("logs"))) {
      logs = files.filter(Files::isRegularFile).toList();
    }
    for (Path file : logs) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(text).as(file.toString()).doesNotContain(CLIENT_SECRET, xor(CLIENT_SECRET));
      for (String token : tokensIssued) {
        assertThat(text).as(file.toString()).doesNotContain(token);
      }
    }
  }

  private static void assertRefusal(HttpResponse<String> response, AuthenticationError expected) {
    assertThat(response.statusCode()).isEqualTo(expected.status());
    expected.headers().forEach((name, value) ->
        assertThat(response.headers().firstValue(name)).as(name).hasValue(value));
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
    assertThat(response.body()).isEqualTo(expected.jsonBody());
  }

  private static String mobileFirstToken(String scope, String user) {
    String token = mobileFirst.issueToken("mobile-app", scope, user);
    synchronized (tokensIssued) {
      tokensIssued.add(token);
    }
    return token;
  }

  private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  /** A MobileFirst server that hands out its own token, then answers every introspection 409. */
  private static void serveConflicts() {
    while (!conflictServer.isClosed()) {
      try {
        Socket socket = conflictServer.accept();
        conflictThreads.submit(() -> answerConflict(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void answerConflict(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          return;
        }
        head.append((char) c);
      }
      String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
      int at = lower.indexOf("content-length:");
      int length = at < 0 ? 0 : Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
      in.readNBytes(length);
      String answer;
      if (head.toString().startsWith("POST /mfp/api/az/v1/token")) {
        String body = "{\"access_token\":\"own\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
            + "\"scope\":\"authorization.introspect\"}";
        answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
            + "\r\nConnection: close\r\n\r\n" + body;
      } else {
        answer = "HTTP/1.1 409 Conflict\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      }
      OutputStream out = socket.getOutputStream();
      out.write(answer.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException ignored) {
      // the validator gave up on the connection
    }
  }

  /** Runs {@code bin/server COMMAND tai}, its output to a file; returns its exit status. */
  private static int serverCommand(String command) throws IOException, InterruptedException {
    String script = System.getProperty("os.name").startsWith("Windows") ? "server.bat" : "server";
    ProcessBuilder builder = new ProcessBuilder(RUNTIME.resolve("bin").resolve(script).toString(), command, SERVER)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(USER_DIR.resolve("server-" + command + ".log").toFile()));
    Map<String, String> environment = builder.environment();
    environment.put("WLP_USER_DIR", USER_DIR.toString());
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  /**
   * Rewrites server.xml with {@code element} added, as an administrator would, and waits until Liberty has
   * handed it to the interceptor's factory: until {@code logLine} appears once more in messages.log.
   */
  private static void reconfigure(String element, String logLine) throws IOException, InterruptedException {
    long before = occurrences(logLine);
    Files.writeString(SERVER_DIR.resolve("server.xml"),
        serverXml.replace("  <webApplication id=\"bank\"", "  " + element + "\n  <webApplication id=\"bank\""));
    awaitLogLine(logLine, before);
  }

  /** Waits until {@code logLine} is in messages.log more than {@code before} times. */
  private static void awaitLogLine(String logLine, long before) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (occurrences(logLine) == before) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Liberty did not log " + logLine + " after the change; see " + MESSAGES);
      }
      Thread.sleep(250);
    }
  }

  private static long occurrences(String line) throws IOException {
    String log = Files.readString(MESSAGES, StandardCharsets.UTF_8);
    return log.lines().filter(text -> text.contains(line)).count();
  }

  /** Waits until a request without a token is answered {@code status}: the registration follows the log line. */
  private void awaitStatus(String path, int status) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int last;
    while ((last = get(path, null).statusCode()) != status) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " still answers " + last + ", not " + status);
      }
      Thread.sleep(100);
    }
  }

  private static void awaitLog(List<String> lines) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      String log = Files.exists(MESSAGES) ? Files.readString(MESSAGES, StandardCharsets.UTF_8) : "";
      List<String> missing = lines.stream().filter(line -> !log.contains(line)).toList();
      if (missing.isEmpty()) {
        return;
      }
      // an error line: a feature or bundle that does not resolve, an application that fails, our element refused
      if (System.nanoTime() > deadline || log.matches("(?s).* E (CWWKF0002E|CWWKE0702E|CWWKZ0002E|CWWKF0001E).*")
          || log.contains("the element is not in service")) {
        throw new AssertionError("Liberty did not log " + missing + "; see " + MESSAGES);
      }
      Thread.sleep(250);
    }
  }

  /** An expanded WAR under apps/: the classes named, a web.xml, and for the filter the validator's jars. */
  private static void war(String name, List<Class<?>> classes, String webXml, boolean withValidatorJars)
      throws IOException {
    Path war = SERVER_DIR.resolve("apps").resolve(name + ".war");
    Path webInf = war.resolve("WEB-INF");
    Path testClasses = Paths.get(LibertyServerTest.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath());
    for (Class<?> type : classes) {
      String file = type.getName().replace('.', '/') + ".class";
      Path target = webInf.resolve("classes").resolve(file);
      Files.createDirectories(target.getParent());
      Files.copy(testClasses.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
    }
    if (webXml != null) {
      Files.writeString(webInf.resolve("web.xml"), webXml);
    }
    if (withValidatorJars) {
      Path lib = Files.createDirectories(webInf.resolve("lib"));
      for (String entry : System.getProperty("liberty.webapp.classpath").split(java.io.File.pathSeparator)) {
        String file = Paths.get(entry).getFileName().toString();
        if (file.matches("(validator-core|validator-servlet|jackson-core|caffeine|slf4j-api)-.*\\.jar")) {
          Files.copy(Paths.get(entry), lib.resolve(file));
        }
      }
    }
  }

  private static String resource(String name) {
    try (InputStream in = LibertyServerTest.class.getResourceAsStream("/liberty/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The secret as {@code securityUtility encode} writes it by default. */
  private static String xor(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] ^= '_';
    }
    return "{xor}" + Base64.getEncoder().encodeToString(bytes);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
