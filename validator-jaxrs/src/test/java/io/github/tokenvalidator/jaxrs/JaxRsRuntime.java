package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.testing.TestTls;
import jakarta.ws.rs.core.Application;
import java.net.URI;

/** Starts a JAX-RS application on one runtime's embedded HTTP server, on 127.0.0.1 and a free port. */
interface JaxRsRuntime {

  /**
   * Deploys {@code application} and starts serving it.
   *
   * @throws RuntimeException (whatever the runtime throws) if deployment fails
   */
  RunningApplication start(Application application) throws Exception;

  /**
   * As {@link #start}, on HTTPS only with {@code tls}'s server certificate, asking clients for theirs
   * (optional).
   */
  RunningApplication startTls(Application application, TestTls tls) throws Exception;

  /** This runtime's feature enforcing {@code @RolesAllowed} against the request's security context. */
  Object rolesAllowedFeature();

  /** A started application; {@link #close()} stops its server. */
  interface RunningApplication extends AutoCloseable {
    /** The base URI, ending in {@code /}: {@code http://127.0.0.1:port/}, or {@code https://} for {@link #startTls}. */
    URI baseUri();

    @Override
    void close();
  }
}
