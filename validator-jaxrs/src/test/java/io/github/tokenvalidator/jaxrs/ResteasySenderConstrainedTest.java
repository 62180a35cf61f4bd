package io.github.tokenvalidator.jaxrs;

/** Sender-constrained tokens on RESTEasy, which shows the client certificate the TLS layer verified. */
class ResteasySenderConstrainedTest extends SenderConstrainedContract {
  @Override
  JaxRsRuntime runtime() {
    return new ResteasyRuntime();
  }

  @Override
  boolean exposesClientCertificates() {
    return true;
  }
}
