package io.github.tokenvalidator.devserver;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev server's command line: parses the options into a builder, starts the server and prints where it
 * listens. Every mistake in the options gets one clear line and exit status 2. Stateless; thread-safe.
 */
final class CommandLine {
  static final int DEFAULT_PORT = 9080;
  static final int EXIT_USAGE = 2;
  static final int EXIT_CANNOT_START = 1;

  static final String USAGE = String.join(System.lineSeparator(),
      "Usage: DevAuthorizationServer [options]",
      "A MobileFirst-compatible authorization server for development and tests. Never use it in production.",
      "",
      "  --port N                  port to listen on; 0 picks a free one (default " + DEFAULT_PORT + ")",
      "  --bind ADDRESS            address to listen on (default 127.0.0.1)",
      "  --path PATH               runtime API path (default " + DevAuthorizationServer.DEFAULT_RUNTIME_PATH + ")",
      "  --client ID:SECRET:SCOPE  a confidential client and the scope it may ask for: space-separated",
      "                            elements, '*' matching any characters; repeatable",
      "                            (default test:test:*)",
      "  --token-lifetime T        how long tokens live: 3600s, 60m, 1h, 3600 or PT1H (default 3600s)",
      "  --mode M                  how introspection callers authenticate: mobilefirst (a bearer token",
      "                            covering authorization.introspect) or rfc7662 (client Basic auth)",
      "                            (default mobilefirst)",
      "  --max-tokens N            most live tokens held at once (default 100000)",
      "  --jwt ALG                 issue JWT access tokens signed with RS256, ES256 or EdDSA, and publish",
      "                            the keys and a discovery document (default: opaque tokens)",
      "  --jwt-typ TYP             the JWT header typ, e.g. at+jwt, JOSE or JWT; --jwt-typ= for none",
      "                            (default at+jwt; JOSE on App ID paths)",
      "  --jwt-audience AUD        the JWT aud, comma-separated for several (default: the client id)",
      "  --appid-tenant ID         also serve IBM App ID's /oauth/v4/ID/... paths; turns JWTs on",
      "                            (RS256 unless --jwt says otherwise)",
      "  --dpop-nonces BOOL        demand a server nonce in DPoP proofs at the token endpoint (default",
      "                            false); a DPoP proof always gets a DPoP-bound token",
      "  --certificate-thumbprint X  bind every token to the client certificate of this SHA-256",
      "                            thumbprint (cnf.x5t#S256, base64url; default: none)",
      "  -h, --help                print this help and exit",
      "",
      "Dev-only extensions: a token request may carry username=NAME to get a user's token; with JWTs,",
      "POST {path}/az/v1/jwks/rotate (any client's Basic credentials) rotates the signing key.",
      "");

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})([smh]?)");

  private CommandLine() {}

  /** What {@link #launch} did: the running server, or none and the process's exit status. */
  record Launch(int exitCode, DevAuthorizationServer server) {}

  /** A mistake in the options; the message is meant for the user as it is. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code args}, then prints the help, or a usage error, or starts the server and prints its
   * banner on {@code out}.
   */
  static Launch launch(String[] args, PrintStream out, PrintStream err) {
    DevAuthorizationServer.Builder builder;
    try {
      builder = parse(args);
    } catch (UsageException e) {
      err.println("DevAuthorizationServer: " + e.getMessage());
      err.println("Try --help for the options.");
      return new Launch(EXIT_USAGE, null);
    }
    if (builder == null) {
      out.print(USAGE);
      return new Launch(0, null);
    }
    DevAuthorizationServer server;
    try {
      server = builder.start();
    } catch (UncheckedIOException e) {
      err.println("DevAuthorizationServer: " + e.getMessage());
      return new Launch(EXIT_CANNOT_START, null);
    }
    printBanner(server, out, err);
    return new Launch(0, server);
  }

  /**
   * A builder configured by {@code args}, or null when they ask for help.
   *
   * @throws UsageException naming the option, on any mistake
   */
  static DevAuthorizationServer.Builder parse(String[] args) throws UsageException {
    DevAuthorizationServer.Builder builder = DevAuthorizationServer.builder().port(DEFAULT_PORT);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        return null;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument \"" + printable(arg) + "\"");
      }
      String option = arg;
      String value;
      int equals = arg.indexOf('=');
      if (equals >= 0) {
        option = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length && !isKnown(args[i + 1])) {
        value = args[++i];
      } else {
        value = null;
      }
      if (!isKnown(option)) {
        throw new UsageException("unknown option " + printable(option));
      }
      if (value == null) {
        throw new UsageException(option + " needs a value");
      }
      if (!option.equals("--client") && !seen.add(option)) {
        throw new UsageException(option + " is given more than once");
      }
      try {
        apply(builder, option, value);
      } catch (IllegalArgumentException e) {
        // Builder messages may quote the value; keep terminal control characters out of them.
        throw new UsageException(option + ": " + e.getMessage().replaceAll("\\p{Cntrl}", "?"));
      }
    }
    if (!seen.contains("--jwt") && !seen.contains("--appid-tenant")) {
      for (String jwtOption : new String[] {"--jwt-typ", "--jwt-audience"}) {
        if (seen.contains(jwtOption)) {
          throw new UsageException(jwtOption + " applies only to JWTs; add --jwt ALG or --appid-tenant ID");
        }
      }
    }
    return builder;
  }

  private static boolean isKnown(String option) {
    switch (option) {
      case "--port":
      case "--bind":
      case "--path":
      case "--client":
      case "--token-lifetime":
      case "--mode":
      case "--max-tokens":
      case "--jwt":
      case "--jwt-typ":
      case "--jwt-audience":
      case "--appid-tenant":
      case "--dpop-nonces":
      case "--certificate-thumbprint":
      case "-h":
      case "--help":
        return true;
      default:
        return false;
    }
  }

  private static void apply(DevAuthorizationServer.Builder builder, String option, String value)
      throws UsageException {
    switch (option) {
      case "--port":
        builder.port(integer(option, value));
        break;
      case "--bind":
        builder.bindAddress(address(value));
        break;
      case "--path":
        builder.runtimePath(value);
        break;
      case "--client":
        client(builder, value);
        break;
      case "--token-lifetime":
        builder.tokenLifetime(duration(value));
        break;
      case "--mode":
        builder.mode(mode(value));
        break;
      case "--max-tokens":
        builder.maxTokens(integer(option, value));
        break;
      case "--jwt":
        builder.jwt(algorithm(value));
        break;
      case "--jwt-typ":
        builder.jwtType(value);
        break;
      case "--jwt-audience":
        builder.jwtAudience(value.split(",", -1));
        break;
      case "--appid-tenant":
        builder.appIdTenant(value);
        break;
      case "--dpop-nonces":
        if (!value.equals("true") && !value.equals("false")) {
          throw new UsageException(option + " needs true or false, not \"" + printable(value) + "\"");
        }
        builder.dpopNonces(Boolean.parseBoolean(value));
        break;
      case "--certificate-thumbprint":
        builder.certificateThumbprint(value);
        break;
      default:
        throw new IllegalStateException("Known option without a rule: " + option);
    }
  }

  private static int integer(String option, String value) throws UsageException {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs a whole number, not \"" + printable(value) + "\"");
    }
  }

  /** A literal IP address only: a host name would need a lookup, and would hide what is being bound. */
  private static InetAddress address(String value) {
    boolean literal = value.matches("[0-9.]+") || value.contains(":");
    if (!literal) {
      throw new IllegalArgumentException("needs an IP address such as 127.0.0.1 or ::1, not \""
          + printable(value) + "\"");
    }
    try {
      return InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + printable(value) + "\" is not an IP address", e);
    }
  }

  /** {@code ID:SECRET:SCOPE}: split at the first two colons, since scope elements may contain colons. */
  private static void client(DevAuthorizationServer.Builder builder, String value) {
    int first = value.indexOf(':');
    int second = first < 0 ? -1 : value.indexOf(':', first + 1);
    if (second < 0) {
      throw new IllegalArgumentException("needs ID:SECRET:ALLOWED-SCOPE, e.g. test:test:*");
    }
    builder.client(value.substring(0, first), value.substring(first + 1, second), value.substring(second + 1));
  }

  static Duration duration(String value) {
    Matcher simple = SIMPLE_DURATION.matcher(value);
    if (simple.matches()) {
      long amount = Long.parseLong(simple.group(1));
      switch (simple.group(2)) {
        case "m":
          return Duration.ofMinutes(amount);
        case "h":
          return Duration.ofHours(amount);
        default:
          return Duration.ofSeconds(amount);
      }
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("needs a duration such as 3600s, 60m, 1h, 3600 or PT1H, not \""
          + printable(value) + "\"", e);
    }
  }

  private static DevAuthorizationServer.Mode mode(String value) {
    for (DevAuthorizationServer.Mode mode : DevAuthorizationServer.Mode.values()) {
      if (mode.settingValue().equals(value.toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException("needs mobilefirst or rfc7662, not \"" + printable(value) + "\"");
  }

  private static DevAuthorizationServer.JwtAlgorithm algorithm(String value) {
    for (DevAuthorizationServer.JwtAlgorithm algorithm : DevAuthorizationServer.JwtAlgorithm.values()) {
      if (algorithm.joseName().equalsIgnoreCase(value)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException("needs RS256, ES256 or EdDSA, not \"" + printable(value) + "\"");
  }

  private static void printBanner(DevAuthorizationServer server, PrintStream out, PrintStream err) {
    String url = server.serverUrl();
    out.println("Dev authorization server listening at " + url + " (never use it in production)");
    out.println("  mode:           " + server.mode().settingValue());
    out.println("  token:          POST " + server.tokenEndpoint());
    out.println("  introspection:  POST " + server.introspectionEndpoint());
    out.println("  token lifetime: " + server.tokenLifetime().getSeconds() + " s");
    if (server.issuesJwts()) {
      out.println("  tokens:         JWT " + server.jwtAlgorithm().joseName() + ", kid " + server.currentKid()
          + ", typ " + typ(server.jwtType()));
      out.println("  issuer:         " + server.issuer());
      // the value a validator's audience setting must name, else it refuses every token
      List<String> audience = server.jwtAudience();
      out.println("  audience:       " + (audience.isEmpty()
          ? "each token's client id, e.g. " + server.clients().keySet().iterator().next()
              + " (one for all: --jwt-audience)"
          : String.join(", ", audience)));
      out.println("  keys:           GET " + server.jwksUri());
      out.println("  discovery:      GET " + server.issuer() + "/.well-known/openid-configuration");
      out.println("  rotate key:     POST " + server.jwksUri() + "/rotate");
    } else {
      out.println("  tokens:         opaque");
    }
    if (server.servesAppId()) {
      out.println("  App ID issuer:  " + server.appIdIssuer() + " (typ " + typ(server.appIdJwtType()) + ")");
      out.println("  App ID token:   POST " + server.appIdIssuer() + "/token");
      out.println("  App ID keys:    GET " + server.appIdIssuer() + "/publickeys");
    }
    server.clients().values().forEach(client ->
        out.println("  client:         " + client.id() + " (allowed scope: " + client.allowedScope() + ")"));
    // Only the publicly documented default secret is ever printed.
    String credentials = server.usesDefaultClient() ? "test:test" : "ID:SECRET";
    out.println("Get a token:");
    out.println("  curl -s -u " + credentials + " -d grant_type=client_credentials -d scope=accessRestricted "
        + server.tokenEndpoint());
    out.println("Press Ctrl-C to stop.");
    if (!server.isLoopbackOnly()) {
      err.println("WARNING: listening beyond loopback; anyone who can reach this address can get tokens.");
    }
    out.flush();
  }

  private static String typ(String type) {
    return type == null ? "(none)" : type;
  }

  /** At most 60 characters of printable ASCII, so a message never carries control characters. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 60; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return text.length() > 60 ? out + "..." : out.toString();
  }
}
