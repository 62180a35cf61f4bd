package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.testing.TestTls;

/** Sender-constrained tokens through the filter in embedded Jetty 12 (ee10) over TLS. */
class JettySenderConstrainedTest extends SenderConstrainedContract {
  @Override
  TestContainer startTls(TestContainer.Application application, TestTls tls) {
    return JettyContainer.startTls(application, tls);
  }
}
