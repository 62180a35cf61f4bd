package io.github.tokenvalidator.jaxrs;

/** Sender-constrained tokens on Jersey 3.1 and the JDK's HTTPS server, which shows no client certificates. */
class JerseySenderConstrainedTest extends SenderConstrainedContract {
  @Override
  JaxRsRuntime runtime() {
    return new JerseyRuntime();
  }

  @Override
  boolean exposesClientCertificates() {
    return false;
  }
}
