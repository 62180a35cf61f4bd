package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.testing.TestTls;

/** The filter's request view in embedded Tomcat 10.1 over TLS (JSSE). */
class TomcatRequestViewTest extends RequestViewContract {
  @Override
  TestContainer startTls(TestContainer.Application application, TestTls tls) throws Exception {
    return TomcatContainer.startTls(application, tls);
  }
}
