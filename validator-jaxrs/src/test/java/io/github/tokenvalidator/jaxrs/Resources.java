package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * The resources the runtime tests deploy. Each answers {@code <method> <principal name or ->} so a test
 * sees which method ran and for whom.
 */
final class Resources {
  private Resources() {}

  static String ran(String method, SecurityContext security) {
    Principal principal = security.getUserPrincipal();
    return method + " " + (principal == null ? "-" : principal.getName());
  }

  /** No annotation anywhere: the feature's policy for unannotated resources decides. */
  @Path("unannotated")
  @Produces(MediaType.TEXT_PLAIN)
  public static class Unannotated {
    @GET
    public String get(@Context SecurityContext security) {
      return ran("unannotated", security);
    }

    @OPTIONS
    @Path("explicit-options")
    public String options(@Context SecurityContext security) {
      return ran("explicit-options", security);
    }
  }

  /**
   * An open health endpoint reporting the health of the validator in the application property
   * {@link #VALIDATOR}, as an application does with {@link TokenValidationFeature#validator()}: 503 with the
   * cause when DOWN.
   */
  @Path("validator-health")
  @Produces(MediaType.TEXT_PLAIN)
  @OAuthSecurity(enabled = false)
  public static class ValidatorHealth {
    static final String VALIDATOR = "test.validator";

    @GET
    public Response get(@Context Configuration configuration) {
      Health health = ((TokenValidator) configuration.getProperty(VALIDATOR)).health();
      return Response.status(health.status() == Health.Status.DOWN ? 503 : 200)
          .entity(health.status() + (health.detail() == null ? "" : ": " + health.detail())).build();
    }
  }

  /** Reports what the security context says about the request. */
  @Path("whoami")
  @Produces(MediaType.TEXT_PLAIN)
  @OAuthSecurity(scope = "accounts.read")
  public static class WhoAmI {
    @GET
    public String get(@Context SecurityContext security) {
      TokenPrincipal principal = (TokenPrincipal) security.getUserPrincipal();
      TokenInfo token = principal.token();
      return "name=" + principal.getName()
          + "\nscheme=" + security.getAuthenticationScheme()
          + "\nsecure=" + security.isSecure()
          + "\nrole accounts.read=" + security.isUserInRole("accounts.read")
          + "\nrole accounts.write=" + security.isUserInRole("accounts.write")
          + "\nscope=" + token.scope()
          + "\ndevice=" + token.mobileFirst().device().id()
          + "\napplication=" + token.mobileFirst().application().id();
    }
  }

  @Path("accounts")
  @Produces(MediaType.TEXT_PLAIN)
  @OAuthSecurity(scope = "accounts.read")
  public static class Accounts {
    @GET
    public String list(@Context SecurityContext security) {
      return ran("list", security);
    }

    @POST
    @OAuthSecurity(scope = "accounts.write")
    public String open(@Context SecurityContext security) {
      return ran("open", security);
    }

    @GET
    @Path("rates")
    @OAuthSecurity(enabled = false)
    public String rates(@Context SecurityContext security) {
      return ran("rates", security);
    }

    @GET
    @Path("transfers")
    @OAuthSecurity(scope = "accounts.read accounts.write")
    public String transfers(@Context SecurityContext security) {
      return ran("transfers", security);
    }
  }

  @Path("catalog")
  @Produces(MediaType.TEXT_PLAIN)
  @OAuthSecurity(enabled = false)
  public static class Catalog {
    @GET
    public String browse(@Context SecurityContext security) {
      return ran("browse", security);
    }

    @GET
    @Path("orders")
    @OAuthSecurity(scope = "orders.read")
    public String orders(@Context SecurityContext security) {
      return ran("orders", security);
    }
  }

  /** A shared API interface: {@code @Path} and the declarations live on it. */
  @Path("api")
  @Produces(MediaType.TEXT_PLAIN)
  @OAuthSecurity(scope = "api")
  public interface Api {
    @GET
    @OAuthSecurity(scope = "api.read")
    String read(@Context SecurityContext security);

