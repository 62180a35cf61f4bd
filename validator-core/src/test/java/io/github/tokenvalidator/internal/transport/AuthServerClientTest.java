package io.github.tokenvalidator.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.testing.RawSocketServer;
import io.github.tokenvalidator.testing.RawSocketServer.Behaviour;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP client against a server that misbehaves at the socket level: whatever the server does, a
 * timed-out exchange lets go of its connection, and once closed the validator leaves no thread behind.
 * Timeouts here are real network timeouts, kept short.
 */
@Timeout(60)
class AuthServerClientTest {
  private static final Duration TIMEOUT = Duration.ofMillis(250);
  private static final String JSON_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  private RawSocketServer server(Behaviour behaviour) {
    RawSocketServer server = RawSocketServer.start(behaviour);
    toClose.add(server);
    return server;
  }

  private AuthServerClient client() {
    AuthServerClient client = new AuthServerClient(TIMEOUT, TIMEOUT, 4096, false, null, null);
    toClose.add(client::close);
    return client;
  }

  static Stream<Arguments> misbehaviours() {
    return Stream.of(
        Arguments.of("headers then a stalled body", (Behaviour) (c, request) ->
            c.write(JSON_HEAD + "Content-Length: 100\r\n\r\n{\"act")),
        Arguments.of("a body dripped byte by byte", (Behaviour) (c, request) -> {
          c.write(JSON_HEAD + "Content-Length: 40\r\n\r\n");
          c.drip("{\"active\":true,\"scope\":\"a b c d e f g\"}", Duration.ofMillis(100));
        }),
        Arguments.of("HTTP/1.0 that never closes", (Behaviour) (c, request) ->
            c.write("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"active\":true}")),
        Arguments.of("a garbage status line", (Behaviour) (c, request) -> c.write("HTTP/1.1 abc\r\n\r\n")),
        Arguments.of("a non-HTTP reply", (Behaviour) (c, request) ->
            c.write("SSH-2.0-OpenSSH_9.6\r\n\u0000\u0001\u00ff\u00fe\r\n\r\n")),
        Arguments.of("endless header lines", (Behaviour) (c, request) -> {
          c.write("HTTP/1.1 200 OK\r\n");
          c.repeat("X-Pad: " + "a".repeat(200) + "\r\n", Duration.ofMillis(1));
        }),
        Arguments.of("Content-Length beyond 64 bits", (Behaviour) (c, request) ->
            c.write(JSON_HEAD + "Content-Length: 99999999999999999999\r\n\r\n{\"active\":true}")),
        Arguments.of("negative Content-Length", (Behaviour) (c, request) ->
            c.write(JSON_HEAD + "Content-Length: -1\r\n\r\n{\"active\":true}")),
        Arguments.of("a declared length beyond the limit", (Behaviour) (c, request) ->
            c.write(JSON_HEAD + "Content-Length: 2000000\r\n\r\n{\"active\":true")),
        Arguments.of("an endless chunked body", (Behaviour) (c, request) -> {
          c.write(JSON_HEAD + "Transfer-Encoding: chunked\r\n\r\n");
          c.repeat("1000\r\n" + "x".repeat(0x1000) + "\r\n", Duration.ZERO);
        }),
        Arguments.of("no answer at all", (Behaviour) (c, request) -> { }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misbehaviours")
  void aMisbehaviourGetsA503AndItsConnectionIsClosed(String name, Behaviour behaviour) {
    RawSocketServer server = server(behaviour);
    TokenValidator validator = validatorFor(server);
    toClose.add(validator);

    ValidationResult result = validator.validate("Bearer some-token");

    assertThat(result.error().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(server.connections()).hasSize(1);
    assertThat(RawSocketServer.await(Duration.ofSeconds(1), () -> server.openConnections() == 0))
        .as("the failed exchange's connection is closed, before close()").isTrue();
  }

  /** Every misbehaviour at once, so that the JDK 17 selector threads' idle wake-ups (3 s) overlap. */
  @Test
  void noThreadOfTheValidatorOutlivesCloseWhateverTheServerDid() {
    List<Arguments> misbehaviours = misbehaviours().collect(Collectors.toList());
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    List<TokenValidator> validators = new ArrayList<>();
    List<CompletableFuture<ValidationResult>> results = new ArrayList<>();
    for (Arguments misbehaviour : misbehaviours) {
      TokenValidator validator = validatorFor(server((Behaviour) misbehaviour.get()[1]));
      validators.add(validator);
      results.add(validator.validateAsync("Bearer some-token", "a"));
    }
    for (int i = 0; i < results.size(); i++) {
      assertThat(results.get(i).join().error().kind()).as("%s", misbehaviours.get(i).get()[0])
          .isEqualTo(Kind.UNAVAILABLE);
    }

    validators.forEach(TokenValidator::close);

    awaitNoThreadsStartedSince(before);
    // Still held by the application after close: on JDK 17 each HttpClient must be unreachable all the same.
    for (TokenValidator validator : validators) {
      assertThat(validator.validate("Bearer some-token").error().kind()).isEqualTo(Kind.UNAVAILABLE);
    }
  }

  @Test
  void closeDuringAnExchangeAnswersItsCallerAndLeavesNoThread() throws Exception {
    RawSocketServer server = server((c, request) -> { });
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    TokenValidator validator = TokenValidator.builder()
        .introspectionEndpoint(server.uri("/introspect").toString())
        .clientCredentials("client", "secret")
        .clientAuthentication(ClientAuthentication.BASIC)
        .requestTimeout(Duration.ofSeconds(30))
        .build();
    CompletableFuture<ValidationResult> pending = validator.validateAsync("Bearer some-token", "a");
    assertThat(RawSocketServer.await(Duration.ofSeconds(5), () -> server.connections().size() == 1)).isTrue();

    validator.close();

    assertThat(pending.get(5, TimeUnit.SECONDS).error().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(RawSocketServer.await(Duration.ofSeconds(1), () -> server.openConnections() == 0))
        .as("the exchange's connection was closed").isTrue();
    awaitNoThreadsStartedSince(before);
    assertThat(validator.validate("Bearer some-token").error().kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void timedOutExchangesCloseTheirConnections() {
    RawSocketServer server = server((c, request) -> c.write(JSON_HEAD + "Content-Length: 100\r\n\r\n{\"act"));
    AuthServerClient client = client();
    List<CompletableFuture<AuthServerClient.Answer>> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      answers.add(client.post(server.uri("/introspect"), "token=t" + i, null));
    }

    for (CompletableFuture<AuthServerClient.Answer> answer : answers) {
      assertThat(failureOf(answer).getMessage()).contains("within");
    }
    long failedAt = System.nanoTime();

    assertThat(server.connections()).hasSize(10);
    assertThat(RawSocketServer.await(Duration.ofSeconds(1), () -> server.openConnections() == 0))
        .as("connections still open a second after their timeouts: %s", server.openConnections()).isTrue();
    for (RawSocketServer.Connection connection : server.connections()) {
      assertThat(connection.closedByClientAtNanos() - failedAt).isLessThan(TimeUnit.SECONDS.toNanos(1));
    }
  }

  @Test
  void aTricklingServerDoesNotAccumulateSockets() {
    RawSocketServer server = server((c, request) -> {
      c.write(JSON_HEAD + "Content-Length: 1000\r\n\r\n");
      c.drip("x".repeat(1000), Duration.ofMillis(20));
    });
    AuthServerClient client = client();
    for (int i = 0; i < 5; i++) {
      assertThat(failureOf(client.post(server.uri("/introspect"), "token=t", null)).getMessage()).contains("within");
      assertThat(RawSocketServer.await(Duration.ofSeconds(1), () -> server.openConnections() == 0))
          .as("open connections after timeout %d", i + 1).isTrue();
    }
    assertThat(server.connections()).hasSize(5);
  }

  @Test
  void aTimedOutAnswerCompletesOnTheClientsExecutorNotTheJdksDelayer() {
    RawSocketServer server = server((c, request) -> c.write(JSON_HEAD + "Content-Length: 100\r\n\r\n{\"act"));
    AtomicReference<String> completedOn = new AtomicReference<>();
    CompletableFuture<AuthServerClient.Answer> answer = client().post(server.uri("/introspect"), "token=t", null);
    CompletableFuture<Void> seen = answer.handle((a, failure) -> {
      completedOn.set(Thread.currentThread().getName());
      return null;
    });

    seen.join();

    assertThat(answer).isCompletedExceptionally();
    assertThat(completedOn.get()).startsWith("tokenvalidator-http-");
  }

  @Test
  void aFailureKeepsItsCauseForDebugging() {
    RawSocketServer server = server((c, request) -> c.write("HTTP/1.1 abc\r\n\r\n"));

    AuthServerException failure = failureOf(client().post(server.uri("/introspect"), "token=secret-token", null));

    assertThat(failure.getCause()).isInstanceOf(IOException.class);
    assertThat(failure.getMessage()).doesNotContain("secret-token");
  }

  @Test
  void getAsksForJsonAndExposesTheAnswersHeaders() throws Exception {
    try (MockWebServer web = new MockWebServer()) {
      web.enqueue(new MockResponse().setHeader("Cache-Control", "max-age=300, public")
          .setHeader("Content-Type", "application/json").setBody("{\"keys\":[]}"));
      web.start(InetAddress.getLoopbackAddress(), 0);

      AuthServerClient.Answer answer = client().get(web.url("/jwks").uri()).get(10, TimeUnit.SECONDS);

      RecordedRequest request = web.takeRequest();
      assertThat(request.getMethod()).isEqualTo("GET");
      assertThat(request.getHeader("Accept")).isEqualTo("application/json");
      assertThat(answer.status).isEqualTo(200);
      assertThat(new String(answer.body, StandardCharsets.UTF_8)).isEqualTo("{\"keys\":[]}");
      assertThat(answer.header("cache-control")).isEqualTo("max-age=300, public");
      assertThat(answer.header("CACHE-CONTROL")).isEqualTo("max-age=300, public");
      assertThat(answer.header("ETag")).isNull();
    }
  }

  @Test
  void getIsBoundedInSizeAndDoesNotFollowRedirects() throws Exception {
    try (MockWebServer web = new MockWebServer()) {
      web.enqueue(new MockResponse().setBody("x".repeat(5000)));
      web.enqueue(new MockResponse().setChunkedBody("x".repeat(5000), 100));
      web.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/elsewhere"));
      web.start(InetAddress.getLoopbackAddress(), 0);
      AuthServerClient client = client();

      assertThat(failureOf(client.get(web.url("/declared").uri())).getMessage()).contains("larger than 4096");
      assertThat(failureOf(client.get(web.url("/chunked").uri())).getMessage()).contains("larger than 4096");
      assertThat(client.get(web.url("/moved").uri()).get(10, TimeUnit.SECONDS).status).isEqualTo(302);
      assertThat(web.getRequestCount()).isEqualTo(3);
    }
  }

  @Test
  void plainHttpGoesOnlyToLoopbackUnlessAllowed() {
    AuthServerException refused = failureOf(client().get(URI.create("http://192.0.2.1/jwks")));

    assertThat(refused.getMessage()).contains("not loopback");
    assertThat(refused.isServerFault()).isFalse();
  }

  @Test
  void afterCloseCallsFailAtOnce() {
    AuthServerClient client = client();
    client.close();

    assertThat(failureOf(client.get(URI.create("http://127.0.0.1:1/jwks"))).getMessage()).contains("closed");
  }

  private static TokenValidator validatorFor(RawSocketServer server) {
    return TokenValidator.builder()
        .introspectionEndpoint(server.uri("/introspect").toString())
        .clientCredentials("client", "secret")
        .clientAuthentication(ClientAuthentication.BASIC)
        .requestTimeout(TIMEOUT)
        .connectTimeout(TIMEOUT)
        .build();
  }

  static AuthServerException failureOf(CompletableFuture<?> future) {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(AuthServerException.class);
      return (AuthServerException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError("no failure within 10 s", e);
    }
    return fail("completed normally");
  }

  /**
   * Polls, collecting garbage, until no thread started since {@code before} is alive, or fails after 5 s.
   * Not counted: the JVM-wide pools that no validator owns or can stop — the common ForkJoinPool's
   * workers and the CompletableFuture delayer — and the test servers' threads.
   */
  static void awaitNoThreadsStartedSince(Set<Thread> before) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<String> alive;
    do {
      System.gc();
      alive = Thread.getAllStackTraces().keySet().stream()
          .filter(thread -> !before.contains(thread) && thread.isAlive())
          .map(Thread::getName)
          .filter(name -> !name.startsWith("ForkJoinPool.commonPool-") // workers; JDK 25's delayer
              && !name.equals("CompletableFutureDelayScheduler") // JDK 17's delayer
              && !name.startsWith("raw-server-"))
          .collect(Collectors.toList());
      if (alive.isEmpty()) {
        return;
      }
      sleepBriefly();
    } while (System.nanoTime() - deadline < 0);
    fail("threads alive 5 s after close: " + alive);
  }

  private static void sleepBriefly() {
    try {
      TimeUnit.MILLISECONDS.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
