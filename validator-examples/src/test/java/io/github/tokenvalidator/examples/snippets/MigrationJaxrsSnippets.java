package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.jaxrs.OAuthSecurity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * The JAX-RS Java blocks of docs/migration-from-mobilefirst.md.
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class MigrationJaxrsSnippets {

  // docs/migration-from-mobilefirst.md, Java block 7
  @Path("/")
  public class BalanceResource {
    @GET
    @Path("/getBalance")
    @OAuthSecurity(scope = "accessRestricted")
    public String balance() {
      return "17364.9";
    }
  }
}
