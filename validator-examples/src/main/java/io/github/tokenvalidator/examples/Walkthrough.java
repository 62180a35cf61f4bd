package io.github.tokenvalidator.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The MobileFirst flow, walked with real HTTP calls against sample apps, each step printed and checked:
 * <ol>
 *   <li>no token: 401 with a {@code Bearer} challenge;
 *   <li>a token for the default scope: 403 {@code insufficient_scope} naming the scope required;
 *   <li>a token for the scope read from that challenge: 200 with the token's data;
 *   <li>a made-up token: 401 {@code invalid_token}.
 * </ol>
 * The made-up token of step 4 is {@link #MADE_UP_TOKEN} unless a {@link Forgery} says otherwise (the JWT
 * walk forges a JWT).
 * Steps 2 and 3 need a token endpoint that grants tokens; without one (the apps pointed at an
 * authorization server of the user's) they are skipped. Not thread-safe: one walk at a time.
 */
final class Walkthrough {
  /** The resource every step calls. */
  static final String RESOURCE = "/api/balance";
  /** Well-formed, so it reaches introspection, and never issued by anyone. */
  static final String MADE_UP_TOKEN = "made-up-token-that-no-server-issued";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String INDENT = "                   ";
  private static final int MAX_PRINTED = 160;
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final HttpClient http;
  private final List<App> apps;
  private final TokenClient tokens;
  private final PrintStream out;
  private final Forgery forgery;
  /** The last 200 body printed in full; the same body again is not repeated. */
  private String bodyShown;

  /**
   * @param tokens where steps 2 and 3 get tokens, or null to skip them
   */
  Walkthrough(HttpClient http, List<App> apps, TokenClient tokens, PrintStream out) {
    this(http, apps, tokens, out, new Forgery(MADE_UP_TOKEN, "a made-up token",
        "the authorization server does not know the token"));
  }

  /**
   * @param tokens where steps 2 and 3 get tokens, or null to skip them
   * @param forgery the token step 4 sends, how its title names it and why it is refused
   */
  Walkthrough(HttpClient http, List<App> apps, TokenClient tokens, PrintStream out, Forgery forgery) {
    this.http = Objects.requireNonNull(http, "http");
    this.apps = List.copyOf(apps);
    this.tokens = tokens;
    this.out = Objects.requireNonNull(out, "out");
    this.forgery = Objects.requireNonNull(forgery, "forgery");
  }

  /** Step 4's token, the words naming it in the step's title, and the reason for the 401. */
  record Forgery(String token, String what, String why) {}

  /** An application to walk through: a name for the output, and its base URI. */
  record App(String name, URI baseUri) {}

  /** A client that gets tokens by the client-credentials grant; {@code username} may be null. */
  record TokenClient(URI tokenEndpoint, String clientId, String clientSecret, String username) {}

  /**
   * One app's answer to one call. {@code status} is -1 when no answer came; {@code problem} is null when
   * the answer was the one expected, else says what was wrong.
   */
  record Answer(App app, int status, String wwwAuthenticate, String body, String problem) {
    /** The parsed challenge, or null when there is none or it is malformed. */
    Challenge challenge() {
      try {
        return wwwAuthenticate == null ? null : Challenge.parse(wwwAuthenticate);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /** One step: its answers (one per app), or the problem that stopped it; skipped steps pass. */
  record Step(int number, String title, List<Answer> answers, String problem, boolean skipped) {
    boolean passed() {
      return problem == null && answers.stream().allMatch(answer -> answer.problem() == null);
    }
  }

  /** Every step, in order. */
  record Report(List<Step> steps) {
    boolean passed() {
      return steps.stream().allMatch(Step::passed);
    }

    Step step(int number) {
      return steps.get(number - 1);
    }
  }

  /** Walks the four steps, printing each, and says whether every answer was the expected one. */
  Report run() {
    List<Step> steps = new ArrayList<>();
    steps.add(withoutToken());
    if (tokens == null) {
      steps.add(skipped(2, "a token for the default scope"));
      steps.add(skipped(3, "a token for the scope the challenge names"));
    } else {
      Step defaultScope = withDefaultScopeToken();
      steps.add(defaultScope);
      steps.add(withScopeFromChallenge(defaultScope));
    }
    steps.add(withMadeUpToken());
    Report report = new Report(List.copyOf(steps));
    List<String> failed = report.steps().stream().filter(step -> !step.passed())
        .map(step -> String.valueOf(step.number())).toList();
    String who = apps.size() == 1 ? "the app" : apps.size() == 2 ? "both apps" : "all " + apps.size() + " apps";
    if (failed.isEmpty()) {
      long walked = report.steps().stream().filter(step -> !step.skipped()).count();
      out.println("All " + walked + " steps answered as expected by " + who + ".");
    } else {
      out.println("FAILED: unexpected answers in step" + (failed.size() == 1 ? " " : "s ")
          + String.join(", ", failed) + ".");
    }
    return report;
  }

  private Step withoutToken() {
    String title = "The mobile app calls " + RESOURCE + " without a token";
    heading(1, title);
    List<Answer> answers = new ArrayList<>();
    for (App app : apps) {
      answers.add(call(app, null, answer -> challengeProblem(answer, 401, null)));
    }
    return finish(new Step(1, title, answers, null, false), "401 with a Bearer challenge: the app needs a token.");
  }

  private Step withDefaultScopeToken() {
    String title = "It gets a token without asking for a scope, so for the default scope, and calls again";
    heading(2, title);
    Grant grant = requestToken(null);
    if (grant.problem() != null) {
      return finish(new Step(2, title, List.of(), "token request: " + grant.problem(), false), null);
    }
    List<Answer> answers = new ArrayList<>();
    for (App app : apps) {
      answers.add(call(app, grant.accessToken(), answer -> {
        String problem = challengeProblem(answer, 403, "insufficient_scope");
        if (problem == null && isBlank(answer.challenge().parameter("scope"))) {
          problem = "the insufficient_scope challenge names no scope";
        }
        return problem;
      }));
    }
    return finish(new Step(2, title, answers, null, false),
        "403 insufficient_scope: the challenge names the scope to ask for.");
  }

  private Step withScopeFromChallenge(Step defaultScope) {
    String title = "It reads the scope from the challenge, gets a token for it and calls again";
    heading(3, title);
    Map<String, Grant> grants = new LinkedHashMap<>();
    List<Answer> answers = new ArrayList<>();
    for (App app : apps) {
      String scope = defaultScope.answers().stream()
          .filter(answer -> answer.app().equals(app) && answer.challenge() != null)
          .map(answer -> answer.challenge().parameter("scope"))
          .filter(value -> !isBlank(value))
          .findFirst().orElse(null);
      if (scope == null) {
        Answer missing = new Answer(app, -1, null, null, "no scope to ask for: step 2 got no challenge naming one");
        label(app.name(), "(not called: " + missing.problem() + ")");
        answers.add(missing);
        continue;
      }
      Grant grant = grants.get(scope);
      if (grant == null) {
        out.println(INDENT + "The challenge names scope \"" + printable(scope) + "\".");
        grant = requestToken(scope);
        grants.put(scope, grant);
      }
      if (grant.problem() != null) {
        Answer refused = new Answer(app, -1, null, null, "token request for " + scope + ": " + grant.problem());
        label(app.name(), "(not called: no token)");
        answers.add(refused);
        continue;
      }
      answers.add(call(app, grant.accessToken(), this::tokenDataProblem));
    }
    return finish(new Step(3, title, answers, null, false), "200 with the token's data.");
  }

  private Step withMadeUpToken() {
    String title = "Someone calls " + RESOURCE + " with " + forgery.what();
    heading(4, title);
    List<Answer> answers = new ArrayList<>();
    for (App app : apps) {
      answers.add(call(app, forgery.token(), answer -> challengeProblem(answer, 401, "invalid_token")));
    }
    return finish(new Step(4, title, answers, null, false), "401 invalid_token: " + forgery.why() + ".");
  }

  private Step skipped(int number, String what) {
    String title = "Skipped: " + what + " needs a token endpoint that grants tokens";
    heading(number, title);
    out.println(INDENT + "The demo gets tokens from its dev authorization server, which is not running: the");
    out.println(INDENT + "apps use the TOKENVALIDATOR_* settings. Get a token from your server and use the");
    out.println(INDENT + "curl lines below.");
    out.println();
    return new Step(number, title, List.of(), null, true);
  }

  private void heading(int number, String title) {
    out.println("Step " + number + ". " + title);
  }

  private Step finish(Step step, String verdict) {
    if (step.passed()) {
      out.println("  ok: " + verdict);
    } else {
      if (step.problem() != null) {
        out.println("  FAILED: " + printable(step.problem()));
      }
      for (Answer answer : step.answers()) {
        if (answer.problem() != null) {
          out.println("  FAILED (" + answer.app().name() + "): " + printable(answer.problem()));
        }
      }
    }
    out.println();
    return step;
  }

  /** GET {@link #RESOURCE} on {@code app}, with {@code token} if not null; prints both sides. */
  private Answer call(App app, String token, Function<Answer, String> check) {
    URI uri = app.baseUri().resolve(RESOURCE);
    String shown = token == null ? "" : "   Authorization: Bearer "
        + (token.equals(MADE_UP_TOKEN) ? token : abbreviate(token));
    label(app.name(), "GET " + uri + shown);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      String problem = "no answer (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
      out.println(INDENT + printable(problem));
      return new Answer(app, -1, null, null, problem);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println(INDENT + "interrupted");
      return new Answer(app, -1, null, null, "interrupted");
    }
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse(null);
    Answer answer = new Answer(app, response.statusCode(), challenge, response.body(), null);
    out.println(INDENT + statusLine(answer.status()));
    if (challenge != null) {
      out.println(INDENT + "WWW-Authenticate: " + printable(challenge));
    }
    for (String header : List.of("Retry-After", "MFP-Conflict")) {
      response.headers().firstValue(header).ifPresent(value -> out.println(INDENT + header + ": " + printable(value)));
    }
    printBody(answer.body(), answer.status() == 200);
    String problem = check.apply(answer);
    return problem == null ? answer : new Answer(app, answer.status(), challenge, answer.body(), problem);
  }

  private void label(String name, String text) {
    String padded = "  " + name;
    out.println(padded + INDENT.substring(Math.min(padded.length(), INDENT.length() - 1)) + printable(text));
  }

  /** Pretty JSON for a 200 (once per distinct body), one short line otherwise. */
  private void printBody(String body, boolean pretty) {
    if (body == null || body.isEmpty()) {
      return;
    }
    if (pretty) {
      if (body.equals(bodyShown)) {
        out.println(INDENT + "(the same JSON as above)");
        return;
      }
      String formatted = prettyJson(body);
      if (formatted != null) {
        bodyShown = body;
        for (String line : formatted.split("\n")) {
          out.println(INDENT + printable(line));
        }
        return;
      }
    }
    out.println(INDENT + printable(body.strip()));
  }

  /** {@code problem} when the answer is not {@code status} with a Bearer challenge carrying {@code error}. */
  private static String challengeProblem(Answer answer, int status, String error) {
    if (answer.status() != status) {
      return "expected " + status + ", got " + answer.status();
    }
    if (answer.wwwAuthenticate() == null) {
      return "no WWW-Authenticate header";
    }
    Challenge challenge = answer.challenge();
    if (challenge == null) {
      return "malformed WWW-Authenticate header";
    }
    if (!challenge.isBearer()) {
      return "the challenge's scheme is " + challenge.scheme() + ", not Bearer";
    }
    String actual = challenge.parameter("error");
    if (!Objects.equals(actual, error)) {
      return error == null ? "unexpected error=\"" + actual + "\"" : "expected error=\"" + error + "\", got " + actual;
    }
    return null;
  }

  /** Whether a 200 carries the token's data: the client id of the client that asked for the token. */
  private String tokenDataProblem(Answer answer) {
    if (answer.status() != 200) {
      return "expected 200, got " + answer.status();
    }
    String clientId;
    try (JsonParser json = JSON.createParser(answer.body())) {
      clientId = tokenClientId(json);
    } catch (IOException e) {
      return "the body is not the expected JSON";
    }
    if (!tokens.clientId().equals(clientId)) {
      return "the body does not carry the token's client id " + tokens.clientId();
    }
    return null;
  }

  /** {@code token.clientId} of the JSON object {@code json} holds, or null. */
  private static String tokenClientId(JsonParser json) throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String found = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      if (field.equals("token") && value == JsonToken.START_OBJECT) {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
          String inner = json.currentName();
          JsonToken innerValue = json.nextToken();
          if (inner.equals("clientId") && innerValue == JsonToken.VALUE_STRING) {
            found = json.getText();
          } else {
            json.skipChildren();
          }
        }
      } else {
        json.skipChildren();
      }
    }
    return found;
  }

  /** A token by the client-credentials grant, printed; {@code scope} null for the default scope. */
  private Grant requestToken(String scope) {
    StringBuilder form = new StringBuilder("grant_type=client_credentials");
    if (scope != null) {
      form.append("&scope=").append(formEncode(scope));
    }
    if (tokens.username() != null) {
      form.append("&username=").append(formEncode(tokens.username()));
    }
    label("token request", "POST " + tokens.tokenEndpoint() + "   (client " + tokens.clientId() + ")");
    out.println(INDENT + form + (scope == null ? "   (no scope: the server grants its default)" : ""));
    String credentials = formEncode(tokens.clientId()) + ':' + formEncode(tokens.clientSecret());
    HttpRequest request = HttpRequest.newBuilder(tokens.tokenEndpoint())
        .timeout(TIMEOUT)
        .header("Authorization", "Basic "
            + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      String problem = "no answer (" + e.getClass().getSimpleName() + ")";
      out.println(INDENT + problem);
      return Grant.failed(problem);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Grant.failed("interrupted");
    }
    if (response.statusCode() != 200) {
      out.println(INDENT + statusLine(response.statusCode()));
      printBody(response.body(), false);
      return Grant.failed("the token endpoint answered " + response.statusCode());
    }
    Grant grant = Grant.parse(response.body());
    if (grant.problem() != null) {
      out.println(INDENT + statusLine(200) + ", " + grant.problem());
      return grant;
    }
    out.println(INDENT + statusLine(200) + ": token " + abbreviate(grant.accessToken()) + ", scope \""
        + printable(grant.scope()) + "\", expires in " + grant.expiresIn() + " s");
    return grant;
  }

  /** A token endpoint's answer: the token and what it says about it, or the problem with the answer. */
  record Grant(String accessToken, String scope, long expiresIn, String problem) {
    static Grant failed(String problem) {
      return new Grant(null, null, 0, problem);
    }

    static Grant parse(String body) {
      String accessToken = null;
      String scope = "";
      long expiresIn = 0;
      try (JsonParser json = JSON.createParser(body)) {
        if (json.nextToken() != JsonToken.START_OBJECT) {
          return failed("the answer is not a JSON object");
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
          String field = json.currentName();
          JsonToken value = json.nextToken();
          if (field.equals("access_token") && value == JsonToken.VALUE_STRING) {
            accessToken = json.getText();
          } else if (field.equals("scope") && value == JsonToken.VALUE_STRING) {
            scope = json.getText();
          } else if (field.equals("expires_in") && value == JsonToken.VALUE_NUMBER_INT) {
            expiresIn = json.getLongValue();
          } else {
            json.skipChildren();
          }
        }
      } catch (IOException e) {
        return failed("the answer is not JSON");
      }
      if (isBlank(accessToken)) {
        return failed("the answer has no access_token");
      }
      return new Grant(accessToken, scope, expiresIn, null);
    }
  }

  /** {@code body} indented, or null if it is not JSON. */
  private static String prettyJson(String body) {
    StringWriter pretty = new StringWriter();
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withSeparators(
        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    try (JsonParser parser = JSON.createParser(body);
         JsonGenerator generator = JSON.createGenerator(pretty).setPrettyPrinter(printer)) {
      if (parser.nextToken() == null) {
        return null;
      }
      generator.copyCurrentStructure(parser);
      if (parser.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    return pretty.toString();
  }

  private static String statusLine(int status) {
    String reason = switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "";
    };
    return (status + " " + reason).strip();
  }

  /** Enough of a token to tell tokens apart in the output. */
  static String abbreviate(String token) {
    return token.length() <= 12 ? token : token.substring(0, 8) + "...";
  }

  /** {@code text} safe for a terminal: no control characters, at most {@value #MAX_PRINTED} characters. */
  static String printable(String text) {
    return printable(text, MAX_PRINTED);
  }

  /** {@code text} safe for a terminal: no control characters, at most {@code max} characters. */
  static String printable(String text, int max) {
    StringBuilder safe = new StringBuilder(Math.min(text.length(), max + 3));
    for (int i = 0; i < text.length() && i < max; i++) {
      char c = text.charAt(i);
      safe.append(c < 0x20 || c >= 0x7f && c < 0xa0 ? '?' : c);
    }
    if (text.length() > max) {
      safe.append("...");
    }
    return safe.toString();
  }

  private static String formEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
