package io.github.tokenvalidator.examples.guides;

import com.sun.net.httpserver.HttpServer;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.jaxrs.OAuthSecurity;
import io.github.tokenvalidator.jaxrs.TokenValidationFeature;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.concurrent.Executors;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/*
 * The JAX-RS program of docs/getting-started.md, section 5, as written there (DocSnippetsTest checks it);
 * GuideProgramsTest runs it against the dev server. Edit the two together.
 */
public class BalanceApi {

  public static void main(String[] args) {
    // TOKENVALIDATOR_SERVER_URL, TOKENVALIDATOR_CLIENT_ID, TOKENVALIDATOR_CLIENT_SECRET, ...
    TokenValidator validator = TokenValidator.fromEnvironment(System.getenv());
    HttpServer server = start(validator, 8080);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {   // Ctrl-C: stop serving, then close the validator
      server.stop(1);
      validator.close();
    }));
  }

  static HttpServer start(TokenValidator validator, int port) {
    ResourceConfig application = new ResourceConfig(AccountResource.class)
        .register(TokenValidationFeature.of(validator));
    HttpServer server = JdkHttpServerFactory.createHttpServer(
        URI.create("http://localhost:" + port + "/"), application, false);
    server.setExecutor(Executors.newFixedThreadPool(16));   // the default is one thread for every request
    server.start();
    return server;
  }

  @Path("/api")
  public static class AccountResource {

    @GET
    @Path("/balance")
    @Produces(MediaType.TEXT_PLAIN)
    @OAuthSecurity(scope = "accessRestricted")        // 403 naming accessRestricted otherwise
    public String balance(@Context SecurityContext security) {
      TokenPrincipal principal = (TokenPrincipal) security.getUserPrincipal();
      return "Balance of " + principal.getName() + ": 1024.00 EUR\n";
    }
  }
}
