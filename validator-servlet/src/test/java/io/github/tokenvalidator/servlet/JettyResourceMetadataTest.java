package io.github.tokenvalidator.servlet;

/** RFC 9728 metadata and step-up through the filter in embedded Jetty 12 (ee10). */
class JettyResourceMetadataTest extends ResourceMetadataContract {
  @Override
  TestContainer start(TestContainer.Application application) throws Exception {
    return JettyContainer.start(application);
  }
}
