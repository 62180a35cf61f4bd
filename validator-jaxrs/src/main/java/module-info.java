/**
 * JAX-RS support: the {@code @OAuthSecurity} annotation and {@code TokenValidationFeature}, which protects
 * annotated resources with bearer tokens.
 */
module io.github.tokenvalidator.jaxrs {
  // the feature's signatures name core's types (TokenValidator) and the JAX-RS API's (DynamicFeature)
  requires transitive io.github.tokenvalidator;
  // provided by the runtime (Jersey, RESTEasy, ...) and needed there: the feature is a DynamicFeature
  requires transitive jakarta.ws.rs;

  exports io.github.tokenvalidator.jaxrs;
}