    @GET
    @Path("open")
    @OAuthSecurity(enabled = false)
    String open(@Context SecurityContext security);

    @GET
    @Path("plain")
    String plain(@Context SecurityContext security);

    @GET
    @Path("overridden")
    @OAuthSecurity(scope = "api.read")
    String overridden(@Context SecurityContext security);

    @GET
    @Path("redeclared")
    @OAuthSecurity(scope = "api.read")
    String redeclared(@Context SecurityContext security);
  }

  public static class ApiImpl implements Api {
    @Override
    public String read(SecurityContext security) {
      return ran("read", security);
    }

    @Override
    public String open(SecurityContext security) {
      return ran("open", security);
    }

    @Override
    public String plain(SecurityContext security) {
      return ran("plain", security);
    }

    /** Overrides the interface's scope without touching the JAX-RS annotations it inherits. */
    @Override
    @OAuthSecurity(scope = "impl.only")
    public String overridden(SecurityContext security) {
      return ran("overridden", security);
    }

    /** JAX-RS annotations of its own: JAX-RS, and so this SDK, ignore the interface method's. */
    @Override
    @GET
    @Path("redeclared")
    public String redeclared(@Context SecurityContext security) {
      return ran("redeclared", security);
    }
  }

  /** A root resource whose locators hand out sub-resources. */
  @Path("shop")
  @Produces(MediaType.TEXT_PLAIN)
  @OAuthSecurity(enabled = false)
  public static class Shop {
    @GET
    public String front(@Context SecurityContext security) {
      return ran("front", security);
    }

    @Path("items")
    public Items items() {
      return new Items();
    }

    @Path("basket")
    public Basket basket() {
      return new Basket();
    }
  }

  @OAuthSecurity(scope = "items.read")
  @Produces(MediaType.TEXT_PLAIN)
  public static class Items {
    @GET
    public String list(@Context SecurityContext security) {
      return ran("items", security);
    }

    @GET
    @Path("{id}")
    @OAuthSecurity(scope = "items.admin")
    public String one(@PathParam("id") String id, @Context SecurityContext security) {
      return ran("item " + id, security);
    }
  }

  /** A sub-resource with no annotation: the feature's policy decides. */
  @Produces(MediaType.TEXT_PLAIN)
  public static class Basket {
    @GET
    public String get(@Context SecurityContext security) {
      return ran("basket", security);
    }
  }

  @Path("payroll")
  @Produces(MediaType.TEXT_PLAIN)
  public static class Payroll {
    @GET
    @RolesAllowed("payroll.admin")
    public String get(@Context SecurityContext security) {
      return ran("payroll", security);
    }
  }

  @Path("misdeclared")
  public static class MalformedScope {
    @GET
    @OAuthSecurity(scope = "caf\u00e9")
    public String get() {
      return "never";
    }
  }

  @Path("misplaced")
  public static class AnnotatedLocator {
    @GET
    public String get() {
      return "never";
    }

    @Path("items")
    @OAuthSecurity(scope = "items.read")
    public Items items() {
      return new Items();
    }
  }

  /**
   * What a deployment behind a TLS-terminating proxy installs: marks the request secure when the proxy
   * says it arrived over https.
   */
  @PreMatching
  @Priority(Priorities.AUTHENTICATION - 100)
  public static class ForwardedProtoFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      if (!"https".equals(request.getHeaderString("X-Forwarded-Proto"))) {
        return;
      }
      SecurityContext original = request.getSecurityContext();
      request.setSecurityContext(new SecurityContext() {
        @Override
        public Principal getUserPrincipal() {
          return original.getUserPrincipal();
        }

        @Override
        public boolean isUserInRole(String role) {
          return original.isUserInRole(role);
        }

        @Override
        public boolean isSecure() {
          return true;
        }

        @Override
        public String getAuthenticationScheme() {
          return original.getAuthenticationScheme();
        }
      });
    }
  }
}
