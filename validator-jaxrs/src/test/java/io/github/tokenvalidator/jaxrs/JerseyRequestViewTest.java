package io.github.tokenvalidator.jaxrs;

/** The request view on Jersey 3.1 and the JDK's HTTPS server, which shows no client certificates. */
class JerseyRequestViewTest extends RequestViewContract {
  @Override
  JaxRsRuntime runtime() {
    return new JerseyRuntime();
  }

  @Override
  boolean exposesClientCertificates() {
    return false;
  }
}
