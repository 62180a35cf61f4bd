package io.github.tokenvalidator.jaxrs;

/** RFC 9728 metadata and step-up on RESTEasy and Undertow. */
class ResteasyResourceMetadataTest extends ResourceMetadataContract {
  @Override
  JaxRsRuntime runtime() {
    return new ResteasyRuntime();
  }
}
