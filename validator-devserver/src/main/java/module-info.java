/**
 * A MobileFirst-compatible development authorization server on the JDK's HTTP server, for tests and local
 * work: {@code DevAuthorizationServer}. Never for production.
 */
module io.github.tokenvalidator.devserver {
  // the server's signatures name core's types (Scope)
  requires transitive io.github.tokenvalidator;
  requires jdk.httpserver;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;

  exports io.github.tokenvalidator.devserver;
}
