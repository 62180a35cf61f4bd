package io.github.tokenvalidator.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.undertow.Undertow;
import io.undertow.servlet.api.DeploymentInfo;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.interceptors.RoleBasedSecurityFeature;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;
import org.junit.jupiter.api.Test;

/** The RESTEasy registration of {@code docs/jaxrs.md}, as written there. */
class ResteasyRegistrationTest {

  @Test
  void deploymentFromTheGuideProtectsAndEnforcesRolesAllowed() throws Exception {
    try (MockAuthorizationServer authServer = MockAuthorizationServer.start()
            .activeToken("reader", "accounts.read", "alice")
            .activeToken("payroll", "payroll.admin", "mallory");
        TokenValidator validator = authServer.validatorBuilder().build()) {
      TokenValidationFeature feature = TokenValidationFeature.of(validator);

      ResteasyDeployment deployment = new ResteasyDeploymentImpl();
      deployment.getActualResourceClasses().add(Resources.Accounts.class);
      deployment.getActualResourceClasses().add(Resources.Payroll.class);
      deployment.getProviders().add(feature);
      deployment.getActualProviderClasses().add(RoleBasedSecurityFeature.class);

      Server server = new Server();
      server.start(Undertow.builder().addHttpListener(0, "127.0.0.1"));
      try {
        DeploymentInfo info = server.undertowDeployment(deployment, "/")
            .setContextPath("/").setDeploymentName("guide").setClassLoader(getClass().getClassLoader());
        server.deploy(info);

        assertThat(status(server, "accounts", null)).isEqualTo(401);
        assertThat(status(server, "accounts", "reader")).isEqualTo(200);
        assertThat(status(server, "payroll", "reader")).isEqualTo(403);
        assertThat(status(server, "payroll", "payroll")).isEqualTo(200);
      } finally {
        server.stop();
      }
    }
  }

  private static int status(Server server, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/" + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static final class Server extends UndertowJaxrsServer {
    int port() {
      return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }
  }
}
