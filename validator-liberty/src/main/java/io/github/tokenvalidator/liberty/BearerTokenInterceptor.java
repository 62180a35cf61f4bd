package io.github.tokenvalidator.liberty;

import com.ibm.websphere.security.WebTrustAssociationFailedException;
import com.ibm.wsspi.security.tai.TAIResult;
import com.ibm.wsspi.security.tai.TrustAssociationInterceptor;
import com.ibm.wsspi.security.token.AttributeNameConstants;
import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.servlet.SecurityRules;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import javax.security.auth.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Liberty Trust Association Interceptor that authenticates requests by their bearer token, through core's
 * {@link TokenValidator} and the servlet filter's request view and refusals.
 *
 * <p>It takes the requests its {@link SecurityRules} name (method and path with the context root, as
 * MobileFirst's {@code securedURLs}) and leaves every other one to Liberty. For those it takes, it answers
 * a refusal exactly as {@link BearerTokenFilter} does (status, {@code WWW-Authenticate}, {@code Retry-After},
 * {@code MFP-Conflict}, {@code Cache-Control}, JSON body) and returns that status to Liberty; a valid token
 * becomes the caller's subject: the principal's name, the token's scope elements as groups
 * {@code group:REALM/element}, and the {@link TokenInfo} as a private credential and as request attribute
 * {@value BearerTokenFilter#TOKEN_INFO_ATTRIBUTE}.
 *
 * <p>Instances are thread-safe.
 */
final class BearerTokenInterceptor implements TrustAssociationInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(BearerTokenInterceptor.class);

  /** What a misconfigured interceptor answers: not the client's fault, and nothing it can fix. */
  private static final Duration MISCONFIGURED_RETRY = Duration.ofMinutes(1);

  private final String id;
  /** Null when the element's settings could not build one: then every request taken is refused 503. */
  private final TokenValidator validator;
  private final SecurityRules rules;
  private final String realm;
  /** Set when the element itself could not be read: then the interceptor takes every request and refuses it. */
  private final AuthenticationError unreadable;

  private BearerTokenInterceptor(String id, TokenValidator validator, SecurityRules rules, String subjectRealm,
      AuthenticationError unreadable) {
    this.id = Objects.requireNonNull(id, "id");
    this.validator = validator;
    this.rules = unreadable == null ? Objects.requireNonNull(rules, "rules") : rules;
    this.realm = Objects.requireNonNull(subjectRealm, "subjectRealm");
    this.unreadable = unreadable;
  }

  /** An interceptor validating with {@code validator}, which it closes in {@link #cleanup()}. */
  static BearerTokenInterceptor validating(String id, TokenValidator validator, SecurityRules rules,
      String subjectRealm) {
    return new BearerTokenInterceptor(id, Objects.requireNonNull(validator, "validator"), rules, subjectRealm,
        null);
  }

  /**
   * An interceptor whose settings are wrong: it still takes the requests its rules name, so that they fail
   * closed (503) instead of reaching the application unchecked.
   */
  static BearerTokenInterceptor refusing(String id, SecurityRules rules) {
    return new BearerTokenInterceptor(id, null, rules, InterceptorConfiguration.DEFAULT_SUBJECT_REALM, null);
  }

  /**
   * An interceptor for an element that cannot be read (a malformed {@code securedURLs}, say): which URLs it was
   * meant to protect is unknown, so it takes every request and refuses it with 503 until the element is
   * corrected, rather than leave those URLs to whatever Liberty would do without it.
   *
   * @param attribute the element and attribute at fault, told to the client; never a value
   */
  static BearerTokenInterceptor unreadable(String id, String attribute) {
    return new BearerTokenInterceptor(id, null, null, InterceptorConfiguration.DEFAULT_SUBJECT_REALM,
        AuthenticationError.unavailable(MISCONFIGURED_RETRY,
            "The server's bearer token check is not configured correctly: " + attribute));
  }

  /**
   * Whether a rule names the request (every request, when the element cannot be read); Liberty leaves the
   * others to the application's own security.
   */
  @Override
  public boolean isTargetInterceptor(HttpServletRequest request) {
    return unreadable != null || requiredScope(request) != null;
  }

  @Override
  public TAIResult negotiateValidateandEstablishTrust(HttpServletRequest request, HttpServletResponse response)
      throws WebTrustAssociationFailedException {
    if (unreadable != null) {
      return refuse(request, response, unreadable);
    }
    // Liberty asked isTargetInterceptor first; should the rules say "permit" now, any valid token still passes
    Scope required = Objects.requireNonNullElse(requiredScope(request), Scope.empty());
    if (validator == null) {
      return refuse(request, response, AuthenticationError.unavailable(MISCONFIGURED_RETRY,
          "The server's bearer token check is not configured correctly"));
    }
    // as BearerTokenFilter: a constraint naming issuers validates on their route, others on the default one
    List<String> issuers = rules.requiredIssuers(request.getMethod(), path(request));
    ValidationResult result = issuers.isEmpty()
        ? validator.validate(BearerTokenFilter.requestView(request), required)
        : validator.validate(BearerTokenFilter.requestView(request), required, validator.route(issuers));
    if (!result.isValid()) {
      return refuse(request, response, result.error());
    }
    TokenInfo token = result.token();
    TokenPrincipal principal = new TokenPrincipal(token);
    if (principal.getName().isEmpty()) {
      // Liberty needs a name for the subject; such a token cannot stand for anyone
      return refuse(request, response, AuthenticationError.invalidToken(validator.realm(),
          "The token names no user, subject or client"));
    }
    request.setAttribute(BearerTokenFilter.TOKEN_INFO_ATTRIBUTE, token);
    result.headers().forEach(response::setHeader); // a fresh DPoP-Nonce, for one
    return TAIResult.create(HttpServletResponse.SC_OK, principal.getName(), subject(principal));
  }

  private TAIResult refuse(HttpServletRequest request, HttpServletResponse response, AuthenticationError error)
      throws WebTrustAssociationFailedException {
    LOG.debug("Interceptor {} refused {} {}: {}", id, request.getMethod(), request.getRequestURI(),
        error.description());
    try {
      BearerTokenFilter.refuse(response, error);
    } catch (IOException e) {
      LOG.debug("Interceptor {} could not write its refusal: {}", id, e.toString());
    }
    return TAIResult.create(error.status());
  }

  /**
   * The caller as Liberty's hashtable login reads it: the unique id and groups are complete, so no user
   * registry is asked, and {@code server.xml} maps roles to groups by their access id.
   */
  private Subject subject(TokenPrincipal principal) {
    List<String> groups = new ArrayList<>();
    for (String element : principal.token().scope().elements()) {
      groups.add("group:" + realm + "/" + element);
    }
    Hashtable<String, Object> credentials = new Hashtable<>();
    credentials.put(AttributeNameConstants.WSCREDENTIAL_UNIQUEID, "user:" + realm + "/" + principal.getName());
    credentials.put(AttributeNameConstants.WSCREDENTIAL_SECURITYNAME, principal.getName());
    credentials.put(AttributeNameConstants.WSCREDENTIAL_REALM, realm);
    credentials.put(AttributeNameConstants.WSCREDENTIAL_GROUPS, groups);
    Subject subject = new Subject();
    subject.getPublicCredentials().add(credentials);
    subject.getPrivateCredentials().add(principal.token());
    return subject;
  }

  /** The scope the request needs, or null when no rule names it. */
  private Scope requiredScope(HttpServletRequest request) {
    return rules.requiredScope(request.getMethod(), path(request));
  }

  /** What the rules match: securedURLs include the context root, as MobileFirst wrote them (/TAI/GetBalance). */
  private static String path(HttpServletRequest request) {
    return request.getContextPath() + BearerTokenFilter.applicationPath(request);
  }

  /** Nothing to do: the feature configures the interceptor from {@code server.xml}, not from properties. */
  @Override
  public int initialize(Properties properties) {
    return 0;
  }

  @Override
  public String getVersion() {
    return Objects.toString(BearerTokenInterceptor.class.getPackage().getImplementationVersion(), "0");
  }

  @Override
  public String getType() {
    return "Bearer token (" + InterceptorConfiguration.ELEMENT + " " + id + ")";
  }

  /** Closes the validator. */
  @Override
  public void cleanup() {
    if (validator != null) {
      validator.close();
    }
  }

  @Override
  public String toString() {
    return InterceptorConfiguration.ELEMENT + " " + id + (unreadable == null ? " for " + rules : " refusing all");
  }
}
