package io.github.tokenvalidator.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.Scope;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void defaultsAreMobileFirstsPort9080AndTheTestClient() throws Exception {
    DevAuthorizationServer.Builder builder = CommandLine.parse(new String[0]);

    assertThat(builder.port).isEqualTo(9080);
    assertThat(builder.bindAddress.getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(builder.runtimePath).isEqualTo("/mfp/api");
    assertThat(builder.mode).isEqualTo(DevAuthorizationServer.Mode.MOBILEFIRST);
    assertThat(builder.tokenLifetime).isEqualTo(Duration.ofHours(1));
    assertThat(builder.clients).isEmpty();
  }

  @Test
  void everyOptionIsApplied() throws Exception {
    DevAuthorizationServer.Builder builder = CommandLine.parse(new String[] {
        "--port", "0", "--bind", "::1", "--path", "/auth/api", "--client", "rs:rs-secret:authorization.introspect",
        "--client=app:s:e:cr:et:send* push.application.*", "--token-lifetime", "90s", "--mode", "rfc7662",
        "--max-tokens=10"});

    assertThat(builder.port).isZero();
    assertThat(builder.bindAddress.getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(builder.runtimePath).isEqualTo("/auth/api");
    assertThat(builder.mode).isEqualTo(DevAuthorizationServer.Mode.RFC7662);
    assertThat(builder.tokenLifetime).isEqualTo(Duration.ofSeconds(90));
    assertThat(builder.maxTokens).isEqualTo(10);
    assertThat(builder.clients.get("rs").allowedScope()).isEqualTo(Scope.of("authorization.introspect"));
    assertThat(builder.clients.get("app").secret()).isEqualTo("s");
    assertThat(builder.clients.get("app").allowedScope()).isEqualTo(Scope.of("e:cr:et:send* push.application.*"));
  }

  @ParameterizedTest
  @CsvSource({"3600s, 3600", "3600, 3600", "60m, 3600", "1h, 3600", "PT1H, 3600", "PT90S, 90", "1s, 1"})
  void tokenLifetimeTakesSecondsMinutesHoursAndIso8601(String value, long seconds) {
    assertThat(CommandLine.duration(value)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void jwtOptionsAreApplied() throws Exception {
    DevAuthorizationServer.Builder builder = CommandLine.parse(new String[] {
        "--jwt", "eddsa", "--jwt-typ=", "--jwt-audience", "api-1,api-2", "--appid-tenant", "tenant-1"});

    assertThat(builder.jwtAlgorithm).isEqualTo(DevAuthorizationServer.JwtAlgorithm.EDDSA);
    assertThat(builder.jwtType).isEmpty();
    assertThat(builder.jwtAudience).containsExactly("api-1", "api-2");
    assertThat(builder.appIdTenant).isEqualTo("tenant-1");
    assertThat(CommandLine.parse(new String[] {"--jwt", "ES256", "--jwt-typ", "JOSE"}).jwtType).isEqualTo("JOSE");
    assertThat(CommandLine.parse(new String[] {"--appid-tenant", "t", "--jwt-typ", "JWT"}).jwtType).isEqualTo("JWT");
  }

  @Test
  void bannerOfAJwtServerShowsTheKeysDiscoveryAndAppIdPaths() {
    try (DevAuthorizationServer server = launch("--port", "0", "--appid-tenant", "tenant-1").server()) {
      assertThat(out()).contains("tokens:         JWT RS256, kid " + server.currentKid() + ", typ at+jwt",
          "issuer:         " + server.serverUrl(),
          "audience:       each token's client id, e.g. test (one for all: --jwt-audience)",
          "keys:           GET " + server.jwksUri(),
          "discovery:      GET " + server.serverUrl() + "/.well-known/openid-configuration",
          "rotate key:     POST " + server.jwksUri() + "/rotate",
          "App ID issuer:  " + server.appIdIssuer() + " (typ JOSE)",
          "App ID token:   POST " + server.appIdIssuer() + "/token",
          "App ID keys:    GET " + server.appIdIssuer() + "/publickeys");
      Jws.verify(Http.token(server, "test", "test", null), server.jwksUri());
    }
  }

  @Test
  void bannerShowsTheConfiguredAudienceAValidatorMustMatch() {
    try (DevAuthorizationServer server = launch("--port", "0", "--jwt", "ES256", "--jwt-audience", "api-1,api-2")
        .server()) {
      assertThat(out()).contains("audience:       api-1, api-2");
      assertThat(Jws.parse(server.issueToken("test", "read")).claims()).containsEntry("aud", List.of("api-1", "api-2"));
    }
  }

  @Test
  void bannerOfAnOpaqueServerSaysSo() {
    try (DevAuthorizationServer server = launch("--port", "0").server()) {
      assertThat(server.issuesJwts()).isFalse();
      assertThat(out()).contains("tokens:         opaque").doesNotContain("keys:", "audience:", "App ID");
    }
  }

  @Test
  void helpIsPrintedWithExitStatus0() {
    CommandLine.Launch launch = launch("--port", "0", "--help");

    assertThat(launch.exitCode()).isZero();
    assertThat(launch.server()).isNull();
    assertThat(out()).contains("--port", "--client ID:SECRET:SCOPE", "--token-lifetime", "--mode", "username=",
        "--jwt ALG", "--jwt-typ TYP", "--jwt-audience AUD", "--appid-tenant ID", "/az/v1/jwks/rotate");
    assertThat(err()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--bogus                          | unknown option --bogus",
      "--port                           | --port needs a value",
      "--port --mode mobilefirst        | --port needs a value",
      "--port nine                      | --port needs a whole number",
      "--port 70000                     | --port: port must be between 0 and 65535",
      "--port 1 --port 2                | --port is given more than once",
      "--mode oauth                     | --mode: needs mobilefirst or rfc7662",
      "--token-lifetime soon            | --token-lifetime: needs a duration",
      "--token-lifetime 0s              | --token-lifetime: token lifetime must be whole seconds",
      "--client test                    | --client: needs ID:SECRET:ALLOWED-SCOPE",
      "--client a:b:bad\"scope          | --client: Scope element has a character",
      "--client a:b:x --client a:c:y    | --client: client \"a\" is registered twice",
      "--bind localhost                 | --bind: needs an IP address",
      "--path mfp                       | --path: runtime path must be",
      "--max-tokens 0                   | --max-tokens: max tokens must be at least 1",
      "--jwt HS256                      | --jwt: needs RS256, ES256 or EdDSA",
      "--jwt none                       | --jwt: needs RS256, ES256 or EdDSA",
      "--jwt RS256 --jwt ES256          | --jwt is given more than once",
      "--jwt-typ JOSE                   | --jwt-typ applies only to JWTs",
      "--jwt-audience api               | --jwt-audience applies only to JWTs",
      "--jwt ES256 --jwt-audience a,,b  | --jwt-audience: JWT audience values must not be empty",
      "--jwt RS256 --jwt-typ=a\tb       | --jwt-typ: JWT type must be",
      "--appid-tenant a/b               | --appid-tenant: App ID tenant id must be",
      "9080                             | unexpected argument \"9080\"",
  })
  void badOptionsGetOneClearLineAndExitStatus2(String args, String message) {
    CommandLine.Launch launch = launch(args.trim().split(" +"));

    assertThat(launch.exitCode()).isEqualTo(2);
    assertThat(launch.server()).isNull();
    assertThat(err()).startsWith("DevAuthorizationServer: " + message).contains("Try --help");
    assertThat(out()).isEmpty();
  }

  @Test
  void badOptionMessageDoesNotEchoControlCharacters() {
    launch("--mode", "x\u001b[31my");
    launch("--path", "/x\u001b[31my");

    assertThat(err()).contains("x?[31my").doesNotContain("\u001b");
  }

  @Test
  void startedServerServesAndItsBannerShowsUrlAndCurlWithoutConfiguredSecrets() {
    CommandLine.Launch launch = launch("--port", "0", "--client", "app:app-secret-value:accessRestricted");
    try (DevAuthorizationServer server = launch.server()) {
      assertThat(launch.exitCode()).isZero();
      assertThat(out()).contains("listening at " + server.serverUrl(), "never use it in production",
          "client:         app (allowed scope: accessRestricted)", "curl -s -u ID:SECRET",
          server.tokenEndpoint());
      assertThat(out()).doesNotContain("app-secret-value");
      assertThat(err()).isEmpty();
      assertThat(Http.token(server, "app", "app-secret-value", "accessRestricted")).isNotEmpty();
    }
  }

  @Test
  void bannerOfTheDefaultClientShowsItsWellKnownCredentials() {
    try (DevAuthorizationServer server = launch("--port", "0").server()) {
      assertThat(out()).contains("curl -s -u test:test -d grant_type=client_credentials",
          server.tokenEndpoint());
    }
  }

  @Test
  void bindingBeyondLoopbackIsWarnedAbout() {
    try (DevAuthorizationServer server = launch("--port", "0", "--bind", "0.0.0.0").server()) {
      assertThat(server.serverUrl()).startsWith("http://127.0.0.1:");
      assertThat(err()).contains("WARNING: listening beyond loopback");
    }
  }

  @Test
  void portInUseExitsWithStatus1AndTheReason() {
    try (DevAuthorizationServer taken = DevAuthorizationServer.start()) {
      CommandLine.Launch launch = launch("--port", String.valueOf(taken.port()));

      assertThat(launch.exitCode()).isEqualTo(1);
      assertThat(launch.server()).isNull();
      assertThat(err()).startsWith("DevAuthorizationServer: Cannot listen on 127.0.0.1:" + taken.port());
    }
  }

  @Test
  void mainExitsWithStatus2OnABadOption() throws Exception {
    Process process = java("--bogus");
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(2);
      assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
          .contains("unknown option --bogus");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void mainKeepsServingUntilTheProcessIsStopped() throws Exception {
    Process process = java("--port", "0");
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String banner = lines.readLine();
      Matcher url = Pattern.compile("listening at (http://\\S+)").matcher(String.valueOf(banner));
      assertThat(url.find()).as("banner: %s", banner).isTrue();

      String tokenEndpoint = url.group(1) + "/az/v1/token";
      assertThat(Http.postForm(tokenEndpoint, Http.basic("test", "test"), "grant_type=client_credentials")
          .statusCode()).isEqualTo(200);
      assertThat(process.isAlive()).isTrue();

      process.destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }

  private static Process java(String... args) throws IOException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        DevAuthorizationServer.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    return process;
  }

  private CommandLine.Launch launch(String... args) {
    return CommandLine.launch(args, print(out), print(err));
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
