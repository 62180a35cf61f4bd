package io.github.tokenvalidator.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

/**
 * Protects a resource method that the runtime reported on an interface, by the declarations of the class
 * that actually serves the request. Thread-safe.
 *
 * <p>When {@code @Path} sits on an interface, RESTEasy shows features only the interface, while the
 * implementing class may override the interface's {@link OAuthSecurity} (and Jersey, which reports the
 * class, honours that). So the interface's own declaration is checked at deployment, and the
 * implementation's is resolved on its first request and remembered per class.
 */
final class ImplementationAwareFilter implements ContainerRequestFilter {
  private final Class<?> resourceInterface;
  private final Method method;
  private final BiFunction<Class<?>, Method, BearerTokenFilter> resolver;
  private final Optional<BearerTokenFilter> declaredOnInterface;
  private final ConcurrentMap<Class<?>, Optional<BearerTokenFilter>> byImplementation = new ConcurrentHashMap<>();

  /**
   * @param resolver the filter a method of a class needs, or null when it is open; may throw
   *     {@link IllegalArgumentException} for a malformed declaration
   */
  ImplementationAwareFilter(Class<?> resourceInterface, Method method,
      BiFunction<Class<?>, Method, BearerTokenFilter> resolver) {
    this.resourceInterface = resourceInterface;
    this.method = method;
    this.resolver = resolver;
    this.declaredOnInterface = Optional.ofNullable(resolver.apply(resourceInterface, method));
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Optional<BearerTokenFilter> delegate = declaredOnInterface;
    List<Object> matched = request.getUriInfo().getMatchedResources();
    if (!matched.isEmpty() && resourceInterface.isInstance(matched.get(0))) {
      delegate = byImplementation.computeIfAbsent(matched.get(0).getClass(),
          implementation -> Optional.ofNullable(resolver.apply(implementation, method)));
    }
    if (delegate.isPresent()) {
      delegate.get().filter(request);
    }
  }
}
