package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.testing.RequestViews;
import io.github.tokenvalidator.testing.TestTls;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.RequestView;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The view the filter hands to core ({@link BearerTokenFilter#requestView}), on a real container over TLS
 * that asks clients for a certificate: {@code /bank/view/*} answers what the view shows and
 * {@link TokenValidator#requestUri} makes of it, for a validator trusting 127.0.0.1 as a proxy and for one
 * trusting no one. Written once, run in every container by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RequestViewContract {
  private final TestTls tls = new TestTls();
  private MockAuthorizationServer auth;
  private TokenValidator trusting;
  private TokenValidator trustingNobody;
  private TestContainer container;
  private HttpClient withCertificate;
  private HttpClient withoutCertificate;

  /** Starts {@code application} in this subclass's container, over HTTPS, asking for client certificates. */
  abstract TestContainer startTls(TestContainer.Application application, TestTls tls) throws Exception;

  @BeforeAll
  void start() throws Exception {
    auth = MockAuthorizationServer.start().activeToken("balance-token", "accessRestricted", "alice");
    trusting = auth.validatorBuilder().trustedProxies("127.0.0.1").build();
    trustingNobody = auth.validatorBuilder().build();
    container = startTls(context -> {
      context.addServlet("view", new ViewServlet(trusting, trustingNobody)).addMapping("/view/*");
      context.addServlet("balance", new EchoServlet("balance")).addMapping("/api/balance");
      BearerTokenFilterContract.register(context,
          new BearerTokenFilter(trusting, SecurityRules.parse("/view/* permit; /api/balance accessRestricted")));
    }, tls);
    assertThat(container.applicationAvailable()).isTrue();
    withCertificate = client(tls.clientWithCertificate());
    withoutCertificate = client(tls.clientWithoutCertificate());
  }

  private static HttpClient client(SSLContext context) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  void stop() {
    if (container != null) {
      container.close();
    }
    if (trusting != null) {
      trusting.close();
      trustingNobody.close();
    }
    if (auth != null) {
      auth.close();
    }
  }

  private String base() {
    return "https://127.0.0.1:" + container.port() + TestContainer.CONTEXT_PATH;
  }

  private HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void theViewCarriesTheRequestAsTheContainerReceivedIt() throws Exception {
    HttpResponse<String> response = send(withCertificate, HttpRequest.newBuilder(
            URI.create(base() + "/view/a%20b/%C3%A9?x=1&y=%2F&z"))
        .method("DELETE", HttpRequest.BodyPublishers.noBody())
        .header("Authorization", "Bearer first").header("Authorization", "Bearer second"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains(
        "method=DELETE\n",
        "scheme=https\n",
        "host=127.0.0.1\n",
        "port=" + container.port() + "\n",
        "path=/bank/view/a%20b/%C3%A9\n",
        "rawQuery=x=1&y=%2F&z\n",
        "remoteAddress=127.0.0.1\n",
        "authorization=Bearer first\nauthorization=Bearer second\n",
        // the chain the client presented, its own certificate first
        "certificate=CN=bank-client\ncertificate=CN=Test authority\ncertificates=2\n",
        // no forwarded headers: the trusting validator takes the container's view too
        "requestUri=https://127.0.0.1:" + container.port() + "/bank/view/a%20b/%C3%A9\n");
  }

  @Test
  void withoutAClientCertificateTheChainIsEmptyAndWithoutAQueryItIsNull() throws Exception {
    HttpResponse<String> response = send(withoutCertificate, HttpRequest.newBuilder(URI.create(base() + "/view/x")));

    assertThat(response.body()).contains("certificates=0\n", "rawQuery=null\n", "method=GET\n")
        .doesNotContain("authorization=");
  }

  @Test
  void forwardedHeadersFromTheTrustedPeerGiveTheClientsUri() throws Exception {
    HttpResponse<String> response = send(withoutCertificate, HttpRequest.newBuilder(URI.create(base() + "/view/x?q=1"))
        .header("Forwarded", "for=198.51.100.7;proto=https;host=\"api.example.com\"")
        .header("X-Forwarded-Prefix", "/edge"));

    assertThat(response.body()).contains(
        "requestUri=https://api.example.com/edge/bank/view/x\n",
        "requestUriTrustingNobody=https://127.0.0.1:" + container.port() + "/bank/view/x\n");
  }

  @Test
  void xForwardedHeadersFromTheTrustedPeerGiveTheClientsUri() throws Exception {
    HttpResponse<String> response = send(withoutCertificate, HttpRequest.newBuilder(URI.create(base() + "/view/x"))
        .header("X-Forwarded-Host", "client.example.com, api.example.com:8443")
        .header("X-Forwarded-Proto", "https"));

    assertThat(response.body()).contains("requestUri=https://api.example.com:8443/bank/view/x\n",
        "requestUriTrustingNobody=https://127.0.0.1:" + container.port() + "/bank/view/x\n");
  }

  @Test
  void theFilterAppliesCoresPolicyToTheView() throws Exception {
    HttpResponse<String> valid = send(withCertificate, HttpRequest.newBuilder(URI.create(base() + "/api/balance"))
        .header("Authorization", "Bearer balance-token"));
    HttpResponse<String> twoHeaders = send(withCertificate, HttpRequest.newBuilder(URI.create(base() + "/api/balance"))
        .header("Authorization", "Bearer balance-token").header("Authorization", "Bearer balance-token"));
    HttpResponse<String> inQuery = send(withCertificate,
        HttpRequest.newBuilder(URI.create(base() + "/api/balance?access_token=balance-token")));

    assertThat(valid.statusCode()).isEqualTo(200);
    assertThat(valid.body()).contains("principalUsername=alice");
    assertThat(twoHeaders.statusCode()).isEqualTo(400);
    assertThat(inQuery.statusCode()).isEqualTo(400);
    assertThat(inQuery.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        challenge -> assertThat(challenge).contains("error=\"invalid_request\""));
  }

  /** Answers {@code key=value} lines: what the view of the request shows, and the URI each validator makes of it. */
  private static final class ViewServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient TokenValidator trusting;
    private final transient TokenValidator trustingNobody;

    ViewServlet(TokenValidator trusting, TokenValidator trustingNobody) {
      this.trusting = trusting;
      this.trustingNobody = trustingNobody;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      RequestView view = BearerTokenFilter.requestView(request);
      StringBuilder out = RequestViews.describe(view);
      RequestViews.line(out, "requestUri", trusting.requestUri(view).toString());
      RequestViews.line(out, "requestUriTrustingNobody", trustingNobody.requestUri(view).toString());
      byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
      response.setContentType("text/plain;charset=UTF-8");
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }

  }
}
