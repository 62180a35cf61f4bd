package io.github.tokenvalidator.jaxrs;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@link OAuthSecurity} that governs one resource method, found by the rules documented on the
 * annotation, with the place it was found for error messages. Immutable.
 */
final class SecurityDeclaration {
  private final OAuthSecurity annotation;
  private final String location;

  private SecurityDeclaration(OAuthSecurity annotation, String location) {
    this.annotation = annotation;
    this.location = location;
  }

  /** The governing annotation, or null when neither the method nor its class declares one. */
  OAuthSecurity annotation() {
    return annotation;
  }

  /** Where the annotation was found, e.g. {@code com.example.Accounts.list()}; null with no annotation. */
  String location() {
    return location;
  }

  /**
   * Resolves the declaration for {@code resourceMethod} as the runtime reports it: Jersey reports the
   * method that carries the JAX-RS annotations (possibly an interface's), RESTEasy the resource class's
   * (which is the interface when {@code @Path} sits on one).
   */
  static SecurityDeclaration of(Class<?> resourceClass, Method resourceMethod) {
    Method implementation = implementation(resourceClass, resourceMethod);
    Method jaxRsDeclaration = implementation;
    for (Method candidate : overriddenChain(implementation)) {
      OAuthSecurity found = candidate.getDeclaredAnnotation(OAuthSecurity.class);
      if (found != null) {
        return new SecurityDeclaration(found, describe(candidate));
      }
      if (hasJaxRsAnnotations(candidate)) {
        jaxRsDeclaration = candidate;
        break;
      }
    }
    for (Class<?> type = resourceClass; type != null && type != Object.class; type = type.getSuperclass()) {
      OAuthSecurity found = type.getDeclaredAnnotation(OAuthSecurity.class);
      if (found != null) {
        return new SecurityDeclaration(found, type.getName());
      }
    }
    Class<?> declaringType = jaxRsDeclaration.getDeclaringClass();
    if (declaringType.isInterface()) {
      OAuthSecurity found = declaringType.getDeclaredAnnotation(OAuthSecurity.class);
      if (found != null) {
        return new SecurityDeclaration(found, declaringType.getName());
      }
    }
    return new SecurityDeclaration(null, null);
  }

  /**
   * Fails when a sub-resource locator of {@code resourceClass} carries {@link OAuthSecurity}: runtimes show
   * features the sub-resource's methods, never the locator, so the annotation would silently do nothing.
   *
   * @throws IllegalArgumentException naming the locator
   */
  static void rejectAnnotatedLocators(Class<?> resourceClass) {
    for (Method method : resourceClass.getMethods()) {
      if (method.isAnnotationPresent(OAuthSecurity.class) && method.isAnnotationPresent(Path.class)
          && !hasHttpMethod(method)) {
        throw new IllegalArgumentException("@OAuthSecurity on the sub-resource locator " + describe(method)
            + " has no effect: JAX-RS runtimes apply features to the sub-resource's methods only;"
            + " annotate the sub-resource class or its methods instead");
      }
    }
  }

  private static boolean hasHttpMethod(Method method) {
    for (Annotation annotation : method.getDeclaredAnnotations()) {
      if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
        return true;
      }
    }
    return false;
  }

  /** The method that runs for {@code method} on an instance of {@code resourceClass}. */
  private static Method implementation(Class<?> resourceClass, Method method) {
    if (method.getDeclaringClass() == resourceClass) {
      return method;
    }
    try {
      return resourceClass.getMethod(method.getName(), method.getParameterTypes());
    } catch (NoSuchMethodException e) {
      // not public in the resource class: the runtime calls the method it reported
      return method;
    }
  }

  /**
   * {@code method} followed by the methods it overrides: in superclasses, nearest first, then in every
   * interface of the class and its superclasses, breadth first — the order of Jakarta REST §3.6.
   */
  private static List<Method> overriddenChain(Method method) {
    List<Method> chain = new ArrayList<>();
    chain.add(method);
    String name = method.getName();
    Class<?>[] parameters = method.getParameterTypes();
    Class<?> declaring = method.getDeclaringClass();
    for (Class<?> type = declaring.getSuperclass(); type != null; type = type.getSuperclass()) {
      addDeclared(chain, type, name, parameters);
    }
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>();
    for (Class<?> type = declaring; type != null; type = type.getSuperclass()) {
      queue.addAll(List.of(type.getInterfaces()));
    }
    while (!queue.isEmpty()) {
      Class<?> type = queue.removeFirst();
      if (type != declaring && interfaces.add(type)) {
        queue.addAll(List.of(type.getInterfaces()));
      }
    }
    for (Class<?> type : interfaces) {
      addDeclared(chain, type, name, parameters);
    }
    return chain;
  }

  private static void addDeclared(List<Method> chain, Class<?> type, String name, Class<?>[] parameters) {
    try {
      chain.add(type.getDeclaredMethod(name, parameters));
    } catch (NoSuchMethodException e) {
      // this type does not declare the method; keep looking above it
    }
  }

  /** Whether the method or one of its parameters carries a JAX-RS annotation (Jakarta REST §3.6). */
  private static boolean hasJaxRsAnnotations(Method method) {
    for (Annotation annotation : method.getDeclaredAnnotations()) {
      if (isJaxRs(annotation)) {
        return true;
      }
    }
    for (Annotation[] parameter : method.getParameterAnnotations()) {
      for (Annotation annotation : parameter) {
        if (isJaxRs(annotation)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isJaxRs(Annotation annotation) {
    Class<? extends Annotation> type = annotation.annotationType();
    return type.getName().startsWith("jakarta.ws.rs.") || type.isAnnotationPresent(HttpMethod.class);
  }

  private static String describe(Method method) {
    StringBuilder out = new StringBuilder(method.getDeclaringClass().getName()).append('.')
        .append(method.getName()).append('(');
    Class<?>[] parameters = method.getParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      out.append(i == 0 ? "" : ", ").append(parameters[i].getSimpleName());
    }
    return out.append(')').toString();
  }
}
