package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.testing.TestTls;

/** The filter's request view in embedded Jetty 12 (ee10) over TLS. */
class JettyRequestViewTest extends RequestViewContract {
  @Override
  TestContainer startTls(TestContainer.Application application, TestTls tls) {
    return JettyContainer.startTls(application, tls);
  }
}
