package io.github.tokenvalidator.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample apps pointed at an authorization server by {@code TOKENVALIDATOR_*} settings, as an operator
 * would point them at a real MobileFirst or RFC 7662 server. Dev servers stand in for those servers: the
 * settings name them explicitly, and the demo starts none of its own.
 */
class ExternalAuthorizationServerTest {
  final ByteArrayOutputStream output = new ByteArrayOutputStream();
  final ByteArrayOutputStream errors = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(output, true, UTF_8);
  final PrintStream err = new PrintStream(errors, true, UTF_8);

  @Test
  void appsValidateWithTheMobileFirstServerTheSettingsName() {
    try (DevAuthorizationServer mobileFirst = DevAuthorizationServer.builder()
            .client("bank-backend", "backend-secret", "authorization.introspect").start();
        DevAuthorizationServer otherServer = DevAuthorizationServer.start();
        Demo demo = Demo.start(Map.of(
            "TOKENVALIDATOR_SERVER_URL", mobileFirst.serverUrl(),
            "TOKENVALIDATOR_CLIENT_ID", "bank-backend",
            "TOKENVALIDATOR_CLIENT_SECRET", "backend-secret"))) {
      assertThat(demo.authorizationServer()).isNull();
      String token = mobileFirst.issueToken("bank-app", "accessRestricted", "bob");
      String foreignToken = otherServer.issueToken("bank-app", "accessRestricted", "bob");

      for (URI app : new URI[] {demo.servletApp().baseUri(), demo.jaxRsApp().baseUri(), demo.springBootApp().baseUri()}) {
        assertThat(Http.getWithToken(app.resolve("/api/balance"), token).statusCode()).as("%s", app).isEqualTo(200);
        assertThat(Http.getWithToken(app.resolve("/api/balance"), foreignToken).statusCode()).as("%s", app)
            .isEqualTo(401);
      }
    }
  }

  @Test
  void appsValidateWithAnRfc7662ServerTheSettingsName() {
    try (DevAuthorizationServer rfc7662 = DevAuthorizationServer.builder()
            .mode(DevAuthorizationServer.Mode.RFC7662)
            .client("resource-server", "rs-secret", "none").start();
        Demo demo = Demo.start(Map.of(
            "TOKENVALIDATOR_INTROSPECTION_ENDPOINT", rfc7662.introspectionEndpoint(),
            "TOKENVALIDATOR_CLIENT_ID", "resource-server",
            "TOKENVALIDATOR_CLIENT_SECRET", "rs-secret",
            "TOKENVALIDATOR_CLIENT_AUTH", "basic"))) {
      String defaultScope = rfc7662.issueToken("web-app", "");
      String restricted = rfc7662.issueToken("web-app", "accessRestricted");

      for (URI app : new URI[] {demo.servletApp().baseUri(), demo.jaxRsApp().baseUri(), demo.springBootApp().baseUri()}) {
        assertThat(Http.getWithToken(app.resolve("/api/profile"), defaultScope).statusCode()).isEqualTo(200);
        assertThat(Http.getWithToken(app.resolve("/api/balance"), defaultScope).statusCode()).isEqualTo(403);
        assertThat(Http.json(Http.getWithToken(app.resolve("/api/balance"), restricted).body()))
            .containsEntry("accountHolder", "web-app");
      }
    }
  }

  @Test
  void demoWithSettingsWalksTheStepsThatNeedNoTokenAndNeverPrintsTheSecret() {
    try (DevAuthorizationServer mobileFirst = DevAuthorizationServer.builder()
        .client("bank-backend", "backend-secret", "authorization.introspect").start()) {
      Demo.Launch launch = Demo.launch(new String[] {Demo.EXIT_ARGUMENT}, Map.of(
          "TOKENVALIDATOR_SERVER_URL", mobileFirst.serverUrl(),
          "TOKENVALIDATOR_CLIENT_ID", "bank-backend",
          "TOKENVALIDATOR_CLIENT_SECRET", "backend-secret"), false, out, err);

      assertThat(launch.exitCode()).as(output()).isZero();
      assertThat(output())
          .contains("Authorization server      from the TOKENVALIDATOR_* environment variables:")
          .contains(mobileFirst.serverUrl())
          .doesNotContain("Dev authorization server", "JWT walk")
          .contains("Step 2. Skipped", "Step 3. Skipped")
          .contains("All 2 steps answered as expected by all 3 apps.")
          .doesNotContain("backend-secret");
      // the skipped steps say "use the curl lines below": they are there, though the apps stop
      assertThat(output()).contains("curl lines below", "run the demo again without -Ddemo.exit=true",
          "TOKEN=...", "curl -i -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:");
      assertThat(errors()).isEmpty();
    }
  }

  @Test
  void demoWithAnUnreachableServerFailsTheMadeUpTokenStepWithStatus1() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    Demo.Launch launch = Demo.launch(new String[] {Demo.EXIT_ARGUMENT}, Map.of(
        "TOKENVALIDATOR_SERVER_URL", "http://127.0.0.1:" + closedPort + "/mfp/api",
        "TOKENVALIDATOR_CLIENT_ID", "bank-backend",
        "TOKENVALIDATOR_CLIENT_SECRET", "backend-secret"), false, out, err);

    assertThat(launch.exitCode()).isEqualTo(1);
    assertThat(output())
        .contains("503 Service Unavailable", "Retry-After: ")
        .contains("FAILED (servlet app): expected 401, got 503")
        .contains("FAILED: unexpected answers in step 4.")
        .doesNotContain("\tat ");
  }

  private String output() {
    return output.toString(UTF_8);
  }

  private String errors() {
    return errors.toString(UTF_8);
  }
}
