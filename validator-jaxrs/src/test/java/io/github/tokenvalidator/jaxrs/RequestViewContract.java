package io.github.tokenvalidator.jaxrs;

import io.github.tokenvalidator.testing.RequestViews;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.RequestView;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.TestTls;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The view the feature's filter hands to core ({@link JaxrsRequestView}), in a real runtime on HTTPS that
 * asks clients for a certificate: {@code /view/*} answers what the view shows and what
 * {@link TokenValidator#requestUri} makes of it. Written once, run by one subclass per runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RequestViewContract {
  private final TestTls tls = new TestTls();
  private MockAuthorizationServer auth;
  private TokenValidator validator;
  private JaxRsRuntime.RunningApplication running;
  private HttpClient withCertificate;

  /** The runtime under test. */
  abstract JaxRsRuntime runtime();

  /** Whether the runtime shows the client certificate chain as the servlet attribute's property. */
  abstract boolean exposesClientCertificates();

  @BeforeAll
  void start() throws Exception {
    auth = MockAuthorizationServer.start();
    // trusting every IPv4 peer: forwarded headers would be read if the JAX-RS view had a peer address
    validator = auth.validatorBuilder().trustedProxies("0.0.0.0/0").build();
    ViewFilter view = new ViewFilter(validator);
    running = runtime().startTls(new Application() {
      @Override
      public Set<Class<?>> getClasses() {
        return Set.of(Resources.Unannotated.class);
      }

      @Override
      @SuppressWarnings("deprecation") // getSingletons is how a plain Application hands over configured instances
      public Set<Object> getSingletons() {
        return Set.of(view);
      }
    }, tls);
    withCertificate = client(tls.clientWithCertificate());
  }

  private static HttpClient client(SSLContext context) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  void stop() {
    if (running != null) {
      running.close();
    }
    if (validator != null) {
      validator.close();
    }
    if (auth != null) {
      auth.close();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return withCertificate.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void theViewCarriesTheRequestAsTheRuntimeReceivedIt() throws Exception {
    int port = running.baseUri().getPort();
    HttpResponse<String> response = send(HttpRequest.newBuilder(
            running.baseUri().resolve("view/a%20b/%C3%A9?x=1&y=%2F&z"))
        .method("DELETE", HttpRequest.BodyPublishers.noBody())
        .header("Authorization", "Bearer first").header("Authorization", "Bearer second"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains(
        "method=DELETE\n",
        "scheme=https\n",
        "host=127.0.0.1\n",
        "port=" + port + "\n",
        "path=/view/a%20b/%C3%A9\n",
        "rawQuery=x=1&y=%2F&z\n",
        // the JAX-RS API does not tell the peer
        "remoteAddress=null\n",
        "authorization=Bearer first\nauthorization=Bearer second\n",
        "requestUri=https://127.0.0.1:" + port + "/view/a%20b/%C3%A9\n");
    if (exposesClientCertificates()) {
      assertThat(response.body()).contains(
          "certificate=CN=bank-client\ncertificate=CN=Test authority\ncertificates=2\n");
    } else {
      assertThat(response.body()).contains("certificates=0\n");
    }
  }

  @Test
  void withoutAPeerAddressForwardedHeadersAreNeverBelieved() throws Exception {
    int port = running.baseUri().getPort();
    HttpResponse<String> response = send(HttpRequest.newBuilder(running.baseUri().resolve("view/x"))
        .header("Forwarded", "proto=https;host=api.example.com").header("X-Forwarded-Host", "api.example.com"));

    assertThat(response.body()).contains("rawQuery=null\n", "requestUri=https://127.0.0.1:" + port + "/view/x\n");
  }

  /** Answers requests under {@code view/} before matching, with {@code key=value} lines of what the view shows. */
  @PreMatching
  static final class ViewFilter implements ContainerRequestFilter {
    private final TokenValidator validator;

    ViewFilter(TokenValidator validator) {
      this.validator = validator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      // Jersey reports "view/x", RESTEasy "/view/x"
      if (!request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("view/")) {
        return;
      }
      RequestView view = new JaxrsRequestView(request);
      StringBuilder out = RequestViews.describe(view);
      RequestViews.line(out, "requestUri", validator.requestUri(view).toString());
      request.abortWith(Response.ok(out.toString(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build());
    }

  }
}
