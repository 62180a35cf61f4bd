package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.ValidationResult;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.Map;

/**
 * Writes the headers of a valid {@link ValidationResult} (a fresh {@code DPoP-Nonce}, for one) on the
 * response of the request it let through: a request filter cannot touch the response, so the token filter
 * leaves them in a request property. Stateless and thread-safe.
 */
final class ResultHeadersFilter implements ContainerResponseFilter {
  static final String PROPERTY = ResultHeadersFilter.class.getName() + ".headers";

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object headers = request.getProperty(PROPERTY);
    if (headers instanceof Map) {
      ((Map<?, ?>) headers).forEach((name, value) -> response.getHeaders().putSingle((String) name, value));
    }
  }
}
