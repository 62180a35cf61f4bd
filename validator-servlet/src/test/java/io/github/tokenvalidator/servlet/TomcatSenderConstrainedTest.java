package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.testing.TestTls;

/** Sender-constrained tokens through the filter in embedded Tomcat over TLS. */
class TomcatSenderConstrainedTest extends SenderConstrainedContract {
  @Override
  TestContainer startTls(TestContainer.Application application, TestTls tls) throws Exception {
    return TomcatContainer.startTls(application, tls);
  }
}
