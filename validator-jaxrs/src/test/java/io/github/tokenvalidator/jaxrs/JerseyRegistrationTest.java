package io.github.tokenvalidator.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Jersey registration of {@code docs/jaxrs.md}, as written there. */
class JerseyRegistrationTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private MockAuthorizationServer authServer;

  @BeforeEach
  void startAuthorizationServer() {
    authServer = MockAuthorizationServer.start()
        .activeToken("reader", "accounts.read", "alice")
        .activeToken("banker", "accounts.*", "carol");
  }

  @AfterEach
  void stopAuthorizationServer() {
    authServer.close();
  }

  @Test
  void resourceConfigFromTheGuideProtectsAndItsShutdownListenerClosesTheOwnedValidator() throws Exception {
    TokenValidationFeature feature = TokenValidationFeature.fromProperties(Map.of(
        "tokenvalidator.server-url", authServer.serverUrl(),
        "tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID,
        "tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET));
    ResourceConfig config = new ResourceConfig(Resources.Accounts.class, Resources.Payroll.class)
        .register(feature)
        .register(RolesAllowedDynamicFeature.class)
        .register(new ContainerLifecycleListener() {
          @Override public void onStartup(Container container) {}
          @Override public void onReload(Container container) {}
          @Override public void onShutdown(Container container) { feature.close(); }
        });
    // a second application sharing the feature shows whether the first one's shutdown closed it
    HttpServer guide = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config);
    HttpServer witness = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
        new ResourceConfig(Resources.Accounts.class).register(feature));
    try {
      assertThat(status(guide, "accounts", "reader")).isEqualTo(200);
      assertThat(status(guide, "payroll", "reader")).isEqualTo(403);
      assertThat(status(witness, "accounts", "banker")).isEqualTo(200);

      guide.stop(0);

      assertThat(status(witness, "accounts", "banker")).isEqualTo(503);
    } finally {
      witness.stop(0);
      feature.close();
    }
  }

  private int status(HttpServer server, String path, String token) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
