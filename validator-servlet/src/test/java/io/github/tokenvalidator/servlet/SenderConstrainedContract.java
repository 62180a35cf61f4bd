package io.github.tokenvalidator.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.SenderConstrainedFixture;
import io.github.tokenvalidator.testing.SenderConstrainedFixture.Case;
import io.github.tokenvalidator.testing.SenderConstrainedFixture.Format;
import io.github.tokenvalidator.testing.TestTls;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sender-constrained tokens through the servlet filter on a real container over TLS that asks clients for a
 * certificate: RFC 9449's negative matrix for JWTs and introspected tokens, server nonces (a fresh
 * {@code DPoP-Nonce} written on a 200), and a certificate-bound token over a real client-certificate
 * handshake. Written once, run in every container by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SenderConstrainedContract {
  private final TestTls tls = new TestTls();
  private SenderConstrainedFixture fixture;
  private TokenValidator allowed;
  private TokenValidator withNonces;
  private TestContainer container;
  private HttpClient withCertificate;
  private HttpClient withoutCertificate;

  /** Starts {@code application} in this subclass's container, over HTTPS, asking for client certificates. */
  abstract TestContainer startTls(TestContainer.Application application, TestTls tls) throws Exception;

  @BeforeAll
  void start() throws Exception {
    fixture = SenderConstrainedFixture.start();
    allowed = fixture.validator("dpop.mode", "allowed");
    withNonces = fixture.validator("dpop.nonce", "true", "dpop.nonce-secret", "a-fleet-secret-of-32-characters-at-least");
    container = startTls(context -> {
      context.addServlet("api", new EchoServlet("api")).addMapping("/api/*", "/nonce/*");
      register(context.addFilter("allowed", new BearerTokenFilter(allowed, SecurityRules.parse("/api/* accounts"))),
          "/api/*");
      register(context.addFilter("nonces", new BearerTokenFilter(withNonces, SecurityRules.parse("/nonce/* accounts"))),
          "/nonce/*");
    }, tls);
    assertThat(container.applicationAvailable()).isTrue();
    withCertificate = client(tls.clientWithCertificate());
    withoutCertificate = client(tls.clientWithoutCertificate());
  }

  private static void register(FilterRegistration.Dynamic registration, String pattern) {
    registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, pattern);
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
    if (allowed != null) {
      allowed.close();
      withNonces.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private String url(String path) {
    return "https://127.0.0.1:" + container.port() + TestContainer.CONTEXT_PATH + path;
  }

  private HttpResponse<String> send(HttpClient client, String path, Iterable<Map.Entry<String, String>> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
    headers.forEach(header -> request.header(header.getKey(), header.getValue()));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyRuleOfTheMatrixGetsItsOwnAnswer(Format format) throws Exception {
    for (Case c : fixture.cases(format, "GET", url("/api/accounts"))) {
      if (c.twice()) {
        assertThat(send(withoutCertificate, "/api/accounts", c.headers()).statusCode()).as(c.name()).isEqualTo(200);
      }
      HttpResponse<String> response = send(withoutCertificate, "/api/accounts", c.headers());

      assertThat(SenderConstrainedFixture.mismatch(c, response.statusCode(), response.body(),
          response.headers().allValues("WWW-Authenticate"))).as(c.name()).isNull();
    }
  }

  @Test
  void aNonceIsDemandedThenAFreshOneComesWithTheAnswer() throws Exception {
    String token = fixture.dpopBoundToken(Format.OPAQUE);
    String htu = url("/nonce/accounts");
    HttpResponse<String> demanded = send(withoutCertificate, "/nonce/accounts", Map.of("Authorization",
        "DPoP " + token, "DPoP", fixture.proof("GET", htu, token).build()).entrySet());

    assertThat(demanded.statusCode()).isEqualTo(401);
    assertThat(demanded.body()).contains("use_dpop_nonce");
    String nonce = demanded.headers().firstValue("DPoP-Nonce").orElseThrow();

    HttpResponse<String> answered = send(withoutCertificate, "/nonce/accounts", Map.of("Authorization",
        "DPoP " + token, "DPoP", fixture.proof("GET", htu, token).nonce(nonce).build()).entrySet());
    assertThat(answered.statusCode()).isEqualTo(200);
    // the nonce of now: the one given, or its successor when a slot ended between the two requests
    String fresh = answered.headers().firstValue("DPoP-Nonce").orElseThrow();
    assertThat(send(withoutCertificate, "/nonce/accounts", Map.of("Authorization", "DPoP " + token, "DPoP",
        fixture.proof("GET", htu, token).nonce(fresh).build()).entrySet()).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aCertificateBoundTokenPassesOnlyOverTheHandshakeWithItsCertificate(Format format) throws Exception {
    String token = fixture.certificateBoundToken(format, tls.clientCertificate());
    Iterable<Map.Entry<String, String>> bearer = Map.of("Authorization", "Bearer " + token).entrySet();

    assertThat(send(withCertificate, "/api/accounts", bearer).statusCode()).isEqualTo(200);
    HttpResponse<String> without = send(withoutCertificate, "/api/accounts", bearer);
    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(without.body()).contains("invalid_token", "client certificate");
  }
}
