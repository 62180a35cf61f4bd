package io.github.tokenvalidator.jaxrs;

/** RFC 9728 metadata and step-up on Jersey 3.1 and the JDK HTTP server. */
class JerseyResourceMetadataTest extends ResourceMetadataContract {
  @Override
  JaxRsRuntime runtime() {
    return new JerseyRuntime();
  }
}
