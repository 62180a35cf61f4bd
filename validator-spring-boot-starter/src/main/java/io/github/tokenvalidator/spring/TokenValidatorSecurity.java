package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.RequestView;
import io.github.tokenvalidator.Requirement;
import io.github.tokenvalidator.ResourceMetadata;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.servlet.SecurityRules;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The validator as Spring Security's bearer token check: the filter that authenticates a request by its
 * token, the entry point that answers a request without one, and the handler that answers a denied one.
 *
 * <p>Every answer is core's {@link AuthenticationError}, written by {@link BearerTokenFilter#refuse}: the
 * same status, headers and body the servlet filter sends. Thread-safe.
 */
final class TokenValidatorSecurity implements AuthenticationEntryPoint, AccessDeniedHandler {
  /** {@code hasAuthority('SCOPE_x')}, alone or joined by {@code and}, in a {@code @PreAuthorize} expression. */
  private static final Pattern HAS_SCOPE_AUTHORITY =
      Pattern.compile("hasAuthority\\(\\s*'" + TokenAuthentication.SCOPE_AUTHORITY_PREFIX + "([^'\\s]+)'\\s*\\)");
  private static final Pattern CONJUNCTION = Pattern.compile("\\s+(and|&&)\\s+");

  /** What the rules of {@code tokenvalidator.spring.rules} say of a request. */
  enum Access {
    /** A {@code permit} rule matches it. */
    PERMITTED,
    /** A rule that requires a token matches it ({@code authenticated} or a scope). */
    TOKEN,
    /** No rule matches it. */
    UNMATCHED
  }

  private final TokenValidator validator;
  private final ResourceMetadata metadata;
  private final SecurityRules rules;
  private final SecurityRules unmatchedPermitted;
  private static final Requirement ANY_TOKEN = Requirement.of(Scope.empty());

  private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
  // as Spring's BearerTokenAuthenticationFilter saves it: where the request's error or async dispatch finds it,
  // without a session
  private final SecurityContextRepository repository = new RequestAttributeSecurityContextRepository();
  private final AccessDeniedHandler notOurs = new AccessDeniedHandlerImpl();

  /**
   * @param validator the validator
   * @param rules the rules, where an unmatched request needs a token
   * @param unmatchedPermitted the same rules, letting unmatched requests through: the two together tell an
   *     unmatched request from one that a rule requires a token for
   */
  TokenValidatorSecurity(TokenValidator validator, SecurityRules rules, SecurityRules unmatchedPermitted) {
    this.validator = validator;
    this.rules = rules;
    rules.checkIssuers(validator);
    // a rule naming a resource the resource setting does not fails the application's start, naming it
    this.metadata = validator.resourceMetadata(rules.requirements());
    this.unmatchedPermitted = unmatchedPermitted;
  }

  /** A new filter for one security filter chain; not a bean, so the servlet container never sees it. */
  OncePerRequestFilter filter() {
    return new Filter();
  }

  /** What the rules say of this request. */
  Access access(HttpServletRequest request) {
    String method = request.getMethod();
    String path = BearerTokenFilter.applicationPath(request);
    if (rules.requiredScope(method, path) == null) {
      return Access.PERMITTED;
    }
    return unmatchedPermitted.requiredScope(method, path) == null ? Access.UNMATCHED : Access.TOKEN;
  }

