package io.github.tokenvalidator.liberty.apps;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/** JAX-RS resources guarded by @RolesAllowed; server.xml maps each role to a scope element's group. */
@Path("/")
public class AccountsResource {
  @GET
  @Path("accounts")
  @Produces("text/plain")
  @RolesAllowed("accessRestricted")
  public String accounts(@Context SecurityContext security) {
    return "accounts of " + security.getUserPrincipal().getName() + " transfers="
        + security.isUserInRole("transfers");
  }

  @GET
  @Path("audit")
  @Produces("text/plain")
  @RolesAllowed("audit")
  public String audit() {
    return "audit";
  }
}
