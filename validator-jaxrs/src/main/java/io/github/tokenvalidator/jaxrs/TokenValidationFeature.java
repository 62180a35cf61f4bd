package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.IssuerRoute;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;

/**
 * Protects JAX-RS resources with bearer tokens, as their {@link OAuthSecurity} annotations declare.
 *
 * <p>When the application is deployed, the runtime shows every resource method to this feature; it
 * resolves the method's {@code @OAuthSecurity} once and binds a request filter, at
 * {@link Priorities#AUTHENTICATION}, that validates the request's {@code Authorization} header against the
 * required {@link Scope}. A refused request is answered by the core's
 * {@link io.github.tokenvalidator.AuthenticationError} (status, {@code WWW-Authenticate} and the other
 * headers, JSON body) and never reaches the resource. An accepted request gets a
 * {@link jakarta.ws.rs.core.SecurityContext} whose principal is the core's
 * {@link io.github.tokenvalidator.TokenPrincipal}, whose roles are the token's scope elements (so
 * {@code @RolesAllowed} works on top), and whose scheme is {@code Bearer}.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *     .serverUrl("http://localhost:9080/mfp/api")
 *     .clientCredentials("my-resource-server", secret)
 *     .build();
 * ResourceConfig config = new ResourceConfig(AccountResource.class)
 *     .register(TokenValidationFeature.of(validator));
 * }</pre>
 *
 * <p>Resource methods with no annotation, on the method or its class, require a valid token with no
 * particular scope, as MobileFirst adapters do; {@link #protectingOnlyAnnotated()} leaves them open
 * instead. A malformed scope in an annotation fails deployment with a message naming the method.
 *
 * <p><b>Who closes the validator.</b> A feature made by {@link #of(TokenValidator)} never closes the
 * validator it was given: its creator does. A feature made by {@link #fromProperties(Map)} or
 * {@link #fromEnvironment(Map)} built its own validator and owns it: {@link #close()} the feature when the
 * application stops (JAX-RS has no portable shutdown callback for a feature; {@code docs/jaxrs.md} shows
 * the hook of each runtime). {@link #validator()} hands out the validator either way, e.g. for its
 * {@link TokenValidator#health()}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TokenValidationFeature implements DynamicFeature, AutoCloseable {
  private final TokenValidator validator;
  private final boolean ownsValidator;
  private final boolean protectUnannotated;

  private TokenValidationFeature(TokenValidator validator, boolean ownsValidator, boolean protectUnannotated) {
    this.validator = validator;
    this.ownsValidator = ownsValidator;
    this.protectUnannotated = protectUnannotated;
  }

  /**
   * A feature validating with {@code validator}, which stays the caller's to close.
   *
   * @param validator the validator to use
   * @return a new feature
   */
  public static TokenValidationFeature of(TokenValidator validator) {
    return new TokenValidationFeature(Objects.requireNonNull(validator, "validator"), false, true);
  }

  /**
   * A feature with its own validator, configured from {@code tokenvalidator.*} properties by
   * {@link TokenValidator.Builder#properties(Map)}; {@link #close()} closes that validator.
   *
   * @param properties the settings, {@code tokenvalidator.*} keys; other keys are ignored
   * @return a new feature
   * @throws InvalidConfigurationException naming the key, if a key is unknown, a value malformed or a
   *     required setting missing
   */
  public static TokenValidationFeature fromProperties(Map<String, String> properties) {
    return new TokenValidationFeature(TokenValidator.builder().properties(properties).build(), true, true);
  }

  /**
   * A feature with its own validator, configured from {@code TOKENVALIDATOR_*} environment variables by
   * {@link TokenValidator.Builder#environment(Map)}; {@link #close()} closes that validator.
   *
   * @param environment the environment, usually {@link System#getenv()}
   * @return a new feature
   * @throws InvalidConfigurationException naming the variable, as {@link #fromProperties(Map)}
   */
  public static TokenValidationFeature fromEnvironment(Map<String, String> environment) {
    return new TokenValidationFeature(TokenValidator.builder().environment(environment).build(), true, true);
  }

  /**
   * {@return a feature like this one, with the same validator (and the same duty to close it), that leaves
   * resource methods without any {@link OAuthSecurity} open instead of requiring a valid token}
   */
  public TokenValidationFeature protectingOnlyAnnotated() {
    return new TokenValidationFeature(validator, ownsValidator, false);
  }

  /**
   * The validator this feature validates with, for what else the application asks of it, such as
   * {@link TokenValidator#health()} on a health endpoint. A feature made by {@link #fromProperties(Map)} or
   * {@link #fromEnvironment(Map)} still owns it: close the feature, not the validator.
   *
   * @return the validator, the same for every feature derived from this one
   */
  public TokenValidator validator() {
    return validator;
  }

  /**
   * Binds the token filter that {@code resourceInfo}'s method requires, if any. Called by the JAX-RS
   * runtime for each resource method at deployment (and, for the methods of sub-resources returned by
   * locators, when the runtime first models them).
   *
   * @throws IllegalArgumentException naming the method or class, if its {@code @OAuthSecurity} scope is
   *     malformed, or if a sub-resource locator of its class carries {@code @OAuthSecurity} (runtimes never
   *     show locators to features, so the annotation would silently do nothing)
   */
  @Override
  public void configure(ResourceInfo resourceInfo, FeatureContext context) {
    Class<?> resourceClass = resourceInfo.getResourceClass();
    Method resourceMethod = resourceInfo.getResourceMethod();
    if (resourceClass == null || resourceMethod == null || isGeneratedOptionsHandler(resourceClass)) {
      return;
    }
    SecurityDeclaration.rejectAnnotatedLocators(resourceClass);
    ContainerRequestFilter filter = resourceClass.isInterface()
        ? new ImplementationAwareFilter(resourceClass, resourceMethod, this::filterFor)
        : filterFor(resourceClass, resourceMethod);
    if (filter != null) {
      context.register(filter, Priorities.AUTHENTICATION);
    }
  }

  /** The filter {@code resourceMethod} needs when served by {@code resourceClass}, or null when it is open. */
  private BearerTokenFilter filterFor(Class<?> resourceClass, Method resourceMethod) {
    SecurityDeclaration declaration = SecurityDeclaration.of(resourceClass, resourceMethod);
    OAuthSecurity annotation = declaration.annotation();
    if (annotation == null) {
      return protectUnannotated ? new BearerTokenFilter(validator, Scope.empty(), null) : null;
    }
    if (!annotation.enabled()) {
      return null;
    }
    Scope scope;
    try {
      scope = Scope.of(annotation.scope());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("@OAuthSecurity on " + declaration.location()
          + " has a malformed scope: " + e.getMessage(), e);
    }
    IssuerRoute issuers = null;
    if (annotation.issuers().length > 0) {
      try {
        issuers = validator.route(annotation.issuers());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationException(null, "@OAuthSecurity on " + declaration.location()
            + " has issuers that make no route: " + e.getMessage());
      }
    }
    return new BearerTokenFilter(validator, scope, issuers);
  }

  /**
   * Whether the class is one of Jersey's handlers for automatic {@code OPTIONS} answers. RESTEasy makes
   * those answers without a resource method, so no feature sees them; skipping Jersey's keeps the two
   * alike, and keeps CORS preflight requests (which never carry a token) answerable.
   */
  private static boolean isGeneratedOptionsHandler(Class<?> resourceClass) {
    return resourceClass.getName().startsWith("org.glassfish.jersey.server.wadl.processor.OptionsMethodProcessor$");
  }

  /** Closes the validator if this feature built it; otherwise does nothing. */
  @Override
  public void close() {
    if (ownsValidator) {
      validator.close();
    }
  }

  @Override
  public String toString() {
    return "TokenValidationFeature{" + (protectUnannotated ? "unannotated protected" : "unannotated open")
        + (ownsValidator ? ", owns " : ", uses ") + validator + '}';
  }
}
