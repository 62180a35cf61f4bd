package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.IssuerRoute;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Lets a request through to one resource method when its bearer token covers that method's scope, and
 * answers it with the core's {@link AuthenticationError} otherwise. Thread-safe.
 *
 * <p>The request goes to {@link TokenValidator#validate(io.github.tokenvalidator.RequestView, Scope)} as a
 * {@link JaxrsRequestView}: the request policy (two headers, an {@code access_token} query parameter: 400)
 * is core's, as in every adapter.
 *
 * <p>The validation is synchronous: JAX-RS has no portable way to suspend a request filter, and the
 * validator answers cached tokens without blocking.
 */
final class BearerTokenFilter implements ContainerRequestFilter {
  static final MediaType JSON_UTF8 = MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8");

  private final TokenValidator validator;
  private final Scope requiredScope;
  /** The issuers accepted; null for the validator's default route. */
  private final IssuerRoute issuers;

  BearerTokenFilter(TokenValidator validator, Scope requiredScope, IssuerRoute issuers) {
    this.validator = validator;
    this.requiredScope = requiredScope;
    this.issuers = issuers;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    ValidationResult result = issuers == null ? validator.validate(new JaxrsRequestView(request), requiredScope)
        : validator.validate(new JaxrsRequestView(request), requiredScope, issuers);
    if (!result.isValid()) {
      request.abortWith(answer(result.error()));
      return;
    }
    SecurityContext original = request.getSecurityContext();
    request.setSecurityContext(new TokenSecurityContext(new TokenPrincipal(result.token()),
        original != null && original.isSecure()));
  }

  static Response answer(AuthenticationError error) {
    Response.ResponseBuilder response = Response.status(error.status()).entity(error.jsonBody()).type(JSON_UTF8);
    error.headers().forEach(response::header);
    return response.build();
  }

  @Override
  public String toString() {
    return "BearerTokenFilter{requiredScope=" + requiredScope + (issuers == null ? "" : ", " + issuers) + '}';
  }
}
