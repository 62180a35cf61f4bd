package io.github.tokenvalidator.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo's command line: modes, exit statuses, and the curl lines it prints. */
class DemoTest {
  private static final Pattern LOOPBACK_URL = Pattern.compile("http://127\\.0\\.0\\.1:\\d+");

  final ByteArrayOutputStream output = new ByteArrayOutputStream();
  final ByteArrayOutputStream errors = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(output, true, UTF_8);
  final PrintStream err = new PrintStream(errors, true, UTF_8);

  @Test
  void exitArgumentWalksThroughThenStopsEverythingWithStatus0() {
    Demo.Launch launch = Demo.launch(new String[] {Demo.EXIT_ARGUMENT}, Map.of(), false, out, err);

    assertThat(launch.exitCode()).as(output()).isZero();
    assertThat(launch.demo()).isNull();
    assertThat(output()).startsWith("Token Validator demo")
        .contains("Dev authorization server  http://127.0.0.1:", "Servlet app", "JAX-RS app", "Spring Boot app")
        .contains("All 4 steps answered as expected by all 3 apps.")
        .contains("JWT walk: local validation, no introspection", "token-format=jwt, issuer=http://127.0.0.1:",
            "/oauth/v4/" + JwtWalk.TENANT, "All 4 steps answered as expected by the app.",
            "No introspection call was made",
            "\"username\": null,", "\"subject\": \"alice\",", "a JWT names its user in sub")
        .doesNotContain("FAILED", "Try it yourself");
    assertThat(errors()).isEmpty();
    for (String url : urls(output())) {
      assertThat(answers(URI.create(url + "/"))).as("%s still answers", url).isFalse();
    }
  }

  @Test
  void exitPropertyStopsAfterTheWalkthroughLikeTheArgument() {
    Demo.Launch launch = Demo.launch(new String[0], Map.of(), true, out, err);

    assertThat(launch.exitCode()).isZero();
    assertThat(launch.demo()).isNull();
  }

  @Test
  void withoutTheExitFlagTheDemoKeepsServingAndItsCurlLinesWork() {
    Demo.Launch launch = Demo.launch(new String[0], Map.of(), false, out, err);
    try (Demo demo = launch.demo()) {
      assertThat(demo).isNotNull();
      assertThat(launch.exitCode()).isZero();
      List<String> lines = output().lines().map(String::strip).toList();
      assertThat(lines).contains("Try it yourself; the servers keep running until Ctrl-C.");

      String token = tokenFrom(lines.stream().filter(line -> line.startsWith("curl -s -u ")).findFirst().orElseThrow());
      String jwt = tokenFrom(lines.stream().filter(line -> line.startsWith("JWT=$(curl -s -u ")).findFirst()
          .orElseThrow().replaceFirst("^JWT=\\$\\(", "").replaceFirst(" \\|.*", ""));
      assertThat(jwt).startsWith("eyJ").contains(".");
      List<String> calls = lines.stream().filter(line -> line.startsWith("curl -i ")).toList();
      assertThat(calls).hasSize(10);
      for (String call : calls) {
        URI uri = URI.create(call.substring(call.lastIndexOf(' ') + 1));
        HttpResponse<String> response = call.contains("$TOKEN") ? Http.getWithToken(uri, token)
            : call.contains("$JWT") ? Http.getWithToken(uri, jwt) : Http.get(uri);

        assertThat(response.statusCode()).as(call).isEqualTo(200);
      }
    }
  }

  @Test
  void helpPrintsUsageAndExits0() {
    Demo.Launch launch = Demo.launch(new String[] {"--help"}, Map.of(), false, out, err);

    assertThat(launch.exitCode()).isZero();
    assertThat(output()).startsWith("Usage: Demo [--exit-after-walkthrough]");
  }

  @Test
  void unknownArgumentExitsWithStatus2AndOneLine() {
    Demo.Launch launch = Demo.launch(new String[] {"--exit-after-walktrough"}, Map.of(), false, out, err);

    assertThat(launch.exitCode()).isEqualTo(2);
    assertThat(launch.demo()).isNull();
    assertThat(errors()).isEqualTo("Unknown argument --exit-after-walktrough; the only one is "
        + "--exit-after-walkthrough (--help for help)" + System.lineSeparator());
    assertThat(output()).isEmpty();
  }

  @Test
  void malformedSettingExitsWithStatus2NamingTheVariableButNotTheSecret() {
    Map<String, String> environment = Map.of(
        "TOKENVALIDATOR_SERVER_URL", "http://127.0.0.1:9080/mfp/api",
        "TOKENVALIDATOR_CLIENT_ID", "backend",
        "TOKENVALIDATOR_CLIENT_SECRET", "s3cret-value",
        "TOKENVALIDATOR_CACHE_MAX_SIZE", "lots");

    Demo.Launch launch = Demo.launch(new String[] {Demo.EXIT_ARGUMENT}, environment, false, out, err);

    assertThat(launch.exitCode()).isEqualTo(2);
    assertThat(errors()).startsWith("The sample apps' validator settings are wrong: ")
        .contains("TOKENVALIDATOR_CACHE_MAX_SIZE").doesNotContain("s3cret-value", "\tat ")
        .hasLineCount(1);
    assertThat(output()).isEmpty();
  }

  @Test
  void incompleteSettingsExitWithStatus2() {
    Demo.Launch launch = Demo.launch(new String[] {Demo.EXIT_ARGUMENT},
        Map.of("TOKENVALIDATOR_SERVER_URL", "http://127.0.0.1:9080/mfp/api"), false, out, err);

    assertThat(launch.exitCode()).isEqualTo(2);
    assertThat(errors()).containsIgnoringCase("client");
  }

  @Test
  void unrelatedEnvironmentVariablesKeepTheDevServer() {
    try (Demo demo = Demo.start(Map.of("PATH", "/usr/bin", "TOKEN_VALIDATOR", "not ours"))) {
      assertThat(demo.authorizationServer()).isNotNull();
    }
  }

  /** Runs the printed token request as curl would: {@code -u id:secret} and each {@code -d name=value}. */
  private static String tokenFrom(String curl) {
    String[] words = curl.split(" ");
    String credentials = null;
    List<String> form = new ArrayList<>();
    for (int i = 0; i < words.length - 1; i++) {
      if (words[i].equals("-u")) {
        credentials = words[i + 1];
      } else if (words[i].equals("-d")) {
        form.add(words[i + 1]);
      }
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(words[words.length - 1]))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(String.join("&", form)))
        .build();
    HttpResponse<String> response = Http.send(request);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, Object> json = Http.json(response.body());
    assertThat(json).containsEntry("scope", URLDecoder.decode("accessRestricted", UTF_8));
    return (String) json.get("access_token");
  }

  private static List<String> urls(String text) {
    List<String> urls = new ArrayList<>();
    Matcher matcher = LOOPBACK_URL.matcher(text);
    while (matcher.find()) {
      urls.add(matcher.group());
    }
    assertThat(urls).isNotEmpty();
    return urls;
  }

  private static boolean answers(URI uri) {
    try {
      Http.get(uri);
      return true;
    } catch (UncheckedIOException e) {
      assertThat(e.getCause()).isInstanceOf(IOException.class);
      return false;
    }
  }

  private String output() {
    return output.toString(UTF_8);
  }

  private String errors() {
    return errors.toString(UTF_8);
  }
}
