package io.github.tokenvalidator.examples;

import io.github.tokenvalidator.jaxrs.OAuthSecurity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** The JAX-RS sample app's open resources: {@code enabled = false} lets requests in without a token. Thread-safe. */
@Path("/public")
@OAuthSecurity(enabled = false)
public class PublicResource {

  @GET
  @Path("/hello")
  @Produces(SampleResponses.JSON)
  public String hello() {
    return SampleResponses.hello();
  }
}
