package io.github.tokenvalidator.jaxrs;

/** The shared cases on RESTEasy 6.2 and Undertow. */
class ResteasyTokenValidationFeatureTest extends TokenValidationFeatureContract {
  @Override
  JaxRsRuntime runtime() {
    return new ResteasyRuntime();
  }
}
