package io.github.tokenvalidator.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's walk-through, run as the demo runs it, and its verdicts when apps answer wrongly. */
class WalkthroughTest {
  static Demo demo;
  final ByteArrayOutputStream output = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(output, true, UTF_8);

  @BeforeAll
  static void startDemo() {
    demo = Demo.start(Map.of());
  }

  @AfterAll
  static void stopDemo() {
    demo.close();
  }

  @Test
  void demoWalkthroughGetsTheExpectedAnswerAtEveryStepFromEveryApp() {
    Walkthrough.Report report = demo.walkThrough(out);

    assertThat(report.passed()).as(output()).isTrue();
    assertThat(report.steps()).extracting(Walkthrough.Step::number).containsExactly(1, 2, 3, 4);
    for (Walkthrough.Step step : report.steps()) {
      assertThat(step.skipped()).isFalse();
      assertThat(step.answers()).extracting(answer -> answer.app().name())
          .containsExactly("servlet app", "JAX-RS app", "Spring Boot app");
    }
    for (Walkthrough.Answer answer : report.step(1).answers()) {
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.challenge().isBearer()).isTrue();
      assertThat(answer.challenge().parameters()).isEmpty();
    }
    for (Walkthrough.Answer answer : report.step(2).answers()) {
      assertThat(answer.status()).isEqualTo(403);
      assertThat(answer.challenge().parameters())
          .containsExactly(Map.entry("error", "insufficient_scope"), Map.entry("scope", "accessRestricted"));
    }
    for (Walkthrough.Answer answer : report.step(3).answers()) {
      assertThat(answer.status()).isEqualTo(200);
      assertThat(Http.object(Http.json(answer.body()), "token"))
          .containsEntry("scope", "accessRestricted")
          .containsEntry("clientId", Demo.MOBILE_APP_ID)
          .containsEntry("username", Demo.USERNAME);
    }
    for (Walkthrough.Answer answer : report.step(4).answers()) {
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.challenge().parameters()).containsExactly(Map.entry("error", "invalid_token"));
    }
  }

  @Test
  void jwtWalkGetsTheExpectedAnswersWithoutAnyIntrospection() {
    JwtWalk.Outcome outcome = demo.jwtWalk().run(Http.CLIENT, out);
    Walkthrough.Report report = outcome.report();

    assertThat(outcome.passed()).as(output()).isTrue();
    assertThat(outcome.introspections()).isZero();
    assertThat(report.steps()).extracting(Walkthrough.Step::number).containsExactly(1, 2, 3, 4);
    assertThat(report.step(1).answers()).singleElement().satisfies(answer -> {
      assertThat(answer.app().name()).isEqualTo("JWT app");
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.challenge().parameters()).isEmpty();
    });
    assertThat(report.step(2).answers()).singleElement().satisfies(answer -> {
      assertThat(answer.status()).isEqualTo(403);
      assertThat(answer.challenge().parameters())
          .containsExactly(Map.entry("error", "insufficient_scope"), Map.entry("scope", "accessRestricted"));
    });
    assertThat(report.step(3).answers()).singleElement().satisfies(answer -> {
      assertThat(answer.status()).isEqualTo(200);
      assertThat(Http.object(Http.json(answer.body()), "token"))
          .containsEntry("scope", "accessRestricted")
          .containsEntry("clientId", Demo.MOBILE_APP_ID);
    });
    assertThat(report.step(4).answers()).singleElement().satisfies(answer -> {
      assertThat(answer.status()).isEqualTo(401);
      assertThat(answer.challenge().parameters()).containsExactly(Map.entry("error", "invalid_token"));
    });
    assertThat(output())
        .contains("Step 4. Someone calls /api/balance with a forged JWT")
        .contains("ok: 401 invalid_token: the signature does not verify.")
        .contains("All 4 steps answered as expected by the app.")
        .contains("No introspection call was made");
  }

  @Test
  void jwtWalkFailsWhenAnIntrospectionCallWasMadeEvenIfEveryStepPassed() {
    Walkthrough.Report allPassed = new Walkthrough.Report(List.of(
        new Walkthrough.Step(1, "no token", List.of(), null, false)));

    assertThat(new JwtWalk.Outcome(allPassed, 0, 1).passed()).isTrue();
    assertThat(new JwtWalk.Outcome(allPassed, 1, 1).passed()).isFalse();
  }

  @Test
  void walkthroughPrintsNumberedStepsAndAVerdictWithoutWholeTokens() {
    demo.walkThrough(out);

    assertThat(output())
        .contains("Step 1. ", "Step 2. ", "Step 3. ", "Step 4. ")
        .contains("WWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"accessRestricted\"")
        .contains("The challenge names scope \"accessRestricted\".")
        .contains("\"accountHolder\": \"alice\"")
        .contains("All 4 steps answered as expected by all 3 apps.")
        .doesNotContain("FAILED", "Exception")
        .doesNotContainPattern("[A-Za-z0-9_-]{43}"); // the dev server's tokens are 43 characters
  }

  @Test
  void anAppThatLetsEveryoneInFailsEveryStepThatExpectsARefusal() throws IOException {
    HttpServer open = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    open.createContext("/", exchange -> {
      byte[] body = "{\"balance\":\"1024.00\"}".getBytes(UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream stream = exchange.getResponseBody()) {
        stream.write(body);
      }
    });
    open.start();
    try {
      Walkthrough.App app = new Walkthrough.App("open app",
          URI.create("http://127.0.0.1:" + open.getAddress().getPort()));

      Walkthrough.Report report = new Walkthrough(Http.CLIENT, List.of(app), demo.mobileApp(), out).run();

      assertThat(report.passed()).isFalse();
      assertThat(report.steps()).noneMatch(Walkthrough.Step::passed);
      assertThat(report.step(1).answers().get(0).problem()).isEqualTo("expected 401, got 200");
      assertThat(report.step(3).answers().get(0).problem()).startsWith("no scope to ask for");
      assertThat(output()).contains("FAILED (open app): expected 401, got 200")
          .contains("FAILED: unexpected answers in steps 1, 2, 3, 4.");
    } finally {
      open.stop(0);
    }
  }

  @Test
  void anAppThatDoesNotAnswerFailsWithoutAStackTrace() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Walkthrough.App app = new Walkthrough.App("gone app", URI.create("http://127.0.0.1:" + closedPort));

    Walkthrough.Report report = new Walkthrough(Http.CLIENT, List.of(app), demo.mobileApp(), out).run();

    assertThat(report.passed()).isFalse();
    assertThat(report.step(1).answers().get(0).status()).isEqualTo(-1);
    assertThat(output()).contains("no answer (ConnectException").doesNotContain("\tat ");
  }

  @Test
  void aTokenEndpointRefusingTheClientFailsOnlyTheStepsThatNeedTokens() {
    Walkthrough.TokenClient wrongSecret = new Walkthrough.TokenClient(demo.mobileApp().tokenEndpoint(),
        Demo.MOBILE_APP_ID, "wrong-secret", null);

    Walkthrough.Report report = new Walkthrough(Http.CLIENT, demo.apps(), wrongSecret, out).run();

    assertThat(report.step(1).passed()).isTrue();
    assertThat(report.step(2).problem()).isEqualTo("token request: the token endpoint answered 400");
    assertThat(report.step(3).passed()).isFalse();
    assertThat(report.step(4).passed()).isTrue();
    assertThat(output()).contains("invalid_client").doesNotContain("wrong-secret");
  }

  @Test
  void withoutATokenEndpointTheStepsNeedingTokensAreSkipped() {
    Walkthrough.Report report = new Walkthrough(Http.CLIENT, demo.apps(), null, out).run();

    assertThat(report.passed()).isTrue();
    assertThat(report.steps()).extracting(Walkthrough.Step::skipped).containsExactly(false, true, true, false);
    assertThat(output()).contains("Step 2. Skipped", "All 2 steps answered as expected by all 3 apps.");
  }

  private String output() {
    return output.toString(UTF_8);
  }
}
