/**
 * Bearer token validation for Java services: the public API is the package
 * {@code io.github.tokenvalidator}; the engine stays internal.
 */
// "module": the dev server is not always on the module path when core is compiled
@SuppressWarnings("module")
module io.github.tokenvalidator {
  requires java.net.http;
  requires com.fasterxml.jackson.core;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;

  exports io.github.tokenvalidator;
  exports io.github.tokenvalidator.spi;
  // validator-redis provides the shared cache that shared-cache.uri asks for
  uses io.github.tokenvalidator.spi.SharedStoreProvider;
  // The dev server reads Authorization headers with the validator's own parser (AuthorizationCredentials);
  // no other module may reach the engine.
  exports io.github.tokenvalidator.internal.request to io.github.tokenvalidator.devserver;
  // ... and checks the DPoP proofs sent to its token endpoint with the validator's own rules.
  exports io.github.tokenvalidator.internal.dpop to io.github.tokenvalidator.devserver;
}
