package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.jaxrs.OAuthSecurity;
import io.github.tokenvalidator.jaxrs.TokenValidationFeature;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.interceptors.RoleBasedSecurityFeature;
import org.jboss.resteasy.spi.ResteasyDeployment;

/**
 * The Java blocks of docs/jaxrs.md but its complete program (validator-examples'
 * {@code examples.guides.BankApi}, run end to end by GuideProgramsTest there).
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
@SuppressWarnings("deprecation") // Application.getSingletons, as the guide shows it
class JaxrsGuideSnippets {
  record Account() {}
  record Rates() {}
  record Transfer() {}
  record Profile(String name, String clientId, Instant expiresAt, String displayName, String deviceId) {}

  // docs/jaxrs.md, Java block 2
  @Path("/accounts")
  @OAuthSecurity(scope = "accounts.read")          // every method needs accounts.read ...
  public class AccountResource {

    @GET
    public List<Account> list() {
      throw new UnsupportedOperationException("not part of the example");
    }

    @POST
    @OAuthSecurity(scope = "accounts.write")       // ... except this one: accounts.write (not both)
    public Account open(Account account) {
      throw new UnsupportedOperationException("not part of the example");
    }

    @GET
    @Path("/rates")
    @OAuthSecurity(enabled = false)                // open: no token needed
    public Rates rates() {
      throw new UnsupportedOperationException("not part of the example");
    }

    @GET
    @Path("/transfers")
    @OAuthSecurity(scope = "accounts.read accounts.write")  // the token must cover every element
    public List<Transfer> transfers() {
      throw new UnsupportedOperationException("not part of the example");
    }
  }

  // docs/jaxrs.md, Java block 3
  void featureOfAValidator(Map<String, String> settings) throws Exception {
    TokenValidator validator = TokenValidator.builder()
        .properties(settings)                 // tokenvalidator.server-url, client-id, client-secret, …
        .build();
    TokenValidationFeature feature = TokenValidationFeature.of(validator);
  }

  // docs/jaxrs.md, Java block 4
  void featureFromTheEnvironment() throws Exception {
    TokenValidationFeature feature = TokenValidationFeature.fromEnvironment(System.getenv());
    // or TokenValidationFeature.fromProperties(Map<String, String>) with tokenvalidator.* keys
  }

  // docs/jaxrs.md, Java block 5
  void protectingOnlyAnnotated(TokenValidator validator) throws Exception {
    TokenValidationFeature feature = TokenValidationFeature.of(validator).protectingOnlyAnnotated();
  }

  // docs/jaxrs.md, Java block 6
  void jersey() throws Exception {
    TokenValidationFeature feature = TokenValidationFeature.fromEnvironment(System.getenv());
    ResourceConfig config = new ResourceConfig(AccountResource.class)
        .register(feature)
        .register(RolesAllowedDynamicFeature.class)   // optional: @RolesAllowed by scope, see below
        .register(new ContainerLifecycleListener() {
          @Override public void onStartup(Container container) {}
          @Override public void onReload(Container container) {}
          @Override public void onShutdown(Container container) { feature.close(); }
        });
  }

  // docs/jaxrs.md, Java block 7
  void resteasy(TokenValidationFeature feature) throws Exception {
    ResteasyDeployment deployment = new ResteasyDeploymentImpl();
    deployment.getActualResourceClasses().add(AccountResource.class);
    deployment.getProviders().add(feature);
    deployment.getActualProviderClasses().add(RoleBasedSecurityFeature.class);  // optional: @RolesAllowed
  }

  // docs/jaxrs.md, Java block 8
  @ApplicationPath("/api")
  public class BankApplication extends Application {
    private final TokenValidationFeature feature = TokenValidationFeature.fromEnvironment(System.getenv());

    @Override
    public Set<Class<?>> getClasses() {
      return Set.of(AccountResource.class);
    }

    @Override
    public Set<Object> getSingletons() {        // deprecated in 3.1 in favour of CDI, still supported
      return Set.of(feature);
    }
  }

  // docs/jaxrs.md, Java block 9
  @Provider
  public class BankSecurity implements DynamicFeature {
    static final TokenValidationFeature FEATURE = TokenValidationFeature.fromEnvironment(System.getenv());

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
      FEATURE.configure(resourceInfo, context);
    }
  }

  // docs/jaxrs.md, Java block 10
  @GET
  @Path("/me")
  @OAuthSecurity(scope = "accounts.read")
  public Profile me(@Context SecurityContext security) {
    TokenPrincipal principal = (TokenPrincipal) security.getUserPrincipal();
    TokenInfo token = principal.token();                    // every introspection claim
    TokenInfo.MobileFirst mfp = token.mobileFirst();
    TokenInfo.User user = mfp.user();                       // mfp-user; null when no user logged in
    TokenInfo.Device device = mfp.device();                 // mfp-device: id, platform, status, …
    TokenInfo.Application app = mfp.application();          // mfp-application: id, version, …
    Object pinCheck = mfp.checks().get("PinCodeAttempts");  // mfp-checks: a security check's data
    return new Profile(principal.getName(), token.clientId(), token.expiresAt(),
        user == null ? null : user.displayName(), device == null ? null : device.id());
  }

  // docs/jaxrs.md, Java block 11
  @DELETE
  @Path("/{id}")
  @RolesAllowed("accounts.admin")   // 403 unless the token's scope covers accounts.admin
  public void close(@PathParam("id") String id) {
    throw new UnsupportedOperationException("not part of the example");
  }
}
