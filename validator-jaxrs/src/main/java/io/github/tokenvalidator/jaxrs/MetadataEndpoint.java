package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.Requirement;
import io.github.tokenvalidator.ResourceMetadata;
import io.github.tokenvalidator.TokenValidator;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers requests for the RFC 9728 protected resource metadata before any resource is matched, listing the
 * scopes of the requirements {@link TokenValidationFeature} met when the runtime showed it the resource
 * methods. Thread-safe.
 */
@PreMatching
final class MetadataEndpoint implements ContainerRequestFilter {
  private final TokenValidator validator;
  private final Set<Requirement> requirements = ConcurrentHashMap.newKeySet();
  /** The documents for the requirements met so far; rebuilt when a new one is met (sub-resources, late). */
  private volatile ResourceMetadata metadata;

  MetadataEndpoint(TokenValidator validator) {
    this.validator = validator;
    this.metadata = validator.resourceMetadata(List.of());
  }

  /**
   * Records a requirement of a resource method.
   *
   * @throws IllegalArgumentException if it names a resource the validator does not know
   */
  void add(Requirement requirement) {
    validator.resourceMetadata(List.of(requirement)); // fails for an unknown resource, at deployment
    if (requirements.add(requirement)) {
      metadata = validator.resourceMetadata(List.copyOf(requirements));
    }
  }

  @Override
  public void filter(ContainerRequestContext request) {
    ResourceMetadata current = metadata;
    if (!current.isEnabled()) {
      return;
    }
    String document = current.document(new JaxrsRequestView(request));
    if (document != null) {
      Response.ResponseBuilder answer = Response.ok("HEAD".equals(request.getMethod()) ? null : document);
      current.headers().forEach(answer::header);
      request.abortWith(answer.build());
    }
  }
}
