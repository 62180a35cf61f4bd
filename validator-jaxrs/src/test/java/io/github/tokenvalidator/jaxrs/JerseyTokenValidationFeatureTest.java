package io.github.tokenvalidator.jaxrs;

/** The shared cases on Jersey 3.1 and the JDK HTTP server. */
class JerseyTokenValidationFeatureTest extends TokenValidationFeatureContract {
  @Override
  JaxRsRuntime runtime() {
    return new JerseyRuntime();
  }
}
