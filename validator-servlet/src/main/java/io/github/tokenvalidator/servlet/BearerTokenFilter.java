package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.RequestView;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.Settings;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A servlet filter that lets a request through only with a valid bearer token covering the scope its
 * {@link SecurityRules} require.
 *
 * <p>Map it to {@code /*} for the {@code REQUEST} dispatch (the default), ahead of the application's own
 * filters. For each request it finds the first rule matching the method and the container's decoded,
 * normalised path ({@code getServletPath() + getPathInfo()}), so {@code /admin;x=y}, {@code /a/../admin} and
 * {@code /%61dmin} meet the rules for {@code /admin}. A request the filter lets through sees:
 * <ul>
 *   <li>{@code getUserPrincipal()}: a {@link TokenPrincipal} carrying the token's {@link TokenInfo};
 *   <li>{@code getRemoteUser()}: its name (username, else subject, else client id);
 *   <li>{@code getAuthType()}: {@value #AUTH_TYPE};
 *   <li>{@code isUserInRole(element)}: whether the token's scope covers that scope element ({@code "**"}:
 *       any authenticated request);
 *   <li>request attribute {@value #TOKEN_INFO_ATTRIBUTE}: the {@link TokenInfo}.
 * </ul>
 * No HTTP session is created. Requests on {@code permit} rules pass untouched, without token checks.
 *
 * <p>A refused request is answered by the filter: the status, headers ({@code WWW-Authenticate},
 * {@code Retry-After}, {@code MFP-Conflict}, {@code Cache-Control: no-store}) and JSON body of the core's
 * {@link AuthenticationError}. The filter hands the request, as {@link #requestView(HttpServletRequest)} shows
 * it, to {@link TokenValidator#validate(RequestView, Scope)}, so core's request policy decides, as for every
 * adapter: a request with two {@code Authorization} headers, or with an {@code access_token} query
 * parameter, is answered 400 {@code invalid_request}. The request body is never read, so a form's parameters and input
 * stream stay the application's, and an {@code access_token} form field is ignored.
 *
 * <p>Set it up in code:
 * <pre>{@code
 * TokenValidator validator = TokenValidator.fromProperties(settings);
 * SecurityRules rules = SecurityRules.parse("GET,POST /api/balance accessRestricted; /health permit");
 * servletContext.addFilter("bearer", new BearerTokenFilter(validator, rules))
 *     .addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 * or in {@code web.xml} with init-parameters: every {@code tokenvalidator.*} setting of
 * {@link TokenValidator#fromProperties(java.util.Map)}, {@code rules} in the text form of
 * {@link SecurityRules}, and {@code unmatched} ({@code authenticated}, the default, or {@code permit}, in any
 * letter case: {@link SecurityRules.Builder#unmatched(String)}). Any other init-parameter fails {@code init}.
 * Without {@code tokenvalidator.*} parameters the filter uses the {@link TokenValidator} the application
 * stored as the servlet context attribute {@value #VALIDATOR_ATTRIBUTE} (for example from a
 * {@code ServletContextListener}). The filter closes a validator it built itself when it is destroyed, and
 * never one it was given.
 *
 * <p>A validator the filter built from init-parameters is the application's too, for
 * {@link TokenValidator#health()} on a health endpoint: {@code init} stores it as servlet context attribute
 * {@value #VALIDATOR_ATTRIBUTE} unless the application already stored one there, and {@code destroy}
 * removes it again.
 *
 * <p>Instances are thread-safe once initialised.
 */
public final class BearerTokenFilter implements Filter {
  /**
   * The servlet context attribute holding the application's {@link TokenValidator}: where a filter without
   * {@code tokenvalidator.*} init-parameters finds its validator, and where a filter with them publishes the
   * one it built (unless the attribute is already set). Equal to {@code TokenValidator.class.getName()}.
   */
  public static final String VALIDATOR_ATTRIBUTE = "io.github.tokenvalidator.TokenValidator";
  /** The request attribute holding the validated token's {@link TokenInfo}. */
  public static final String TOKEN_INFO_ATTRIBUTE = "io.github.tokenvalidator.TokenInfo";
  /** What {@code getAuthType()} answers for a request the filter authenticated. */
  public static final String AUTH_TYPE = "Bearer";

  private static final String SETTINGS_PREFIX = Settings.PROPERTY_PREFIX;
  private static final String RULES_PARAMETER = "rules";
  private static final String UNMATCHED_PARAMETER = "unmatched";

  private final boolean configuredInCode;
  private volatile TokenValidator validator;
  private volatile SecurityRules rules;
  private volatile boolean ownsValidator;
  /** Where this filter published the validator it built, or null. */
  private volatile ServletContext publishedIn;

  /** A filter configured by its init-parameters, as {@code web.xml} declares it. */
  public BearerTokenFilter() {
    this.configuredInCode = false;
  }

  /**
   * A filter using {@code validator} and {@code rules}; it takes no init-parameters and does not close the
   * validator.
   *
   * @param validator the validator to use; the caller closes it
   * @param rules what each request needs
   */
  public BearerTokenFilter(TokenValidator validator, SecurityRules rules) {
    this.configuredInCode = true;
    this.validator = Objects.requireNonNull(validator, "validator");
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /**
   * Reads the init-parameters, or checks there are none for a filter configured in code.
   *
   * @throws ServletException naming the parameter or setting, if one is unknown or malformed, or when no
   *     validator is configured
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    List<String> names = Collections.list(config.getInitParameterNames());
    if (configuredInCode) {
      if (!names.isEmpty()) {
        throw new ServletException("BearerTokenFilter was given its validator and rules in code; init-parameter "
            + SecurityRules.printable(names.get(0)) + " would be ignored");
      }
      checkIssuers();
      return;
    }
    Map<String, String> settings = new LinkedHashMap<>();
    SecurityRules.Builder ruleBuilder = SecurityRules.builder();
    for (String name : names) {
      String value = config.getInitParameter(name);
      if (name.startsWith(SETTINGS_PREFIX)) {
        settings.put(name, value);
      } else if (name.equals(RULES_PARAMETER)) {
        try {
          ruleBuilder.rules(value);
        } catch (IllegalArgumentException e) {
          throw new ServletException("BearerTokenFilter init-parameter rules: " + e.getMessage(), e);
        }
      } else if (name.equals(UNMATCHED_PARAMETER)) {
        try {
          ruleBuilder.unmatched(value);
        } catch (IllegalArgumentException e) {
          throw new ServletException("BearerTokenFilter init-parameter unmatched " + e.getMessage(), e);
        }
      } else {
        throw new ServletException("BearerTokenFilter has no init-parameter " + SecurityRules.printable(name)
            + "; it takes tokenvalidator.* settings, " + RULES_PARAMETER + " and " + UNMATCHED_PARAMETER);
      }
    }
    this.rules = ruleBuilder.build();
    if (!settings.isEmpty()) {
      try {
        this.validator = TokenValidator.fromProperties(settings);
      } catch (IllegalArgumentException e) {
        throw new ServletException("BearerTokenFilter: " + e.getMessage(), e);
      }
      this.ownsValidator = true;
      checkIssuers();
      publish(config.getServletContext());
      return;
    }
    Object stored = config.getServletContext().getAttribute(VALIDATOR_ATTRIBUTE);
    if (stored == null) {
      throw new ServletException("BearerTokenFilter has no validator: give it tokenvalidator.* init-parameters"
          + " or store a TokenValidator as servlet context attribute " + VALIDATOR_ATTRIBUTE);
    }
    if (!(stored instanceof TokenValidator)) {
      throw new ServletException("Servlet context attribute " + VALIDATOR_ATTRIBUTE + " is a "
          + stored.getClass().getName() + ", not a TokenValidator");
    }
    this.validator = (TokenValidator) stored;
    checkIssuers();
  }

  /** A rule's issuers that make no route fail {@code init}, closing a validator the filter built. */
  private void checkIssuers() throws ServletException {
    try {
      rules.checkIssuers(validator);
    } catch (IllegalArgumentException e) {
      if (ownsValidator) {
        ownsValidator = false;
        validator.close();
      }
      throw new ServletException("BearerTokenFilter init-parameter rules: " + e.getMessage(), e);
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      throw new ServletException("BearerTokenFilter handles HTTP requests only");
    }
    HttpServletRequest httpRequest = (HttpServletRequest) request;
    HttpServletResponse httpResponse = (HttpServletResponse) response;
    TokenValidator currentValidator = validator;
    if (currentValidator == null) {
      throw new ServletException("BearerTokenFilter used before init");
    }
    String path = applicationPath(httpRequest);
    Scope requiredScope = rules.requiredScope(httpRequest.getMethod(), path);
    if (requiredScope == null) {
      chain.doFilter(request, response);
      return;
    }
    List<String> issuers = rules.requiredIssuers(httpRequest.getMethod(), path);
    ValidationResult result = issuers.isEmpty() ? currentValidator.validate(requestView(httpRequest), requiredScope)
        : currentValidator.validate(requestView(httpRequest), requiredScope, currentValidator.route(issuers));
    if (!result.isValid()) {
      refuse(httpResponse, result.error());
      return;
    }
    TokenInfo token = result.token();
    httpRequest.setAttribute(TOKEN_INFO_ATTRIBUTE, token);
    chain.doFilter(new AuthenticatedRequest(httpRequest, new TokenPrincipal(token)), response);
  }

  /**
   * Stores the validator built from init-parameters as {@link #VALIDATOR_ATTRIBUTE}, so that code without a
   * reference to this filter (a health endpoint) reaches it; an attribute the application set stays.
   */
  private void publish(ServletContext context) {
    if (context.getAttribute(VALIDATOR_ATTRIBUTE) == null) {
      context.setAttribute(VALIDATOR_ATTRIBUTE, validator);
      publishedIn = context;
    }
  }

  /** Closes the validator if this filter built it from init-parameters, and withdraws it from the context. */
  @Override
  public void destroy() {
    TokenValidator current = validator;
    ServletContext context = publishedIn;
    if (context != null) {
      publishedIn = null;
      if (context.getAttribute(VALIDATOR_ATTRIBUTE) == current) {
        context.removeAttribute(VALIDATOR_ATTRIBUTE);
      }
    }
    if (ownsValidator && current != null) {
      ownsValidator = false;
      current.close();
    }
  }

  /** The validator in use; null before {@code init} for a filter configured by init-parameters. */
  TokenValidator validator() {
    return validator;
  }

  /**
   * The path within the application as the container decoded, normalised and mapped it
   * ({@code getServletPath() + getPathInfo()}, {@code /} when empty): what {@link SecurityRules} match.
   * Public for adapters that apply the rules outside this filter, such as the Spring Boot starter.
   *
   * @param request the request
   * @return the path, starting with {@code /}
   */
  public static String applicationPath(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  /**
   * The request as core reads it ({@link TokenValidator#validate(RequestView, Scope)},
   * {@link TokenValidator#requestUri(RequestView)}): a view that asks the request when read, copying
   * nothing. Scheme, host, port and peer address are the container's ({@code getScheme()},
   * {@code getServerName()}, {@code getServerPort()}, {@code getRemoteAddr()}), the path is
   * {@code getRequestURI()}, and the client certificates are the {@code jakarta.servlet.request.X509Certificate}
   * attribute. Public for other adapters on the servlet API, such as the Spring Boot starter.
   *
   * @param request the request
   * @return a view of it, for the thread handling it
   */
  public static RequestView requestView(HttpServletRequest request) {
    return new ServletRequestView(Objects.requireNonNull(request, "request"));
  }

  /**
   * Every {@code Authorization} value of the request, in the order received (empty for none): what
   * {@link TokenValidator#validateRequest} takes; a list of one, the usual case, without copying. Public
   * for other adapters on the servlet API; {@link #requestView(HttpServletRequest)} gives them the whole
   * request.
   *
   * @param request the request
   * @return the values, unmodifiable
   */
  public static List<String> authorizationValues(HttpServletRequest request) {
    return ServletRequestView.values(request.getHeaders("Authorization"));
  }

  /**
   * Answers with core's refusal, unchanged: its status, every header of {@link AuthenticationError#headers()}
   * and its JSON body. Public for other adapters on the servlet API, so that every one sends the same bytes.
   *
   * @param response the response, not yet committed
   * @param error the refusal to send
   * @throws IOException if the body cannot be written
   */
  public static void refuse(HttpServletResponse response, AuthenticationError error) throws IOException {
    response.setStatus(error.status());
    error.headers().forEach(response::setHeader);
    byte[] body = error.jsonBody().getBytes(StandardCharsets.UTF_8);
    response.setContentType("application/json;charset=UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
