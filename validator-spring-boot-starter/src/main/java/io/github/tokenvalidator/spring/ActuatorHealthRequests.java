package io.github.tokenvalidator.spring;

import java.lang.reflect.Method;
import java.util.List;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;

/**
 * The requests that Boot's own default chain for Actuator lets through without logging in: the health
 * endpoint with its groups (the Kubernetes probes {@code /actuator/health/liveness} and
 * {@code /readiness}) and their additional paths on the main server ({@code /livez}, {@code /readyz}).
 * Matched by Boot's {@code EndpointRequest}, so that the management base path, path mappings and a separate
 * management port are read as Boot reads them; each Boot line keeps that class in a package of its own,
 * with the same methods. Stateless.
 */
final class ActuatorHealthRequests {
  private static final List<String> ENDPOINT_REQUEST = List.of(
      "org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest");
  /** What {@code EndpointRequest} needs of Actuator, on both lines. */
  private static final List<String> ACTUATOR = List.of(
      "org.springframework.boot.actuate.endpoint.web.WebServerNamespace",
      "org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType");
  private static final String HEALTH = "health";

  private ActuatorHealthRequests() {}

  /** The matcher, or null when the application has no Actuator. */
  static RequestMatcher matcher(ClassLoader loader) {
    for (String name : ACTUATOR) {
      if (!ClassUtils.isPresent(name, loader)) {
        return null;
      }
    }
    for (String name : ENDPOINT_REQUEST) {
      if (ClassUtils.isPresent(name, loader)) {
        return Boot.matcher(name, loader);
      }
    }
    return null;
  }

  /** Touched only once Actuator is known to be there. */
  private static final class Boot {
    static RequestMatcher matcher(String endpointRequest, ClassLoader loader) {
      try {
        Class<?> type = ClassUtils.forName(endpointRequest, loader);
        Method to = type.getMethod("to", String[].class);
        Method toAdditionalPaths = type.getMethod("toAdditionalPaths", WebServerNamespace.class, String[].class);
        RequestMatcher endpoint = (RequestMatcher) to.invoke(null, (Object) new String[] {HEALTH});
        RequestMatcher additionalPaths = (RequestMatcher) toAdditionalPaths.invoke(null, WebServerNamespace.SERVER,
            new String[] {HEALTH});
        return new OrRequestMatcher(endpoint, additionalPaths);
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new IllegalStateException("Cannot use Spring Boot's " + endpointRequest, e);
      }
    }
  }
}
