package io.github.tokenvalidator.servlet;

/** RFC 9728 metadata and step-up through the filter in embedded Tomcat 10.1. */
class TomcatResourceMetadataTest extends ResourceMetadataContract {
  @Override
  TestContainer start(TestContainer.Application application) throws Exception {
    return TomcatContainer.start(application);
  }
}
