package io.github.tokenvalidator.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.SenderConstrainedFixture;
import io.github.tokenvalidator.testing.SenderConstrainedFixture.Case;
import io.github.tokenvalidator.testing.SenderConstrainedFixture.Format;
import io.github.tokenvalidator.testing.TestTls;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sender-constrained tokens through the JAX-RS feature on a real runtime over TLS that asks clients for a
 * certificate: RFC 9449's negative matrix for JWTs and introspected tokens, server nonces (a fresh
 * {@code DPoP-Nonce} written on a 200 by the response filter), and a certificate-bound token over a real
 * client-certificate handshake, which passes only where the runtime shows the certificate. Written once,
 * run by one subclass per runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SenderConstrainedContract {
  private final TestTls tls = new TestTls();
  private SenderConstrainedFixture fixture;
  private TokenValidator allowed;
  private TokenValidator withNonces;
  private JaxRsRuntime.RunningApplication allowedApp;
  private JaxRsRuntime.RunningApplication nonceApp;
  private HttpClient withCertificate;
  private HttpClient withoutCertificate;

  /** The runtime under test. */
  abstract JaxRsRuntime runtime();

  /** Whether the runtime shows the client certificate the TLS layer verified. */
  abstract boolean exposesClientCertificates();

  /** The protected resource. */
  @Path("accounts")
  @Produces(MediaType.TEXT_PLAIN)
  @OAuthSecurity(scope = "accounts")
  public static class Accounts {
    @GET
    public String get(@Context SecurityContext security) {
      return "name=" + security.getUserPrincipal().getName();
    }
  }

  private JaxRsRuntime.RunningApplication start(TokenValidator validator) throws Exception {
    TokenValidationFeature feature = TokenValidationFeature.of(validator);
    return runtime().startTls(new Application() {
      @Override
      public Set<Class<?>> getClasses() {
        return Set.of(Accounts.class);
      }

      @Override
      @SuppressWarnings("deprecation") // getSingletons is how a plain Application hands over configured instances
      public Set<Object> getSingletons() {
        return Set.of(feature);
      }
    }, tls);
  }

  @BeforeAll
  void start() throws Exception {
    fixture = SenderConstrainedFixture.start();
    allowed = fixture.validator("dpop.mode", "allowed");
    withNonces = fixture.validator("dpop.nonce", "true", "dpop.nonce-secret", "a-fleet-secret-of-32-characters-at-least");
    allowedApp = start(allowed);
    nonceApp = start(withNonces);
    withCertificate = client(tls.clientWithCertificate());
    withoutCertificate = client(tls.clientWithoutCertificate());
  }

  private static HttpClient client(SSLContext context) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {allowedApp, nonceApp, allowed, withNonces, fixture}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String url(JaxRsRuntime.RunningApplication app) {
    return app.baseUri() + "accounts";
  }

  private static HttpResponse<String> send(HttpClient client, String url, Iterable<Map.Entry<String, String>> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    headers.forEach(header -> request.header(header.getKey(), header.getValue()));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyRuleOfTheMatrixGetsItsOwnAnswer(Format format) throws Exception {
    String url = url(allowedApp);
    for (Case c : fixture.cases(format, "GET", url)) {
      if (c.twice()) {
        assertThat(send(withoutCertificate, url, c.headers()).statusCode()).as(c.name()).isEqualTo(200);
      }
      HttpResponse<String> response = send(withoutCertificate, url, c.headers());

      assertThat(SenderConstrainedFixture.mismatch(c, response.statusCode(), response.body(),
          response.headers().allValues("WWW-Authenticate"))).as(c.name()).isNull();
    }
  }

  @Test
  void aNonceIsDemandedThenAFreshOneComesWithTheAnswer() throws Exception {
    String token = fixture.dpopBoundToken(Format.OPAQUE);
    String url = url(nonceApp);
    HttpResponse<String> demanded = send(withoutCertificate, url, Map.of("Authorization", "DPoP " + token,
        "DPoP", fixture.proof("GET", url, token).build()).entrySet());

    assertThat(demanded.statusCode()).isEqualTo(401);
    assertThat(demanded.body()).contains("use_dpop_nonce");
    String nonce = demanded.headers().firstValue("DPoP-Nonce").orElseThrow();

    HttpResponse<String> answered = send(withoutCertificate, url, Map.of("Authorization", "DPoP " + token,
        "DPoP", fixture.proof("GET", url, token).nonce(nonce).build()).entrySet());
    assertThat(answered.statusCode()).isEqualTo(200);
    // the nonce of now: the one given, or its successor when a slot ended between the two requests
    String fresh = answered.headers().firstValue("DPoP-Nonce").orElseThrow();
    assertThat(send(withoutCertificate, url, Map.of("Authorization", "DPoP " + token, "DPoP",
        fixture.proof("GET", url, token).nonce(fresh).build()).entrySet()).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aCertificateBoundTokenPassesOnlyWhereTheRuntimeShowsTheCertificate(Format format) throws Exception {
    String token = fixture.certificateBoundToken(format, tls.clientCertificate());
    Iterable<Map.Entry<String, String>> bearer = Map.of("Authorization", "Bearer " + token).entrySet();
    String url = url(allowedApp);

    assertThat(send(withCertificate, url, bearer).statusCode()).isEqualTo(exposesClientCertificates() ? 200 : 401);
    HttpResponse<String> without = send(withoutCertificate, url, bearer);
    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(without.body()).contains("invalid_token", "client certificate");
  }
}
