package io.github.tokenvalidator.examples;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's JWT walk: a dev server issuing IBM App ID-shaped JWTs (RS256, {@code typ JOSE}, App ID paths),
 * the servlet sample app behind a validator in {@code jwt} mode whose issuer is the dev server's App ID
 * issuer, and the same four steps as the MobileFirst walk, the made-up token being a forged JWT. It then
 * shows that the validator made no introspection call. Thread-safe; {@link #close()} stops what it started.
 */
final class JwtWalk implements AutoCloseable {
  static final String TENANT = "demo-tenant";

  private final DevAuthorizationServer appId;
  private final TokenValidator validator;
  private final ServletSampleApp app;
  private final AtomicInteger introspections = new AtomicInteger();
  private final AtomicInteger keyFetches = new AtomicInteger();

  private JwtWalk() {
    appId = DevAuthorizationServer.builder()
        .appIdTenant(TENANT)
        .client(Demo.MOBILE_APP_ID, Demo.MOBILE_APP_SECRET, Demo.MOBILE_APP_SCOPE)
        .start();
    TokenValidator jwt = null;
    try {
      jwt = TokenValidator.builder()
          .environment(settings(appId))
          .listener(new ValidationListener() {
            @Override
            public void introspectionStarted() {
              introspections.incrementAndGet();
            }

            @Override
            public void keyFetch(boolean success, Duration latency) {
              keyFetches.incrementAndGet();
            }
          })
          .build();
      app = ServletSampleApp.start(jwt, 0);
    } catch (RuntimeException e) {
      if (jwt != null) {
        jwt.close();
      }
      appId.close();
      throw e;
    }
    validator = jwt;
  }

  static JwtWalk start() {
    return new JwtWalk();
  }

  /** The validator's settings, as environment variables would carry them: jwt mode, App ID issuer, audience. */
  static Map<String, String> settings(DevAuthorizationServer appId) {
    return Map.of(
        "TOKENVALIDATOR_TOKEN_FORMAT", "jwt",
        "TOKENVALIDATOR_ISSUER", appId.appIdIssuer(),
        "TOKENVALIDATOR_AUDIENCE", Demo.MOBILE_APP_ID);
  }

  URI appUri() {
    return app.baseUri();
  }

  void printBanner(PrintStream out) {
    out.println();
    out.println("JWT walk: local validation, no introspection");
    out.println();
    out.println("  Dev App ID server         " + appId.appIdIssuer()
        + "   (IBM App ID paths; JWTs: RS256, typ JOSE)");
    out.println("  Servlet app (JWT)         " + app.baseUri() + "   BearerTokenFilter, validator in jwt mode:");
    out.println("    token-format=jwt, issuer=" + appId.appIdIssuer() + ", audience=" + Demo.MOBILE_APP_ID);
    out.println();
  }

  /** The walk's steps and what the validator did meanwhile. */
  record Outcome(Walkthrough.Report report, int introspections, int keyFetches) {
    boolean passed() {
      return report.passed() && introspections == 0;
    }
  }

  /** Walks the four steps against the JWT app, then checks that no introspection call was made. */
  Outcome run(HttpClient http, PrintStream out) {
    int introspectionsBefore = introspections.get();
    int keyFetchesBefore = keyFetches.get();
    Walkthrough.TokenClient tokens = new Walkthrough.TokenClient(URI.create(appId.appIdIssuer() + "/token"),
        Demo.MOBILE_APP_ID, Demo.MOBILE_APP_SECRET, Demo.USERNAME);
    Walkthrough.Forgery forgery = new Walkthrough.Forgery(forged(), "a forged JWT (a real header and "
        + "signature, claims for user mallory)", "the signature does not verify");
    Walkthrough.Report report = new Walkthrough(http, List.of(new Walkthrough.App("JWT app", app.baseUri())),
        tokens, out, forgery).run();
    int calls = introspections.get() - introspectionsBefore;
    int fetches = keyFetches.get() - keyFetchesBefore;
    out.println(calls == 0 ? "No introspection call was made: the JWT app's validator verified every token itself"
        + " with the keys from /publickeys, found by discovery (" + fetches + " key set fetch" + (fetches == 1 ? "" : "es") + ")."
        : "FAILED: the JWT app's validator made " + calls + " introspection call(s).");
    out.println("The answer's \"username\" is null: a JWT names its user in sub (RFC 9068 has no username"
        + " claim), so the principal's name, the accountHolder, is the token's \"subject\".");
    out.println();
    return new Outcome(report, calls, fetches);
  }

  /** {@code curl} lines for the JWT app, a token from the App ID token endpoint kept in {@code JWT}. */
  void printCurlLines(PrintStream out) {
    out.println("  # the JWT app, with a JWT from the App ID token endpoint (decode its middle part to see the claims):");
    out.println("  JWT=$(curl -s -u " + Demo.MOBILE_APP_ID + ':' + Demo.MOBILE_APP_SECRET
        + " -d grant_type=client_credentials -d scope=accessRestricted -d username=" + Demo.USERNAME + ' '
        + appId.appIdIssuer() + "/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
    out.println("  curl -i -H \"Authorization: Bearer $JWT\" " + app.baseUri().resolve(Walkthrough.RESOURCE));
  }

  /** A real JWT's header and signature around claims the issuer never signed. */
  private String forged() {
    String real = appId.issueToken(Demo.MOBILE_APP_ID, "accessRestricted");
    String[] parts = real.split("\\.");
    long exp = System.currentTimeMillis() / 1000 + 3600;
    String claims = "{\"iss\":\"" + appId.appIdIssuer() + "\",\"sub\":\"mallory\",\"aud\":\"" + Demo.MOBILE_APP_ID
        + "\",\"exp\":" + exp + ",\"client_id\":\"" + Demo.MOBILE_APP_ID + "\",\"scope\":\"accessRestricted\"}";
    return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
  }

  @Override
  public void close() {
    try {
      app.close();
    } finally {
      try {
        validator.close();
      } finally {
        appId.close();
      }
    }
  }
}
