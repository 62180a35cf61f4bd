/**
 * Bearer token validation for Java services: the public API is the package
 * {@code io.github.tokenvalidator}; the engine stays internal.
 */
module io.github.tokenvalidator {
  requires java.net.http;
  requires com.fasterxml.jackson.core;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;

  exports io.github.tokenvalidator;
}
