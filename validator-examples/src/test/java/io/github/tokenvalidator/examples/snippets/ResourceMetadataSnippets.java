package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.jaxrs.OAuthSecurity;
import io.github.tokenvalidator.jaxrs.TokenValidationFeature;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The Java blocks of the metadata and step-up sections of docs/jaxrs.md. Compiled, not run: the code only
 * has to stay what the guide shows; DocSnippetsTest checks that it does. Edit the two together.
 */
class ResourceMetadataSnippets {

  /** A resource with a step-up method. */
  @Path("mcp")
  public static class McpResource {
    // docs/jaxrs.md, Protected resource metadata and step-up, block 2
    @POST
    @Path("transfer")
    @OAuthSecurity(scope = "payments.write", acrValues = "urn:example:mfa", maxAge = 300)
    public String transfer() {
      return "transferred";
    }
  }

  // docs/jaxrs.md, Protected resource metadata and step-up, block 1
  ResourceConfig metadata(TokenValidator validator) {
    TokenValidationFeature feature = TokenValidationFeature.of(validator);
    ResourceConfig config = new ResourceConfig(McpResource.class).register(feature).register(feature.metadata());
    return config;
  }
}
