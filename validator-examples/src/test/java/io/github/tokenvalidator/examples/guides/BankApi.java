package io.github.tokenvalidator.examples.guides;

import com.sun.net.httpserver.HttpServer;
import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.jaxrs.OAuthSecurity;
import io.github.tokenvalidator.jaxrs.TokenValidationFeature;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.concurrent.Executors;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/*
 * The complete program of docs/jaxrs.md, "A complete application", as written there (DocSnippetsTest checks
 * it); GuideProgramsTest runs it against the dev server. Edit the two together.
 */
public class BankApi {

  public static void main(String[] args) {
    // TOKENVALIDATOR_SERVER_URL, TOKENVALIDATOR_CLIENT_ID, TOKENVALIDATOR_CLIENT_SECRET, ...
    TokenValidationFeature feature = TokenValidationFeature.fromEnvironment(System.getenv());
    HttpServer server = start(feature, 8080);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {   // Ctrl-C: stop serving, then close the validator
      server.stop(1);
      feature.close();
    }));
  }

  static HttpServer start(TokenValidationFeature feature, int port) {
    ResourceConfig application = new ResourceConfig(AccountResource.class, HealthResource.class)
        .register(feature)
        .property(HealthResource.VALIDATOR, feature.validator());
    HttpServer server = JdkHttpServerFactory.createHttpServer(
        URI.create("http://localhost:" + port + "/"), application, false);
    server.setExecutor(Executors.newFixedThreadPool(16));   // the default is one thread for every request
    server.start();
    return server;
  }

  @Path("/accounts")
  @OAuthSecurity(scope = "accounts.read")          // every method needs accounts.read
  public static class AccountResource {

    @GET
    @Path("/{id}/balance")
    @Produces(MediaType.TEXT_PLAIN)
    public String balance(@PathParam("id") String id, @Context SecurityContext security) {
      TokenPrincipal principal = (TokenPrincipal) security.getUserPrincipal();
      return "Balance of account " + id + " for " + principal.getName() + ": 1024.00 EUR\n";
    }
  }

  @Path("/health")
  @OAuthSecurity(enabled = false)                  // open: probes carry no token
  public static class HealthResource {
    static final String VALIDATOR = "bank.validator";  // the application property holding it

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response health(@Context Configuration configuration) {
      Health health = ((TokenValidator) configuration.getProperty(VALIDATOR)).health();
      return Response.status(health.status() == Health.Status.DOWN ? 503 : 200).entity(health.status() + "\n")
          .build();
    }
  }
}
