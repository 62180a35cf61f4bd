package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.examples.PublicResource;
import io.github.tokenvalidator.jaxrs.OAuthSecurity;
import io.github.tokenvalidator.jaxrs.TokenValidationFeature;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.servlet.SecurityRules;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Collections;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The Java blocks of docs/getting-started.md that BalanceEndpointTest does not run.
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class GettingStartedSnippets {

  // docs/getting-started.md, Java block 1
  void configureInCode(String secret) throws Exception {
    TokenValidator validator = TokenValidator.builder()
        .serverUrl("https://mfp.example.com/mfp/api")
        .clientCredentials("bank-backend", secret)
        .build();
  }

  // docs/getting-started.md, Java block 2
  void configureFromTheEnvironment() throws Exception {
    TokenValidator validator = TokenValidator.builder().environment(System.getenv()).build();
    // TOKENVALIDATOR_SERVER_URL=https://mfp.example.com/mfp/api
    // TOKENVALIDATOR_CLIENT_ID=bank-backend
    // TOKENVALIDATOR_CLIENT_SECRET=...
  }

  // docs/getting-started.md, Java block 3
  void validate(TokenValidator validator, HttpServletRequest request, HttpServletResponse response) throws Exception {
    ValidationResult result = validator.validate(request.getHeader("Authorization"), "accessRestricted");
    if (!result.isValid()) {
      AuthenticationError error = result.error();   // 401, 403, 409 or 503, ready to send
      response.setStatus(error.status());
      error.headers().forEach(response::setHeader);  // WWW-Authenticate, Retry-After, ...
      return;
    }
    TokenInfo token = result.token();                // scope, client id, username, expiry, mfp-* data
  }

  // docs/getting-started.md, Java block 4
  void validateRequest(TokenValidator validator, HttpServletRequest request) throws Exception {
    ValidationResult result = validator.validateRequest(
        Collections.list(request.getHeaders("Authorization")), request.getQueryString(), Scope.of("accessRestricted"));
  }

  // docs/getting-started.md, Java block 5
  void protectWithTheFilter(TokenValidator validator, ServletContextHandler context) throws Exception {
    SecurityRules rules = SecurityRules.parse("""
        /public/* permit
        /api/balance accessRestricted
        /api/* authenticated
        """);
    context.addFilter(new FilterHolder(new BearerTokenFilter(validator, rules)), "/*",
        EnumSet.of(DispatcherType.REQUEST));
  }

  // docs/getting-started.md, Java block 6
  void readThePrincipal(HttpServletRequest request) throws Exception {
    TokenPrincipal principal = (TokenPrincipal) request.getUserPrincipal();
    String user = principal.getName();                                   // username, else subject, else client id
    String device = principal.token().mobileFirst().device().id();       // mfp-device
  }

  // docs/getting-started.md, Java block 7
  @Path("/api")
  public class AccountResource {

    @GET
    @Path("/balance")
    @Produces(MediaType.APPLICATION_JSON)
    @OAuthSecurity(scope = "accessRestricted")        // 403 naming accessRestricted otherwise
    public Response balance(@Context SecurityContext security) {
      TokenPrincipal principal = (TokenPrincipal) security.getUserPrincipal();
      throw new UnsupportedOperationException("not part of the example");
    }
  }

  // docs/getting-started.md, Java block 8
  void registerTheFeature(TokenValidator validator) throws Exception {
    ResourceConfig application = new ResourceConfig(PublicResource.class, AccountResource.class)
        .register(TokenValidationFeature.of(validator));
  }
}
