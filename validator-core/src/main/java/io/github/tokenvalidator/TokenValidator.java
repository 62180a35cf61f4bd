package io.github.tokenvalidator;

import io.github.tokenvalidator.internal.ValidationEngine;
import io.github.tokenvalidator.internal.config.CacheSettings;
import io.github.tokenvalidator.internal.config.IntrospectionSettings;
import io.github.tokenvalidator.internal.config.JwtSettings;
import io.github.tokenvalidator.internal.config.RequestSettings;
import io.github.tokenvalidator.internal.config.ResilienceSettings;
import io.github.tokenvalidator.internal.config.Setting;
import io.github.tokenvalidator.internal.config.TransportSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.request.RequestPolicy;
import io.github.tokenvalidator.internal.dpop.SenderConstraints;
import io.github.tokenvalidator.internal.request.RequestUris;
import io.github.tokenvalidator.internal.request.TrustedProxies;
import io.github.tokenvalidator.internal.resource.RouteRules;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * Decides whether a request's bearer token is valid and covers the scope a resource requires.
 *
 * <p>The validator obtains its own token from the authorization server (MobileFirst style) or
 * authenticates as a client (RFC 7662 style), introspects client tokens, caches the answers by a SHA-256
 * digest of the token, and answers every request with a {@link ValidationResult}: valid with the token's
 * data, or refused with the exact HTTP answer to send ({@link AuthenticationError}).
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *     .serverUrl("http://localhost:9080/mfp/api")
 *     .clientCredentials("my-resource-server", secret)
 *     .build();
 *
 * ValidationResult result = validator.validate(request.getHeader("Authorization"), "accessRestricted");
 * if (!result.isValid()) {
 *   AuthenticationError error = result.error();
 *   response.setStatus(error.status());
 *   error.headers().forEach(response::setHeader);
 * }
 * }</pre>
 *
 * <p>A framework adapter passes the whole request instead, as a {@link RequestView}, to
 * {@link #validate(RequestView, Scope)}: the one request policy (one token, never in the URL) then applies
 * to every adapter alike, and {@link #requestUri(RequestView)} tells the URI the client sent, behind
 * proxies too.
 *
 * <p>Instances are thread-safe and meant to be shared by the whole application: create one, use it from
 * every thread, and {@link #close()} it when the application stops.
 */
public final class TokenValidator implements AutoCloseable {
  /** Most distinct scope strings remembered parsed; routes declare few, so this bounds only misuse. */
  private static final int MAX_PARSED_SCOPES = 256;
  private static final String AUTHORIZATION = "Authorization";

  private final ValidatorConfig config;
  private final ValidationEngine engine;
  private final RequestPolicy policy;
  private final RequestUris requestUris;
  private final SenderConstraints senderConstraints;
  private final RouteRules routeRules;
  private final ConcurrentHashMap<String, Scope> parsedScopes = new ConcurrentHashMap<>();
  private final List<ConfiguredIssuer> issuers;
  private final ConcurrentHashMap<List<String>, IssuerRoute> routes = new ConcurrentHashMap<>();

  private TokenValidator(ValidatorConfig config) {
    this.config = config;
    this.issuers = config.issuers().stream().map(issuer -> new ConfiguredIssuer(issuer.issuerName(),
        issuer.get(JwtSettings.TOKEN_FORMAT), issuer.get(JwtSettings.ISSUER))).toList();
    this.engine = new ValidationEngine(config);
    this.policy = new RequestPolicy(config.get(RequestSettings.REALM));
    this.requestUris = new RequestUris(config.get(RequestSettings.EXTERNAL_URL),
        TrustedProxies.of(config.get(RequestSettings.TRUSTED_PROXIES)));
    this.senderConstraints = new SenderConstraints(config, engine, requestUris);
    this.routeRules = new RouteRules(config);
    try {
      engine.startIfEager();
    } catch (RuntimeException e) {
      engine.close(); // build() fails: nothing of this validator may keep running
      throw e;
    }
  }

  /**
   * A builder with every setting at its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A validator configured from {@code tokenvalidator.*} properties; other keys are ignored.
   *
   * @param properties the settings; keys other than {@code tokenvalidator.*} are ignored
   * @return a new validator, to close when the application stops
   * @throws InvalidConfigurationException naming the key, if a {@code tokenvalidator.*} key is unknown, a
   *     value is malformed, or a required setting is missing
   */
  public static TokenValidator fromProperties(Map<String, String> properties) {
    return builder().properties(properties).build();
  }

  /**
   * A validator configured from {@code TOKENVALIDATOR_*} environment variables (for example
   * {@code TOKENVALIDATOR_SERVER_URL}, {@code TOKENVALIDATOR_CACHE_MAX_TTL}); other variables are ignored.
   *
   * @param environment the environment, usually {@link System#getenv()}
   * @return a new validator, to close when the application stops
   * @throws InvalidConfigurationException as {@link #fromProperties(Map)}
   */
  public static TokenValidator fromEnvironment(Map<String, String> environment) {
    return builder().environment(environment).build();
  }

  /**
   * Validates an {@code Authorization} header against a required scope.
   *
   * <p>Never throws for anything a client or the authorization server did: those become a refused
   * result. May block while the token is introspected; cached answers return at once.
   *
   * @param authorizationHeader the request's {@code Authorization} header value, or null when absent
   * @param requiredScope the scope the resource requires; {@link Scope#empty()} for any valid token
   * @return the answer: valid with the token's data, or the refusal to send
   * @throws NullPointerException if {@code requiredScope} is null
   */
  public ValidationResult validate(String authorizationHeader, Scope requiredScope) {
    return senderConstraints.bearerOnly(
        engine.validate(authorizationHeader, Objects.requireNonNull(requiredScope, "requiredScope")));
  }

  /**
   * As {@link #validate(String, Scope)}, with the scope given as space-separated elements.
   *
   * @param authorizationHeader the request's {@code Authorization} header value, or null when absent
   * @param requiredScope the scope the resource requires, as space-separated elements; empty for any valid token
   * @return the answer: valid with the token's data, or the refusal to send
   * @throws IllegalArgumentException if {@code requiredScope} is not a valid scope
   */
  public ValidationResult validate(String authorizationHeader, String requiredScope) {
    return validate(authorizationHeader, parsed(requiredScope));
  }

  /**
   * As {@link #validate(String, Scope)} with no particular scope required.
   *
   * @param authorizationHeader the request's {@code Authorization} header value, or null when absent
   * @return the answer: valid with the token's data, or the refusal to send
   */
  public ValidationResult validate(String authorizationHeader) {
    return validate(authorizationHeader, Scope.empty());
  }

  /**
   * As {@link #validate(String, Scope)}, without blocking the caller: the future completes (never
   * exceptionally for a client's or the server's doing) when the answer is known.
   *
   * @param authorizationHeader the request's {@code Authorization} header value, or null when absent
   * @param requiredScope the scope the resource requires; {@link Scope#empty()} for any valid token
   * @return a future of the answer, as {@link #validate(String, Scope)} gives it
   */
  public CompletableFuture<ValidationResult> validateAsync(String authorizationHeader, Scope requiredScope) {
    return engine.validateAsync(authorizationHeader, Objects.requireNonNull(requiredScope, "requiredScope"))
        .thenApply(senderConstraints::bearerOnly);
  }

  /**
   * As {@link #validateAsync(String, Scope)} with the scope given as space-separated elements.
   *
   * @param authorizationHeader the request's {@code Authorization} header value, or null when absent
   * @param requiredScope the scope the resource requires, as space-separated elements; empty for any valid token
   * @return a future of the answer, as {@link #validate(String, Scope)} gives it
   */
  public CompletableFuture<ValidationResult> validateAsync(String authorizationHeader, String requiredScope) {
    return validateAsync(authorizationHeader, parsed(requiredScope));
  }

  /** {@code text} as a scope, parsed once per distinct string rather than on every request. */
  private Scope parsed(String text) {
    Scope scope = parsedScopes.get(Objects.requireNonNull(text, "requiredScope"));
    if (scope == null) {
      scope = Scope.of(text);
      if (parsedScopes.size() < MAX_PARSED_SCOPES) {
        parsedScopes.putIfAbsent(text, scope);
      }
    }
    return scope;
  }

  /**
   * Validates a whole request, as a framework adapter sees it, against the scope its resource requires.
   * Adapters call this rather than {@link #validate(String, Scope)}, so that every one of them applies the
   * same request policy.
   *
   * <p>Refused before the token is looked at, with 400 {@code invalid_request} (RFC 6750 §3.1): more than
   * one {@code Authorization} value, or an {@code access_token} query parameter (RFC 6750 §2.3), with or
   * without a header. The parameter's name is compared after %-decoding ({@code access%5Ftoken} counts),
   * with parameters separated by {@code &} or {@code ;}. Otherwise the answer is that of
   * {@link #validate(String, Scope)} for the one value, or {@link AuthenticationError.Kind#MISSING_TOKEN}
   * for none. A token in a form body is never looked for.
   *
   * <p>Sender-constrained tokens (see {@code docs/dpop-and-mtls.md}): with the {@code DPoP} scheme, the
   * request's one {@code DPoP} proof is checked against the method, the URI the client sent
   * ({@link #requestUri(RequestView)}), the clock, the proofs seen before and the token; a token bound to a
   * key ({@code cnf.jkt}) passes only so, and one bound to a certificate ({@code cnf.x5t#S256}) only with
   * that certificate ({@link RequestView#clientCertificates()}, or a trusted proxy's {@code Client-Cert}). A
   * valid answer may carry headers for the response ({@link ValidationResult#headers()}: a fresh
   * {@code DPoP-Nonce}).
   *
   * @param request the request
   * @param requiredScope the scope the resource requires; {@link Scope#empty()} for any valid token
   * @return the answer: valid with the token's data, or the refusal to send
   * @throws NullPointerException if {@code request} or {@code requiredScope} is null
   */
  public ValidationResult validate(RequestView request, Scope requiredScope) {
    Objects.requireNonNull(request, "request");
    List<String> authorization = request.headers(AUTHORIZATION);
    ValidationResult refusal = refusal(authorization, request.rawQuery(), requiredScope);
    return refusal != null ? refusal : senderConstraints.validate(request, onlyValue(authorization), requiredScope, null);
  }

  /**
   * As {@link #validate(RequestView, Scope)}, accepting tokens of {@code issuers} alone: what an adapter calls
   * for a resource whose rule names the issuers it accepts.
   *
   * @param request the request
   * @param requiredScope the scope the resource requires; {@link Scope#empty()} for any valid token
   * @param issuers the issuers the resource accepts, made by this validator's {@link #route(String...)}
   * @return the answer: valid with the token's data, or the refusal to send
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code issuers} was made by another validator
   */
  public ValidationResult validate(RequestView request, Scope requiredScope, IssuerRoute issuers) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(issuers, "issuers");
    List<String> authorization = request.headers(AUTHORIZATION);
    ValidationResult refusal = refusal(authorization, request.rawQuery(), requiredScope);
    return refusal != null ? refusal
        : senderConstraints.validate(request, onlyValue(authorization), requiredScope, issuers.selection());
  }

  /**
   * As {@link #validate(RequestView, Scope, IssuerRoute)}, without blocking the caller.
   *
   * @param request the request
   * @param requiredScope the scope the resource requires; {@link Scope#empty()} for any valid token
   * @param issuers the issuers the resource accepts, made by this validator's {@link #route(String...)}
   * @return a future of the answer, as {@link #validate(RequestView, Scope, IssuerRoute)} gives it
   */
  public CompletableFuture<ValidationResult> validateAsync(RequestView request, Scope requiredScope,
      IssuerRoute issuers) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(issuers, "issuers");
    List<String> authorization = request.headers(AUTHORIZATION);
    ValidationResult refusal = refusal(authorization, request.rawQuery(), requiredScope);
    return refusal != null ? CompletableFuture.completedFuture(refusal)
        : senderConstraints.validateAsync(request, onlyValue(authorization), requiredScope, issuers.selection());
  }

  /**
   * As {@link #validate(String, Scope)}, accepting tokens of {@code issuers} alone.
   *
   * @param authorizationHeader the request's {@code Authorization} header value, or null when absent
   * @param requiredScope the scope the resource requires; {@link Scope#empty()} for any valid token
   * @param issuers the issuers the resource accepts, made by this validator's {@link #route(String...)}
   * @return the answer: valid with the token's data, or the refusal to send
   */
  public ValidationResult validate(String authorizationHeader, Scope requiredScope, IssuerRoute issuers) {
    return senderConstraints.bearerOnly(engine.validate(authorizationHeader,
        Objects.requireNonNull(requiredScope, "requiredScope"), Objects.requireNonNull(issuers, "issuers").selection()));
  }

  /**
   * The issuers one resource accepts, by name ({@code default} for the issuer of the settings without a group,
   * else a group's name), for the {@code validate} methods that take an {@link IssuerRoute}. A JWT whose
   * {@code iss} is a named {@code jwt} or {@code auto} issuer's is verified with that issuer's keys; any
   * other token goes to the one named introspecting issuer ({@code opaque} or {@code auto}), or is refused
   * (401 {@code invalid_token}, no network call) when none is named. Without a route, a resource accepts the
   * JWTs of every {@code jwt} and {@code auto} issuer and sends other tokens to the default issuer, if it
   * introspects. Adapters make their routes once, at start, so a wrong name fails the start.
   *
   * @param issuerNames the names of the issuers accepted, at least one
   * @return the route
   * @throws InvalidConfigurationException if a name is no configured issuer, or two introspecting issuers
   *     are named (a token must never be sent to a server that did not issue it)
   * @throws IllegalArgumentException if no name is given
   */
  public IssuerRoute route(String... issuerNames) {
    return route(List.of(Objects.requireNonNull(issuerNames, "issuerNames")));
  }

  /**
   * As {@link #route(String...)}. The same names give the same route, remembered: an adapter may ask for a
   * rule's route on every request once it has asked at start.
   *
   * @param issuerNames the names of the issuers accepted, at least one
   * @return the route
   * @throws InvalidConfigurationException as {@link #route(String...)}
   */
  public IssuerRoute route(List<String> issuerNames) {
    IssuerRoute route = routes.get(Objects.requireNonNull(issuerNames, "issuerNames"));
    if (route == null) {
      List<String> names = List.copyOf(issuerNames);
      route = new IssuerRoute(engine.route(names), names);
      if (routes.size() < MAX_PARSED_SCOPES) {
        routes.putIfAbsent(names, route);
      }
    }
    return route;
  }

  /**
   * As {@link #validate(RequestView, Scope)}, without blocking the caller: the future completes (never
   * exceptionally for a client's or the server's doing) when the answer is known. The request is read
   * before this returns.
   *
   * @param request the request
   * @param requiredScope the scope the resource requires; {@link Scope#empty()} for any valid token
   * @return a future of the answer, as {@link #validate(RequestView, Scope)} gives it
   * @throws NullPointerException if {@code request} or {@code requiredScope} is null
   */
  public CompletableFuture<ValidationResult> validateAsync(RequestView request, Scope requiredScope) {
    Objects.requireNonNull(request, "request");
    List<String> authorization = request.headers(AUTHORIZATION);
    ValidationResult refusal = refusal(authorization, request.rawQuery(), requiredScope);
    return refusal != null ? CompletableFuture.completedFuture(refusal)
        : senderConstraints.validateAsync(request, onlyValue(authorization), requiredScope, null);
  }

  /**
   * Validates a whole request against what its route requires: {@link #validate(RequestView, Scope)} for the
   * requirement's scope, then, for a valid token, the route's resource as audience (when {@code audience} is
   * not set, a token whose {@code aud} does not name it is 401 {@code invalid_token}) and its step-up (RFC
   * 9470: an {@code acr} not among the route's values, or an {@code auth_time} older than its maximum age, or
   * absent, is 401 {@code insufficient_user_authentication} with {@code acr_values} and {@code max_age}). With
   * the {@code resource} setting, every 401 and 403 names the resource's metadata in
   * {@code resource_metadata="…"}, and every 401 the route's scope in {@code scope="…"}.
   *
   * @param request the request
   * @param requirement what the route requires
   * @return the answer: valid with the token's data, or the refusal to send
   * @throws IllegalArgumentException if the requirement names a resource the {@code resource} setting does not
   */
  public ValidationResult validate(RequestView request, Requirement requirement) {
    // the scope is the route rules' to check, after the audience: a token for another resource is refused as such
    ValidationResult result = validate(request, Scope.empty());
    return checked(result, requirement);
  }

  /**
   * As {@link #validate(RequestView, Requirement)}, without blocking the caller. The request is read before
   * this returns.
   *
   * @param request the request
   * @param requirement what the route requires
   * @return a future of the answer
   * @throws IllegalArgumentException if the requirement names a resource the {@code resource} setting does not
   */
  public CompletableFuture<ValidationResult> validateAsync(RequestView request, Requirement requirement) {
    routeRules.resourceOf(requirement); // a programmer's mistake fails here, not in the future
    return validateAsync(request, Scope.empty()).thenApply(result -> checked(result, requirement));
  }

  /**
   * As {@link #validate(RequestView, Requirement)}, accepting only the tokens of the issuers {@code issuers}
   * names (see {@link #validate(RequestView, Scope, IssuerRoute)}).
   *
   * @param request the request
   * @param requirement what the route requires
   * @param issuers the issuers whose tokens the route accepts, from {@link #route(String...)}
   * @return the answer: valid with the token's data, or the refusal to send
   * @throws IllegalArgumentException if the requirement names a resource the {@code resource} setting does not
   */
  public ValidationResult validate(RequestView request, Requirement requirement, IssuerRoute issuers) {
    return checked(validate(request, Scope.empty(), issuers), requirement);
  }

  /** The route's rules applied; a refusal they add is told to the listener like any other. */
  private ValidationResult checked(ValidationResult result, Requirement requirement) {
    ValidationResult checked = routeRules.apply(result, requirement);
    return result.isValid() && !checked.isValid() ? engine.rejectedRequest(checked) : checked;
  }

  /**
   * {@code error}, an answer made outside a validation (a framework's own 401 for a request without a token,
   * a 403 from an access-denied hook), with the challenge attributes of a route with {@code requirement}:
   * {@code resource_metadata} and the 401's {@code scope} when the {@code resource} setting is set.
   *
   * @param error the answer
   * @param requirement what the route requires
   * @return the answer to send
   * @throws IllegalArgumentException if the requirement names a resource the {@code resource} setting does not
   */
  public AuthenticationError challenge(AuthenticationError error, Requirement requirement) {
    return routeRules.decorate(Objects.requireNonNull(error, "error"),
        Objects.requireNonNull(requirement, "requirement"));
  }

  /**
   * The RFC 9728 metadata documents an adapter serves for its routes: one per resource of the {@code resource}
   * setting, listing the scope elements of the routes on it; none when the setting is not set.
   *
   * @param routes every requirement of the adapter's rules or annotations
   * @return the documents
   * @throws IllegalArgumentException if a route names a resource the {@code resource} setting does not
   */
  public ResourceMetadata resourceMetadata(java.util.Collection<Requirement> routes) {
    return new ResourceMetadata(routeRules.documents(List.copyOf(routes)));
  }

  /**
   * The URI the client sent the request to: scheme, host, port (left out when it is the scheme's default)
   * and path (as received, still %-encoded), without query or fragment. For example
   * {@code https://api.example.com/bank/accounts} for a request that reached the container as
   * {@code http://10.0.0.7:8080/bank/accounts} through a TLS-terminating proxy.
   *
   * <ul>
   *   <li>With the {@code external-url} setting, its scheme, host and port, and its path before the
   *       request's.
   *   <li>Else, when the request came from one of the {@code trusted-proxies} ({@link RequestView#remoteAddress()}),
   *       what that proxy forwarded: {@code Forwarded} (RFC 7239) if present, else {@code X-Forwarded-Proto},
   *       {@code X-Forwarded-Host} and {@code X-Forwarded-Port}; {@code X-Forwarded-Prefix} before the path.
   *       Malformed forwarded headers are ignored as a whole.
   *   <li>Else the container's own view of it, which is right when the container applies forwarded headers
   *       itself (Tomcat's {@code RemoteIpValve}, Jetty's {@code ForwardedRequestCustomizer}, Spring's
   *       {@code ForwardedHeaderFilter}).
   * </ul>
   * Never throws for anything a client sent; reads nothing but the request.
   *
   * @param request the request
   * @return the absolute URI
   * @throws NullPointerException if {@code request} is null
   */
  public URI requestUri(RequestView request) {
    return requestUris.of(Objects.requireNonNull(request, "request"));
  }

  /**
   * As {@link #validate(RequestView, Scope)}, for an adapter that knows of a request only its
   * {@code Authorization} values and raw query: the same policy, the same answers. New adapters pass a
   * {@link RequestView}.
   *
   * @param authorizationValues every {@code Authorization} header value of the request, in the order
   *     received; empty when it has none
   * @param rawQuery the query string as received (still %-encoded, without {@code ?}), or null for none
   * @param requiredScope the scope the resource requires; {@link Scope#empty()} for any valid token
   * @return the answer: valid with the token's data, or the refusal to send
   * @throws NullPointerException if {@code authorizationValues} or {@code requiredScope} is null
   */
  public ValidationResult validateRequest(List<String> authorizationValues, String rawQuery, Scope requiredScope) {
    return applyPolicy(authorizationValues, rawQuery, requiredScope);
  }

  /**
   * As {@link #validateRequest(List, String, Scope)}, without blocking the caller: the future completes
   * (never exceptionally for a client's or the server's doing) when the answer is known.
   *
   * @param authorizationValues every {@code Authorization} header value of the request; empty when it has none
   * @param rawQuery the query string as received (still %-encoded, without {@code ?}), or null for none
   * @param requiredScope the scope the resource requires; {@link Scope#empty()} for any valid token
   * @return a future of the answer, as {@link #validateRequest(List, String, Scope)} gives it
   */
  public CompletableFuture<ValidationResult> validateRequestAsync(
      List<String> authorizationValues, String rawQuery, Scope requiredScope) {
    return applyPolicyAsync(authorizationValues, rawQuery, requiredScope);
  }

  /** The request policy, then the one value (or none) to the engine. */
  private ValidationResult applyPolicy(List<String> authorizationValues, String rawQuery, Scope requiredScope) {
    ValidationResult refusal = refusal(authorizationValues, rawQuery, requiredScope);
    if (refusal != null) {
      return refusal;
    }
    // the engine's synchronous path: a cache hit is answered without a future
    return senderConstraints.bearerOnly(engine.validate(onlyValue(authorizationValues), requiredScope));
  }

  /** As {@link #applyPolicy(List, String, Scope)}, without blocking. */
  private CompletableFuture<ValidationResult> applyPolicyAsync(
      List<String> authorizationValues, String rawQuery, Scope requiredScope) {
    ValidationResult refusal = refusal(authorizationValues, rawQuery, requiredScope);
    if (refusal != null) {
      return CompletableFuture.completedFuture(refusal);
    }
    return engine.validateAsync(onlyValue(authorizationValues), requiredScope).thenApply(senderConstraints::bearerOnly);
  }

  /** The request policy's answer, reported to the listener, or null when the request may be validated. */
  private ValidationResult refusal(List<String> authorizationValues, String rawQuery, Scope requiredScope) {
    Objects.requireNonNull(authorizationValues, "authorizationValues");
    Objects.requireNonNull(requiredScope, "requiredScope");
    ValidationResult refusal = policy.refusal(authorizationValues, rawQuery);
    return refusal == null ? null : engine.rejectedRequest(refusal);
  }

  /** The one value of a list the policy let through: at most one. */
  private static String onlyValue(List<String> authorizationValues) {
    return authorizationValues.isEmpty() ? null : authorizationValues.get(0);
  }

  /**
   * {@return what the validator knows of its upstreams now, for a health endpoint: {@link Health.Status#UP},
   * {@link Health.Status#DEGRADED} while an upstream that answered before fails (cached answers are
   * served, new tokens get 503), or {@link Health.Status#DOWN} when new tokens cannot be validated until
   * someone acts, with the last cause in words} Cheap: reads a field.
   */
  public Health health() {
    return engine.health();
  }

  /**
   * {@return each configured issuer's health, by name ({@code default} first, then the groups in name order)}
   * One issuer DOWN refuses its own new tokens alone; {@link #health()} is the worst of these.
   */
  public Map<String, Health> healthByIssuer() {
    return engine.healthByIssuer();
  }

  /**
   * {@return every issuer this validator trusts: the default issuer first, then each issuer group in name
   * order} With no {@code tokenvalidator.issuers.*} settings, the default issuer alone.
   */
  public List<ConfiguredIssuer> issuers() {
    return issuers;
  }

  /**
   * {@return the configured realm, or null} Only a module that answers a request without validating it needs this,
   * to make that answer with {@link AuthenticationError}'s factories: a framework that found no token at
   * all ({@link AuthenticationError#missingToken(String)}), an access-denied hook that knows the scope it
   * wanted ({@link AuthenticationError#insufficientScope(String, Scope)}).
   */
  public String realm() {
    return config.get(RequestSettings.REALM);
  }

  /**
   * Stops trusting one token (of any configured issuer): its cached answer is dropped here and, with a shared
   * cache, from the shared store and from every instance's own cache (their next request for it asks the authorization server,
   * which should then say it is inactive).
   *
   * @param token the access token, as sent after {@code Bearer }
   * @return a future completing when every instance has been told (at once without a shared cache); failed
   *     when the shared cache could not be told, this instance having dropped the answer all the same
   * @throws IllegalArgumentException if {@code token} is empty
   */
  public CompletableFuture<Void> revokeToken(String token) {
    if (Objects.requireNonNull(token, "token").isEmpty()) {
      throw new IllegalArgumentException("token is empty");
    }
    return engine.revoke(ValidationEngine.tokenInvalidation(token));
  }

  /**
   * Stops trusting every token of {@code subject} ({@code sub}, of any configured issuer) issued before
   * {@code issuedBefore} (a logout everywhere), on every instance with a shared cache: the cached answers are dropped, and each
   * instance keeps the mark, so such a token is refused however it is validated (introspected, a JWT verified
   * locally), also while the shared cache is away. A token without {@code iat} counts as issued before.
   *
   * @param subject the subject
   * @param issuedBefore tokens issued before this time are refused
   * @return as {@link #revokeToken(String)}
   */
  public CompletableFuture<Void> revokeSubject(String subject, java.time.Instant issuedBefore) {
    java.util.Objects.requireNonNull(subject, "subject");
    java.util.Objects.requireNonNull(issuedBefore, "issuedBefore");
    return engine.revoke((issuer, resource) -> io.github.tokenvalidator.spi.Invalidation.ofSubject(issuer, subject,
        issuedBefore));
  }

  /**
   * As {@link #revokeSubject(String, java.time.Instant)} for every token of a client ({@code client_id}): a
   * compromised client.
   *
   * @param clientId the client id
   * @param issuedBefore tokens issued before this time are refused
   * @return as {@link #revokeToken(String)}
   */
  public CompletableFuture<Void> revokeClient(String clientId, java.time.Instant issuedBefore) {
    java.util.Objects.requireNonNull(clientId, "clientId");
    java.util.Objects.requireNonNull(issuedBefore, "issuedBefore");
    return engine.revoke((issuer, resource) -> io.github.tokenvalidator.spi.Invalidation.ofClient(issuer, clientId,
        issuedBefore));
  }

  /** Stops background work; in-flight validations complete as {@link AuthenticationError.Kind#UNAVAILABLE}. */
  @Override
  public void close() {
    engine.close();
  }

  /** The configuration, with the client secret masked. */
  @Override
  public String toString() {
    return "TokenValidator" + config;
  }

  /**
   * Configures a {@link TokenValidator}. Setters check their argument at once; {@link #build()} checks
   * that the whole is complete. Not thread-safe.
   */
  public static final class Builder {
    private final ValidatorConfig.Builder config = ValidatorConfig.builder();

    Builder() {}

    /**
     * The MobileFirst runtime API base URL, e.g. {@code http://localhost:9080/mfp/api}: the token endpoint
     * is {@code {serverUrl}/az/v1/token} and the introspection endpoint {@code {serverUrl}/az/v1/introspection}
     * unless set separately. Setting {@code server-url}.
      *
      * @param serverUrl the MobileFirst runtime API base URL
      * @return this builder
     */
    public Builder serverUrl(String serverUrl) {
      return text(IntrospectionSettings.SERVER_URL, serverUrl);
    }

    /**
     * The introspection endpoint, overriding the one derived from the server URL. Setting
     * {@code introspection-endpoint}.
     *
     * @param endpoint the introspection endpoint, overriding the one derived from the server URL
     * @return this builder
     */
    public Builder introspectionEndpoint(String endpoint) {
      return text(IntrospectionSettings.INTROSPECTION_ENDPOINT, endpoint);
    }

    /**
     * The token endpoint, overriding the one derived from the server URL. Setting {@code token-endpoint}.
     *
     * @param endpoint the token endpoint, overriding the one derived from the server URL
     * @return this builder
     */
    public Builder tokenEndpoint(String endpoint) {
      return text(IntrospectionSettings.TOKEN_ENDPOINT, endpoint);
    }

    /**
     * The confidential client's id and secret. Settings {@code client-id} and {@code client-secret}.
     *
     * @param clientId the confidential client's id
     * @param clientSecret the confidential client's secret
     * @return this builder
     */
    public Builder clientCredentials(String clientId, String clientSecret) {
      return clientId(clientId).clientSecret(clientSecret);
    }

    /**
     * The confidential client's id, without surrounding whitespace. Setting {@code client-id}.
     *
     * @param clientId the confidential client's id, without surrounding whitespace
     * @return this builder
     */
    public Builder clientId(String clientId) {
      return text(IntrospectionSettings.CLIENT_ID, clientId);
    }

    /**
     * The confidential client's secret, without surrounding whitespace (a trailing newline read from a file
     * or the environment is not part of it). Never logged. Setting {@code client-secret}.
      *
      * @param clientSecret the confidential client's secret, without surrounding whitespace
      * @return this builder
     */
    public Builder clientSecret(String clientSecret) {
      return text(IntrospectionSettings.CLIENT_SECRET, clientSecret);
    }

    /**
     * How to authenticate to the introspection endpoint. Default: {@code MOBILEFIRST_BEARER} when a server
     * URL or token endpoint is set, else {@code BASIC}. Setting {@code client-auth}.
      *
      * @param clientAuthentication how to authenticate to the introspection endpoint
      * @return this builder
     */
    public Builder clientAuthentication(ClientAuthentication clientAuthentication) {
      return value(IntrospectionSettings.CLIENT_AUTH, clientAuthentication);
    }

    /**
     * The scope of the validator's own token; default {@code authorization.introspect}. Setting
     * {@code introspection-scope}.
     *
     * @param scope the scope of the validator's own token
     * @return this builder
     */
    public Builder introspectionScope(String scope) {
      return text(IntrospectionSettings.INTROSPECTION_SCOPE, scope);
    }

    /**
     * The realm named in challenges; default none. Setting {@code realm}.
     *
     * @param realm the realm named in challenges
     * @return this builder
     */
    public Builder realm(String realm) {
      return text(RequestSettings.REALM, realm);
    }

    /**
     * The proxies whose forwarded headers ({@code Forwarded}, {@code X-Forwarded-*}) give the URI the client
     * sent, as IP addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); default none. Leave
     * it empty when the container applies those headers itself. Setting {@code trusted-proxies}.
     *
     * @param addresses IP addresses and CIDR ranges; host names are refused, as they are never looked up
     * @return this builder
     * @throws InvalidConfigurationException naming {@code trusted-proxies}, if an entry is neither
     * @see TokenValidator#requestUri(RequestView)
     */
    public Builder trustedProxies(String... addresses) {
      return value(RequestSettings.TRUSTED_PROXIES, java.util.Arrays.asList(Objects.requireNonNull(addresses,
          "addresses")));
    }

    /**
     * The application's public base URL, such as {@code https://api.example.com/base}: the URI the client
     * sent is taken to be this scheme, host and port, with this path before the request's, whatever the
     * request says; default none. Setting {@code external-url}.
     *
     * @param url an absolute {@code http(s)} URL without query or fragment
     * @return this builder
     * @see TokenValidator#requestUri(RequestView)
     */
    public Builder externalUrl(String url) {
      return text(RequestSettings.EXTERNAL_URL, url);
    }

    /**
     * Longest wait for a connection to the authorization server; default 2 s. Setting {@code connect-timeout}.
     *
     * @param timeout the longest wait for a connection
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      return value(TransportSettings.CONNECT_TIMEOUT, timeout);
    }

    /**
     * Longest wait for a whole answer of the authorization server; default 5 s. Setting {@code request-timeout}.
     *
     * @param timeout the longest wait for a whole answer
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      return value(TransportSettings.REQUEST_TIMEOUT, timeout);
    }

    /**
     * Most cached introspection answers; 0 disables the cache; default 50,000. Setting {@code cache.max-size}.
     *
     * @param maxSize the most cached answers; 0 for none
     * @return this builder
     */
    public Builder cacheMaxSize(long maxSize) {
      return value(CacheSettings.MAX_SIZE, maxSize);
    }

    /**
     * Longest time an active answer is trusted before asking again (revocation delay); default 5 min. Setting
     * {@code cache.max-ttl}.
     *
     * @param ttl the longest time an active answer is trusted
     * @return this builder
     */
    public Builder cacheMaxTtl(Duration ttl) {
      return value(CacheSettings.MAX_TTL, ttl);
    }

    /**
     * How long an inactive answer is kept; default 30 s. Setting {@code cache.negative-ttl}.
     *
     * @param ttl how long an inactive answer is kept
     * @return this builder
     */
    public Builder cacheNegativeTtl(Duration ttl) {
      return value(CacheSettings.NEGATIVE_TTL, ttl);
    }

    /**
     * Whether a cached active answer past {@code cache.max-ttl} but inside the token's {@code exp} is
     * served when the authorization server cannot answer; default true. Setting {@code stale-if-error}.
      *
      * @param staleIfError whether a cached active answer past {@code cache.max-ttl} but inside the token's {@code exp}
      *     is served when the authorization server cannot answer
      * @return this builder
     */
    public Builder staleIfError(boolean staleIfError) {
      return value(CacheSettings.STALE_IF_ERROR, staleIfError);
    }

    /**
     * Allow {@code http://} to hosts other than loopback; default false. Setting {@code allow-insecure-http}.
     *
     * @param allow whether {@code http://} may reach hosts other than loopback
     * @return this builder
     */
    public Builder allowInsecureHttp(boolean allow) {
      return value(TransportSettings.ALLOW_INSECURE_HTTP, allow);
    }

    /**
     * Largest accepted answer body of the authorization server; default 1 MiB, at most 64 MiB. Setting
     * {@code max-response-size}.
     *
     * @param bytes the largest accepted answer body, in bytes
     * @return this builder
     */
    public Builder maxResponseSize(int bytes) {
      return value(TransportSettings.MAX_RESPONSE_SIZE, bytes);
    }

    /**
     * Longest accepted token; longer ones are refused as invalid; default 8192, at most 1,048,576. Setting
     * {@code max-token-length}.
     *
     * @param length the longest accepted token, in characters
     * @return this builder
     */
    public Builder maxTokenLength(int length) {
      return value(RequestSettings.MAX_TOKEN_LENGTH, length);
    }

    /**
     * Most introspection calls under way at once; further misses wait in a bounded queue. Default 64, at
     * most 10,000. Setting {@code max-concurrent-introspections}.
     *
     * @param max the most introspection calls under way at once
     * @return this builder
     */
    public Builder maxConcurrentIntrospections(int max) {
      return value(ResilienceSettings.MAX_CONCURRENT_INTROSPECTIONS, max);
    }

    /**
     * After this many consecutive failures to reach the authorization server, misses fail fast for
     * {@link #failureBackoff(Duration)}; default 3. Setting {@code failure-threshold}.
     *
     * @param failures how many consecutive failures start failing fast
     * @return this builder
     */
    public Builder failureThreshold(int failures) {
      return value(ResilienceSettings.FAILURE_THRESHOLD, failures);
    }

    /**
     * How long to fail fast once the server is known to be down, also the {@code Retry-After}; default 5 s. Setting
     * {@code failure-backoff}.
     *
     * @param backoff how long to fail fast once the server is known to be down, also the {@code Retry-After}
     * @return this builder
     */
    public Builder failureBackoff(Duration backoff) {
      return value(ResilienceSettings.FAILURE_BACKOFF, backoff);
    }

    /**
     * The fraction of the own token's lifetime after which it is renewed in the background; default 0.8.
     * Setting {@code own-token.renewal-ratio}.
      *
      * @param ratio the fraction of the own token's lifetime after which it is renewed in the background
      * @return this builder
     */
    public Builder ownTokenRenewalRatio(double ratio) {
      return value(IntrospectionSettings.RENEWAL_RATIO, ratio);
    }

    /**
     * Fetch the own token during {@link #build()}: {@code build()} fails naming {@code client-id} on
     * {@code invalid_client}, logs and carries on when the server is unreachable; default false. Setting
     * {@code eager-start}.
     *
     * @param eagerStart whether {@link #build()} fetches the own token
     * @return this builder
     */
    public Builder eagerStart(boolean eagerStart) {
      return value(ResilienceSettings.EAGER_START, eagerStart);
    }

    /**
     * The TLS context for {@code https://} endpoints; certificates are always verified.
     *
     * @param sslContext the TLS context for {@code https://} endpoints
     * @return this builder
     */
    public Builder sslContext(SSLContext sslContext) {
      config.sslContext(Objects.requireNonNull(sslContext, "sslContext"));
      return this;
    }

    /**
     * An HTTP proxy for every call to the authorization server, as {@code host:port} or
     * {@code http://host:port}; {@code https://} endpoints are tunnelled through it with {@code CONNECT}.
     * Default none: calls go direct, and the JVM's {@code http.proxyHost}, {@code https.proxyHost} and
     * {@code http.nonProxyHosts} properties are not read. Setting {@code proxy}.
     *
     * @param proxy {@code host:port} or {@code http://host:port}
     * @return this builder
     * @throws InvalidConfigurationException naming {@code proxy}, if it is not one of those forms
     */
    public Builder proxy(String proxy) {
      return text(TransportSettings.PROXY, proxy);
    }

    /**
     * A key store file holding the certificates to trust for {@code https://} endpoints, instead of the
     * JDK's; {@link #build()} reads it, and fails naming the setting when it cannot. Not together with
     * {@link #sslContext(SSLContext)}. Setting {@code trust-store}.
     *
     * @param file the key store file
     * @return this builder
     */
    public Builder trustStore(Path file) {
      return value(TransportSettings.TRUST_STORE, file);
    }

    /**
     * The trust store's password, if it has one. Never logged. Setting {@code trust-store-password}.
     *
     * @param password the password
     * @return this builder
     */
    public Builder trustStorePassword(String password) {
      return text(TransportSettings.TRUST_STORE_PASSWORD, password);
    }

    /**
     * The trust store's type, such as {@code PKCS12} (the default) or {@code JKS}. Setting
     * {@code trust-store-type}.
     *
     * @param type a key store type the JDK knows
     * @return this builder
     */
    public Builder trustStoreType(String type) {
      return text(TransportSettings.TRUST_STORE_TYPE, type);
    }

    /**
     * The wall clock, compared with a token's {@code exp}, {@code nbf} and {@code iat} and with the own
     * token's expiry; default the system UTC clock.
      *
      * @param clock the wall clock, compared with a token's {@code exp}, {@code nbf} and {@code iat} and with the own
      *     token's expiry
      * @return this builder
     */
    public Builder clock(Clock clock) {
      config.clock(Objects.requireNonNull(clock, "clock"));
      return this;
    }

    /**
     * The monotonic time source for durations (back-off, retry windows, cache ages, key refresh); default
     * {@link Ticker#system()}. Tests that move the clock by hand move a ticker with it.
      *
      * @param ticker the monotonic time source for durations
      * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      config.ticker(Objects.requireNonNull(ticker, "ticker"));
      return this;
    }

    /**
     * Runs HTTP callbacks and cache maintenance; default the HTTP client's own threads.
     *
     * @param executor runs HTTP callbacks and cache maintenance
     * @return this builder
     */
    public Builder executor(Executor executor) {
      config.executor(Objects.requireNonNull(executor, "executor"));
      return this;
    }

    /**
     * Receives metrics and audit events; default none.
     *
     * @param listener receives metrics and audit events
     * @return this builder
     */
    public Builder listener(ValidationListener listener) {
      config.listener(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * A store that a fleet of validators shares, behind each one's own cache: a token resolved by one
     * instance is answered from the store by the others (its {@code exp} re-checked on each), and
     * invalidations published through it reach every instance. Builder only. See
     * {@link io.github.tokenvalidator.spi.SharedStore}.
     *
     * @param store the shared store; the validator closes it when it is closed
     * @return this builder
     */
    public Builder sharedStore(io.github.tokenvalidator.spi.SharedStore store) {
      config.sharedStore(Objects.requireNonNull(store, "store"));
      return this;
    }

    /**
     * Makes the shared store that the {@code shared-cache.*} settings describe with {@code provider} rather than
     * with the module found on the class path: for a framework that brings its own Redis connection (the
     * Spring Boot starter). {@code shared-cache.secret} is then required, {@code shared-cache.uri} is not.
     * Builder only.
     *
     * @param provider makes the store when the validator is built
     * @return this builder
     */
    public Builder sharedStoreProvider(io.github.tokenvalidator.spi.SharedStoreProvider provider) {
      config.sharedStoreProvider(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /**
     * Introspection, local JWT verification or each by its shape; default {@code OPAQUE}. Setting {@code token-format}.
     *
     * @param format how tokens are resolved
     * @return this builder
     */
    public Builder tokenFormat(TokenFormat format) {
      return value(JwtSettings.TOKEN_FORMAT, format);
    }

    /**
     * The exact {@code iss} of the JWTs, required for {@code JWT} and {@code AUTO}; without
     * {@link #jwksUri(String)} the keys are found by discovery from it. Setting {@code issuer}.
      *
      * @param issuer the exact {@code iss} of the JWTs, required for {@code JWT} and {@code AUTO}
      * @return this builder
     */
    public Builder issuer(String issuer) {
      return text(JwtSettings.ISSUER, issuer);
    }

    /**
     * Where the issuer's JWK Set is; without it, discovery from the issuer. Setting {@code jwks-uri}.
     *
     * @param uri where the issuer's JWK Set is
     * @return this builder
     */
    public Builder jwksUri(String uri) {
      return text(JwtSettings.JWKS_URI, uri);
    }

    /**
     * The audiences this resource server answers to: a JWT's {@code aud}, and an introspection answer's
     * when it has one, must name one of them. Default none: no check. Setting {@code audience}
     * (comma-separated).
      *
      * @param audiences the audiences this resource server answers to
      * @return this builder
     */
    public Builder audience(String... audiences) {
      return value(JwtSettings.AUDIENCE, java.util.Arrays.asList(Objects.requireNonNull(audiences, "audiences")));
    }

    /**
     * The protected resource's identifier (RFC 9728, RFC 8707): {@code https://}, or {@code http://} on a
     * loopback host, without query or fragment. Turns on the metadata documents
     * ({@link TokenValidator#resourceMetadata(java.util.Collection)}) and {@code resource_metadata} in challenges,
     * and is the audience tokens must carry when {@link #audience(String...)} is not set. Several for several
     * resources in one application, the first the default ({@link Requirement#resource(String)} names the others).
     * Setting {@code resource} (comma-separated).
     *
     * @param identifiers the resource identifiers
     * @return this builder
     */
    public Builder resource(String... identifiers) {
      return value(io.github.tokenvalidator.internal.config.ResourceSettings.RESOURCE,
          java.util.Arrays.asList(Objects.requireNonNull(identifiers, "identifiers")));
    }

    /**
     * The metadata document's {@code resource_name}. Setting {@code resource-name}.
     *
     * @param name a human-readable name
     * @return this builder
     */
    public Builder resourceName(String name) {
      return text(io.github.tokenvalidator.internal.config.ResourceSettings.RESOURCE_NAME, name);
    }

    /**
     * The metadata document's {@code resource_documentation}. Setting {@code resource-documentation}.
     *
     * @param url a page for developers
     * @return this builder
     */
    public Builder resourceDocumentation(String url) {
      return text(io.github.tokenvalidator.internal.config.ResourceSettings.RESOURCE_DOCUMENTATION, url);
    }

    /**
     * Tolerance for a token's {@code exp}, {@code nbf} and {@code iat} against the clock, for JWTs and
     * introspection answers alike (RFC 7519 §4.1.4); default 30 s, at most 5 min. Setting
     * {@code clock-skew}.
     *
     * @param skew the tolerance for {@code exp}, {@code nbf} and {@code iat}
     * @return this builder
     */
    public Builder clockSkew(Duration skew) {
      return value(JwtSettings.CLOCK_SKEW, skew);
    }

    /**
     * The JWS algorithms accepted; default RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512,
     * EdDSA. {@code none} and HS* are never accepted. Setting {@code jwt.algorithms} (comma-separated).
      *
      * @param algorithms the JWS algorithms accepted
      * @return this builder
     */
    public Builder jwtAlgorithms(String... algorithms) {
      return value(JwtSettings.ALGORITHMS, java.util.Arrays.asList(Objects.requireNonNull(algorithms, "algorithms")));
    }

    /**
     * {@code rfc9068}: JWTs must be typed {@code at+jwt} or {@code application/at+jwt} (RFC 9068);
     * {@code default}: also absent, {@code JWT} or {@code JOSE}. Setting {@code jwt.profile}.
     *
     * @param profile {@code rfc9068} or {@code default}
     * @return this builder
     */
    public Builder jwtProfile(String profile) {
      return text(JwtSettings.PROFILE, profile);
    }

    /**
     * Least time between two key fetches for an unknown {@code kid}; default 5 s. Setting
     * {@code jwks.min-refetch-interval}.
     *
     * @param interval the least time between two fetches for an unknown {@code kid}
     * @return this builder
     */
    public Builder jwksMinRefetchInterval(Duration interval) {
      return value(JwtSettings.MIN_REFETCH_INTERVAL, interval);
    }

    /**
     * How long keys are trusted when the key answer has no {@code max-age}; default 5 min. Setting
     * {@code jwks.refresh-interval}.
     *
     * @param interval how long keys are trusted when the key answer has no {@code max-age}
     * @return this builder
     */
    public Builder jwksRefreshInterval(Duration interval) {
      return value(JwtSettings.REFRESH_INTERVAL, interval);
    }

    /**
     * A shorter {@code max-age} of the key answer is raised to this; default 30 s. Setting {@code jwks.max-age-floor}.
     *
     * @param floor a shorter {@code max-age} of the key answer is raised to this
     * @return this builder
     */
    public Builder jwksMaxAgeFloor(Duration floor) {
      return value(JwtSettings.MAX_AGE_FLOOR, floor);
    }

    /**
     * A longer {@code max-age} of the key answer is cut to this; default 24 h. Setting {@code jwks.max-age-ceiling}.
     *
     * @param ceiling a longer {@code max-age} of the key answer is cut to this
     * @return this builder
     */
    public Builder jwksMaxAgeCeiling(Duration ceiling) {
      return value(JwtSettings.MAX_AGE_CEILING, ceiling);
    }

    /**
     * How long known keys keep verifying past their max-age while the key server cannot be reached; then
     * tokens get 503. Default 1 h. Setting {@code jwks.outage-retention}.
      *
      * @param retention how long known keys keep verifying past their max-age while the key server cannot be reached
      * @return this builder
     */
    public Builder jwksOutageRetention(Duration retention) {
      return value(JwtSettings.OUTAGE_RETENTION, retention);
    }

    /** Sets {@code setting} from its text, as the builder method of that setting; the parser names the key. */
    private <T> Builder text(Setting<T> setting, String text) {
      config.set(setting, setting.parse(text), null);
      return this;
    }

    /** Sets {@code setting} to a value checked against its bounds. */
    private <T> Builder value(Setting<T> setting, T value) {
      config.set(setting, setting.check(value), null);
      return this;
    }

    /** Sets {@code setting} from its text as written under {@code source} (a property or a variable). */
    <T> void apply(Setting<T> setting, String text, String source) {
      config.set(setting, setting.parse(text), source);
    }

    /** Sets issuer setting {@code setting} of issuer group {@code group}, as {@link #apply} does the default issuer's. */
    <T> void applyToGroup(String group, Setting<T> setting, String text, String source) {
      config.group(group).set(setting, setting.parse(text), source);
    }

    /**
     * Applies every {@code tokenvalidator.*} entry of {@code properties} (the keys of {@link Settings#keys()}
     * and {@code docs/configuration.md}); other keys, null ones and those under
     * {@link Settings#SPRING_PROPERTY_PREFIX} are ignored. Values are trimmed.
     *
     * @param properties the settings; keys other than {@code tokenvalidator.*} are ignored
     * @return this builder
     * @throws InvalidConfigurationException naming the key, if a key is unknown or a value malformed
     */
    public Builder properties(Map<String, String> properties) {
      SettingsParser.applyProperties(this, properties);
      return this;
    }

    /**
     * Applies every {@code TOKENVALIDATOR_*} entry of {@code environment}: the property key upper-cased
     * with {@code .} and {@code -} turned into {@code _}; other variables and those under
     * {@link Settings#SPRING_ENVIRONMENT_PREFIX} are ignored. Values are trimmed.
     *
     * @param environment the environment, usually {@link System#getenv()}
     * @return this builder
     * @throws InvalidConfigurationException naming the variable, if it is unknown or its value malformed
     */
    public Builder environment(Map<String, String> environment) {
      SettingsParser.applyEnvironment(this, environment);
      return this;
    }

    /**
     * {@return a validator with these settings}
     *
     * @throws InvalidConfigurationException naming the setting, if the configuration is incomplete or an
     *     endpoint is {@code http://} to a non-loopback host without {@code allow-insecure-http}
     */
    public TokenValidator build() {
      return new TokenValidator(config.build());
    }

    /** The settings so far, with the client secret masked. */
    @Override
    public String toString() {
      return "TokenValidator.Builder" + config;
    }
  }
}
