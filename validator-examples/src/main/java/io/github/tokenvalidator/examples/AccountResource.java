package io.github.tokenvalidator.examples;

import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.jaxrs.OAuthSecurity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The JAX-RS sample app's protected resources, declared as in a MobileFirst Java adapter. Each reads the
 * token from the {@link SecurityContext}, whose principal is a {@link TokenPrincipal}. Thread-safe.
 */
@Path("/api")
public class AccountResource {

  /** Any valid token: {@code @OAuthSecurity} without a scope. */
  @GET
  @Path("/profile")
  @Produces(SampleResponses.JSON)
  @OAuthSecurity
  public Response profile(@Context SecurityContext security) {
    return personal(SampleResponses.profile((TokenPrincipal) security.getUserPrincipal()));
  }

  /** A token whose scope covers {@code accessRestricted}; otherwise 403 naming that scope. */
  @GET
  @Path("/balance")
  @Produces(SampleResponses.JSON)
  @OAuthSecurity(scope = "accessRestricted")
  public Response balance(@Context SecurityContext security) {
    return personal(SampleResponses.balance((TokenPrincipal) security.getUserPrincipal()));
  }

  /** An answer about the caller, which no cache along the way should keep. */
  private static Response personal(String json) {
    return Response.ok(json).header("Cache-Control", "no-store").build();
  }
}
