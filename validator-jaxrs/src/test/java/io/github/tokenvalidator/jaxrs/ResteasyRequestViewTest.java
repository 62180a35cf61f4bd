package io.github.tokenvalidator.jaxrs;

/**
 * The request view on RESTEasy 6.2 and Undertow over TLS: RESTEasy's servlet dispatcher shows the servlet
 * request's certificate attribute as a property.
 */
class ResteasyRequestViewTest extends RequestViewContract {
  @Override
  JaxRsRuntime runtime() {
    return new ResteasyRuntime();
  }

  @Override
  boolean exposesClientCertificates() {
    return true;
  }
}