  /** A request that needs a token came without one: core's 401 for that, the DPoP challenge included. */
  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException cause)
      throws IOException {
    BearerTokenFilter.refuse(response, validator.missingToken(requirement(request)));
  }

  /**
   * A request authenticated by its token was denied by an authorization rule: 403
   * {@code insufficient_scope}, with {@code scope="…"} when the denial names the scope it wanted
   * ({@code hasAuthority("SCOPE_x")} in the chain or in {@code @PreAuthorize}). Any other denial (a CSRF
   * failure, a user who logged in otherwise) gets Spring's plain 403.
   */
  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException, ServletException {
    if (!(denied instanceof AuthorizationDeniedException)
        || !(contexts.getContext().getAuthentication() instanceof TokenAuthentication)) {
      notOurs.handle(request, response, denied);
      return;
    }
    Scope wanted = wantedScope(denied);
    BearerTokenFilter.refuse(response, validator.challenge(AuthenticationError.insufficientScope(validator.realm(),
        wanted == null ? Scope.empty() : wanted), requirement(request)));
  }

  /** What the rules require of the request; any valid token where they permit it or say nothing. */
  private Requirement requirement(HttpServletRequest request) {
    Requirement requirement = rules.requirement(request.getMethod(), BearerTokenFilter.applicationPath(request));
    return requirement == null ? ANY_TOKEN : requirement;
  }

  /**
   * The one call to core for a request: the servlet module's view of it and the required scope go to
   * core's request policy (two tokens, or one in the query, are 400 there), never through Spring's
   * {@code DefaultBearerTokenResolver}. Where Spring's {@code ForwardedHeaderFilter} runs, the view shows
   * the request as that filter rewrote it.
   */
  private ValidationResult validate(RequestView request, Requirement requirement, List<String> issuers) {
    return issuers.isEmpty() ? validator.validate(request, requirement)
        : validator.validate(request, requirement, validator.route(issuers));
  }

  /** The scope a denial names, or null. */
  static Scope wantedScope(AccessDeniedException denied) {
    if (!(denied instanceof AuthorizationDeniedException)) {
      return null;
    }
    AuthorizationResult result = ((AuthorizationDeniedException) denied).getAuthorizationResult();
    List<String> elements = new ArrayList<>();
    if (result instanceof AuthorityAuthorizationDecision) {
      Collection<GrantedAuthority> authorities = ((AuthorityAuthorizationDecision) result).getAuthorities();
      // hasAnyAuthority(a, b) wants either; a scope attribute would demand both: name only a single one
      if (authorities.size() != 1) {
        return null;
      }
      String authority = authorities.iterator().next().getAuthority();
      if (authority == null || !authority.startsWith(TokenAuthentication.SCOPE_AUTHORITY_PREFIX)) {
        return null;
      }
      elements.add(authority.substring(TokenAuthentication.SCOPE_AUTHORITY_PREFIX.length()));
    } else if (result instanceof ExpressionAuthorizationDecision) {
      String expression = ((ExpressionAuthorizationDecision) result).getExpression().getExpressionString();
      for (String term : CONJUNCTION.split(expression.strip())) {
        Matcher matcher = HAS_SCOPE_AUTHORITY.matcher(term.strip());
        if (!matcher.matches()) {
          return null;
        }
        elements.add(matcher.group(1));
      }
    } else {
      return null;
    }
    try {
      return Scope.of(elements);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Authenticates a request by its token. A request on a {@code permit} rule passes untouched; one
   * without a token passes unauthenticated where no rule requires a scope (Spring's authorization
   * decides, and the entry point answers 401); any other refusal is answered here.
   */
  private final class Filter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      RequestView view = BearerTokenFilter.requestView(request);
      String document = metadata.document(view);
      if (document != null) {
        // RFC 9728: public, without a token, before any authorization rule
        BearerTokenFilter.serveMetadata(request, response, metadata, document);
        return;
      }
      String path = BearerTokenFilter.applicationPath(request);
      Requirement required = rules.requirement(request.getMethod(), path);
      if (required == null) {
        chain.doFilter(request, response);
        return;
      }
      ValidationResult result = validate(view, required, rules.requiredIssuers(request.getMethod(), path));
      if (result.isValid()) {
        result.headers().forEach(response::setHeader); // a fresh DPoP-Nonce, for one
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new TokenAuthentication(result.token()));
        contexts.setContext(context);
        // Boot's error page (a 404, a ResponseStatusException) is an error dispatch this filter does not see
        repository.saveContext(context, request, response);
        chain.doFilter(request, response);
        return;
      }
      if (result.error().kind() == AuthenticationError.Kind.MISSING_TOKEN && required.scope().isEmpty()
          && required.acrValues().isEmpty() && required.maxAge() == null) {
        chain.doFilter(request, response);
        return;
      }
      BearerTokenFilter.refuse(response, result.error());
    }
  }
}
