package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An ordered list of rules saying which scope each request needs, by HTTP method and servlet URL pattern.
 *
 * <p>For every request {@link BearerTokenFilter} takes the first rule whose methods and pattern match, and
 * either lets the request through without looking at it ({@code permit}) or requires a valid token whose
 * scope covers the rule's scope. A request no rule matches needs a valid token with any scope, unless
 * {@link Builder#permitUnmatched()} was set.
 *
 * <p>URL patterns have the servlet mapping syntax and are matched against the container's decoded,
 * normalised path within the application ({@code getServletPath() + getPathInfo()}), case-sensitively:
 * <ul>
 *   <li>{@code /api/balance} — exactly that path;
 *   <li>{@code /admin/*} — {@code /admin} and everything below it;
 *   <li>{@code *.pdf} — any path whose last segment ends in {@code .pdf};
 *   <li>{@code /*} and {@code /} — every path.
 * </ul>
 * Methods are compared ignoring case, and a rule naming {@code GET} also covers {@code HEAD}, because
 * {@code HttpServlet} answers {@code HEAD} by running {@code doGet}.
 *
 * <p>The text form, used by the {@code rules} init-parameter, has one rule per line or per {@code ;}:
 * <pre>
 * GET,POST /api/balance accessRestricted
 * /health permit
 * /admin/* admin audit
 * /reports/* authenticated
 * </pre>
 * Each rule is optional methods (separated by commas or spaces), one URL pattern, then the required scope
 * as space-separated elements (all of them required), or the word {@code permit} (no token needed), or the
 * word {@code authenticated} (a valid token with any scope). Those two words are therefore not usable as
 * a one-element scope in the text form; the builder accepts any scope. A rule that requires a token may end
 * with {@code issuers=} and the names of the issuers it accepts, comma-separated ({@code default} for the
 * issuer of the settings without a group, else issuer groups' names: see {@link TokenValidator#route(String...)}),
 * as in {@code /partners/* orders.read issuers=partners,legacy}; without it, the validator's default route.
 *
 * <pre>{@code
 * SecurityRules rules = SecurityRules.builder()
 *     .require("/api/balance", Scope.of("accessRestricted"), "GET", "POST")
 *     .permit("/health")
 *     .rules("/admin/* admin")
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SecurityRules {
  private static final String PERMIT = "permit";
  private static final String AUTHENTICATED = "authenticated";
  private static final String ISSUERS = "issuers=";

  private final List<Rule> rules;
  private final boolean permitUnmatched;

  private SecurityRules(Builder builder) {
    this.rules = List.copyOf(builder.rules);
    this.permitUnmatched = builder.permitUnmatched;
  }

  /**
   * Rules parsed from their text form; unmatched requests need a valid token.
   *
   * @param text one rule a line; see the class documentation
   * @return the rules
   * @throws IllegalArgumentException quoting the rule, if a rule is malformed
   */
  public static SecurityRules parse(String text) {
    return builder().rules(text).build();
  }

  /**
   * No rules: every request needs a valid token with any scope.
   *
   * @return rules that require a valid token everywhere
   */
  public static SecurityRules authenticatedOnly() {
    return builder().build();
  }

  /**
   * A builder with no rules, where unmatched requests need a valid token.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The scope a request needs, or null when it is permitted without a token. Public for adapters that
   * apply the rules outside {@link BearerTokenFilter}, such as the Spring Security integration.
   *
   * @param method the request's HTTP method
   * @param path the decoded, normalised path within the application, starting with {@code /}
   *     ({@code getServletPath() + getPathInfo()})
   * @return the scope the first matching rule requires, or null when that rule permits the request
   */
  public Scope requiredScope(String method, String path) {
    String upperMethod = method.toUpperCase(Locale.ROOT);
    for (Rule rule : rules) {
      if (rule.matches(upperMethod, path)) {
        return rule.scope;
      }
    }
    return permitUnmatched ? null : Scope.empty();
  }

  /**
   * The issuers a request's token may come from, by the rule {@link #requiredScope} applies: the names its
   * {@code issuers=} gives, for {@link TokenValidator#route(List)}, or an empty list for the validator's
   * default route (no {@code issuers=}, or no rule).
   *
   * @param method the request's HTTP method
   * @param path the decoded, normalised path within the application, as for {@link #requiredScope}
   * @return the issuers' names, unmodifiable; empty for the default route
   */
  public List<String> requiredIssuers(String method, String path) {
    String upperMethod = method.toUpperCase(Locale.ROOT);
    for (Rule rule : rules) {
      if (rule.matches(upperMethod, path)) {
        return rule.issuers;
      }
    }
    return List.of();
  }

  /**
   * Checks every rule's {@code issuers=} against {@code validator}, so that a name no issuer has, or two
   * introspecting issuers on one rule, fail the start rather than a request.
   *
   * @param validator the validator the rules are applied with
   * @throws io.github.tokenvalidator.InvalidConfigurationException naming the rule, if its issuers do not make
   *     a route
   */
  public void checkIssuers(TokenValidator validator) {
    for (Rule rule : rules) {
      if (!rule.issuers.isEmpty()) {
        try {
          validator.route(rule.issuers);
        } catch (io.github.tokenvalidator.InvalidConfigurationException e) {
          throw new io.github.tokenvalidator.InvalidConfigurationException(null, "security rule \"" + rule + "\": "
              + e.getMessage());
        }
      }
    }
  }

  /** The rules in their text form, one per {@code ;}, as {@link #parse(String)} reads them. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Rule rule : rules) {
      if (out.length() > 0) {
        out.append("; ");
      }
      out.append(rule);
    }
    if (permitUnmatched) {
      // equivalent to the flag: a last rule that matches everything
      out.append(out.length() > 0 ? "; " : "").append("/* permit");
    }
    return out.toString();
  }

  /** Collects rules in the order they are added; the first match wins. Not thread-safe. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private boolean permitUnmatched;

    Builder() {}

    /**
     * Adds a rule requiring a valid token whose scope covers {@code scope}; {@link Scope#empty()} accepts any
     * valid token.
     *
     * @param urlPattern a servlet URL pattern, as in the class documentation
     * @param scope the scope a matching request's token must cover
     * @param methods the HTTP methods the rule applies to; none for every method
     * @return this builder
     * @throws IllegalArgumentException if the pattern or a method is malformed
     */
    public Builder require(String urlPattern, Scope scope, String... methods) {
      Objects.requireNonNull(scope, "scope");
      rules.add(Rule.of(methods(methods), urlPattern, scope, List.of()));
      return this;
    }

    /**
     * Adds a rule requiring a valid token of one of {@code issuers} whose scope covers {@code scope}.
     *
     * @param issuers the names of the issuers accepted ({@code default}, or issuer groups' names), at least one
     * @param urlPattern a servlet URL pattern, as in the class documentation
     * @param scope the scope a matching request's token must cover
     * @param methods the HTTP methods the rule applies to; none for every method
     * @return this builder
     * @throws IllegalArgumentException if the pattern, a method or an issuer name is malformed
     */
    public Builder require(List<String> issuers, String urlPattern, Scope scope, String... methods) {
      Objects.requireNonNull(scope, "scope");
      rules.add(Rule.of(methods(methods), urlPattern, scope, issuerNames(issuers)));
      return this;
    }

    /**
     * Adds a rule letting matching requests through without looking for a token.
     *
     * @param urlPattern a servlet URL pattern, as in the class documentation
     * @param methods the HTTP methods the rule applies to; none for every method
     * @return this builder
     * @throws IllegalArgumentException if the pattern or a method is malformed
     */
    public Builder permit(String urlPattern, String... methods) {
      rules.add(Rule.of(methods(methods), urlPattern, null, List.of()));
      return this;
    }

    /**
     * Adds the rules of a text (see the class documentation), in order.
     *
     * @param text one rule a line
     * @return this builder
     * @throws IllegalArgumentException quoting the rule, if a rule is malformed
     */
    public Builder rules(String text) {
      Objects.requireNonNull(text, "text");
      List<Rule> parsed = new ArrayList<>();
      for (String line : text.split("[;\r\n]")) {
        if (!line.isBlank()) {
          parsed.add(parseRule(line.strip()));
        }
      }
      rules.addAll(parsed);
      return this;
    }

    /**
     * Lets requests that no rule matches through without a token, as the Liberty OAuth TAI did; by default
     * they need a valid token with any scope.
     *
     * @return this builder
     */
    public Builder permitUnmatched() {
      permitUnmatched = true;
      return this;
    }

    /**
     * Sets what a request that no rule matches needs, from its text form: {@code authenticated} (a valid
     * token with any scope, the default) or {@code permit} (as {@link #permitUnmatched()}), in any letter
     * case. Every adapter's {@code unmatched} setting is read here, so that it means the same everywhere.
     *
     * @param policy {@code authenticated} or {@code permit}; surrounding whitespace is ignored
     * @return this builder
     * @throws IllegalArgumentException quoting the text, if it is neither word
     */
    public Builder unmatched(String policy) {
      Objects.requireNonNull(policy, "policy");
      String word = policy.strip();
      if (word.equalsIgnoreCase(PERMIT)) {
        permitUnmatched = true;
      } else if (word.equalsIgnoreCase(AUTHENTICATED)) {
        permitUnmatched = false;
      } else {
        throw new IllegalArgumentException("must be " + AUTHENTICATED + " or " + PERMIT + ", not \""
            + printable(policy) + "\"");
      }
      return this;
    }

    /** {@return the rules added, in order} */
    public SecurityRules build() {
      return new SecurityRules(this);
    }

    private static List<String> methods(String... methods) {
      Objects.requireNonNull(methods, "methods");
      for (String method : methods) {
        Objects.requireNonNull(method, "method");
      }
      return Arrays.asList(methods);
    }

    private static List<String> issuerNames(List<String> names) {
      if (names.isEmpty()) {
        throw new IllegalArgumentException("issuers= names at least one issuer");
      }
      for (String name : names) {
        if (Objects.requireNonNull(name, "issuer").isEmpty() || !name.chars().allMatch(
            c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
          throw new IllegalArgumentException("an issuer's name is lower-case letters and digits: " + printable(name));
        }
      }
      return List.copyOf(new LinkedHashSet<>(names));
    }

    private static Rule parseRule(String text) {
      String[] words = text.split("[ \t]+");
      int patternIndex = 0;
      while (patternIndex < words.length && !isPatternStart(words[patternIndex])) {
        patternIndex++;
      }
      if (patternIndex == words.length) {
        throw malformed(text, "no URL pattern (it starts with / or *.)");
      }
      List<String> methods = new ArrayList<>();
      for (int i = 0; i < patternIndex; i++) {
        for (String method : words[i].split(",")) {
          if (!method.isEmpty()) {
            methods.add(method);
          }
        }
      }
      List<String> action = new ArrayList<>(Arrays.asList(words).subList(patternIndex + 1, words.length));
      List<String> issuers = List.of();
      if (!action.isEmpty() && action.get(action.size() - 1).startsWith(ISSUERS)) {
        try {
          issuers = issuerNames(Arrays.asList(action.remove(action.size() - 1).substring(ISSUERS.length()).split(",", -1)));
        } catch (IllegalArgumentException e) {
          throw malformed(text, e.getMessage());
        }
        if (action.size() == 1 && action.get(0).equals(PERMIT)) {
          throw malformed(text, "a permit rule looks at no token, so it names no issuers");
        }
      }
      if (action.isEmpty()) {
        throw malformed(text, "no scope, permit or authenticated after the URL pattern");
      }
      Scope scope;
      if (action.size() == 1 && action.get(0).equals(PERMIT)) {
        scope = null;
      } else if (action.size() == 1 && action.get(0).equals(AUTHENTICATED)) {
        scope = Scope.empty();
      } else if (action.contains(PERMIT) || action.contains(AUTHENTICATED)) {
        throw malformed(text, "permit and authenticated stand alone, not beside scope elements");
      } else {
        try {
          scope = Scope.of(action);
        } catch (IllegalArgumentException e) {
          throw malformed(text, e.getMessage());
        }
      }
      try {
        return Rule.of(methods, words[patternIndex], scope, issuers);
      } catch (IllegalArgumentException e) {
        throw malformed(text, e.getMessage());
      }
    }

    private static boolean isPatternStart(String word) {
      return word.startsWith("/") || word.startsWith("*");
    }

    private static IllegalArgumentException malformed(String rule, String reason) {
      return new IllegalArgumentException("Malformed security rule \"" + printable(rule) + "\": " + reason);
    }
  }

  /** One rule: methods (empty for any), a URL pattern, and a required scope or null for permit. */
  static final class Rule {
    private enum Kind { EXACT, PREFIX, EXTENSION, ALL }

    private final List<String> declaredMethods;
    private final Set<String> methods;
    private final String pattern;
    private final Kind kind;
    /** The exact path, the prefix without {@code /*}, or the extension with its dot. */
    private final String operand;
    private final Scope scope;
    /** The issuers accepted; empty for the validator's default route. */
    private final List<String> issuers;

    private Rule(List<String> declaredMethods, Set<String> methods, String pattern, Kind kind, String operand,
        Scope scope, List<String> issuers) {
      this.declaredMethods = declaredMethods;
      this.methods = methods;
      this.pattern = pattern;
      this.kind = kind;
      this.operand = operand;
      this.scope = scope;
      this.issuers = issuers;
    }

    static Rule of(List<String> declaredMethods, String pattern, Scope scope, List<String> issuers) {
      Objects.requireNonNull(pattern, "urlPattern");
      Set<String> methods = new LinkedHashSet<>();
      List<String> declared = new ArrayList<>();
      for (String method : declaredMethods) {
        checkMethod(method);
        String upper = method.toUpperCase(Locale.ROOT);
        declared.add(upper);
        methods.add(upper);
        if (upper.equals("GET")) {
          methods.add("HEAD");
        }
      }
      checkPatternCharacters(pattern);
      Kind kind;
      String operand;
      if (pattern.equals("/") || pattern.equals("/*")) {
        kind = Kind.ALL;
        operand = "";
      } else if (pattern.startsWith("*.")) {
        operand = pattern.substring(1);
        // containers take the extension after the last dot, so *.tar.gz would never match
        if (operand.length() == 1 || operand.indexOf('/') >= 0 || operand.indexOf('*') >= 0
            || operand.indexOf('.', 1) >= 0) {
          throw new IllegalArgumentException("extension pattern must be *. and a name without /, * or .: "
              + pattern);
        }
        kind = Kind.EXTENSION;
      } else if (pattern.startsWith("/") && pattern.endsWith("/*")) {
        operand = pattern.substring(0, pattern.length() - 2);
        if (operand.indexOf('*') >= 0) {
          throw new IllegalArgumentException("* may only end a /prefix/* pattern: " + pattern);
        }
        checkNormalised(pattern, operand + "/");
        kind = Kind.PREFIX;
      } else if (pattern.startsWith("/")) {
        if (pattern.indexOf('*') >= 0) {
          throw new IllegalArgumentException("* may only end a /prefix/* pattern or start a *.ext pattern: "
              + pattern);
        }
        checkNormalised(pattern, pattern);
        kind = Kind.EXACT;
        operand = pattern;
      } else {
        throw new IllegalArgumentException("URL pattern must be /exact, /prefix/*, *.ext or /: " + pattern);
      }
      return new Rule(Collections.unmodifiableList(declared), Collections.unmodifiableSet(methods), pattern,
          kind, operand, scope, issuers);
    }

    boolean matches(String upperMethod, String path) {
      if (!methods.isEmpty() && !methods.contains(upperMethod)) {
        return false;
      }
      switch (kind) {
        case ALL:
          return true;
        case EXACT:
          return path.equals(operand);
        case PREFIX:
          return path.equals(operand) || path.startsWith(operand) && path.charAt(operand.length()) == '/';
        case EXTENSION:
          // as containers map *.ext: the last segment ends in .ext, even when nothing precedes the dot
          return path.endsWith(operand);
        default:
          throw new AssertionError(kind);
      }
    }

    private static void checkMethod(String method) {
      if (method.isEmpty()) {
        throw new IllegalArgumentException("HTTP method must not be empty");
      }
      for (int i = 0; i < method.length(); i++) {
        char c = method.charAt(i);
        boolean tchar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
            || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!tchar) {
          throw new IllegalArgumentException("not an HTTP method: " + printable(method));
        }
      }
    }

    private static void checkPatternCharacters(String pattern) {
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c <= 0x20 || c == 0x7F) {
          throw new IllegalArgumentException("URL pattern must not contain spaces or control characters");
        }
        if (c == '%') {
          throw new IllegalArgumentException(
              "URL pattern is matched against the decoded path: write characters, not %-escapes: " + pattern);
        }
        if (c == ';') {
          throw new IllegalArgumentException(
              "URL pattern is matched against the path without ;parameters: " + pattern);
        }
      }
    }

    /** Refuses a pattern that could never match, because containers remove these segments first. */
    private static void checkNormalised(String pattern, String path) {
      if (path.contains("//") || path.contains("/./") || path.contains("/../")
          || path.endsWith("/.") || path.endsWith("/..")) {
        throw new IllegalArgumentException(
            "URL pattern is matched against the normalised path: no empty, . or .. segments: " + pattern);
      }
    }

    @Override
    public String toString() {
      String action = scope == null ? PERMIT : scope.isEmpty() ? AUTHENTICATED : scope.toString();
      return (declaredMethods.isEmpty() ? "" : String.join(",", declaredMethods) + " ") + pattern + " " + action
          + (issuers.isEmpty() ? "" : " " + ISSUERS + String.join(",", issuers));
    }
  }

  static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return text.length() > 200 ? out + "..." : out.toString();
  }
}
