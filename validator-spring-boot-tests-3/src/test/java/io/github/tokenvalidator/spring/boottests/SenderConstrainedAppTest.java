package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.testing.SenderConstrainedFixture;
import io.github.tokenvalidator.testing.SenderConstrainedFixture.Case;
import io.github.tokenvalidator.testing.SenderConstrainedFixture.Format;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sender-constrained tokens in a Spring Boot application with Spring Security, through the starter: RFC
 * 9449's negative matrix for JWTs and introspected tokens, each answered as core decides, and a fresh
 * {@code DPoP-Nonce} written on a successful answer (this application demands nonces).
 */
@SpringBootTest(
    classes = {BankApplication.class, ApplicationSecurity.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "tokenvalidator.spring.rules=/public/* permit")
class SenderConstrainedAppTest {
  static final SenderConstrainedFixture FIXTURE = SenderConstrainedFixture.start();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    FIXTURE.properties("dpop.mode", "allowed", "dpop.nonce", "true", "dpop.nonce-secret",
        "a-fleet-secret-of-32-characters-at-least").forEach((key, value) -> registry.add(key, () -> value));
  }

  @AfterAll
  static void stopServers() {
    FIXTURE.close();
  }

  @Value("${local.server.port}")
  int port;

  private String url() {
    return "http://127.0.0.1:" + port + "/api/me";
  }

  private static HttpResponse<String> send(String url, Iterable<Map.Entry<String, String>> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    headers.forEach(header -> request.header(header.getKey(), header.getValue()));
    return Http.send(request);
  }

  /** A nonce to put in the matrix's proofs: the one the application demands. */
  private String nonce() {
    String token = FIXTURE.dpopBoundToken(Format.OPAQUE);
    HttpResponse<String> demanded = send(url(), Map.of("Authorization", "DPoP " + token,
        "DPoP", FIXTURE.proof("GET", url(), token).build()).entrySet());
    assertThat(demanded.statusCode()).isEqualTo(401);
    assertThat(demanded.body()).contains("use_dpop_nonce");
    assertThat(demanded.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        challenge -> assertThat(challenge).contains("DPoP ", "error=\"use_dpop_nonce\""));
    return demanded.headers().firstValue("DPoP-Nonce").orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyRuleOfTheMatrixGetsItsOwnAnswer(Format format) {
    String nonce = nonce();
    for (Case c : FIXTURE.cases(format, "GET", url(), nonce)) {
      if (c.twice()) {
        assertThat(send(url(), c.headers()).statusCode()).as(c.name()).isEqualTo(200);
      }
      HttpResponse<String> response = send(url(), c.headers());

      assertThat(SenderConstrainedFixture.mismatch(c, response.statusCode(), response.body(),
          response.headers().allValues("WWW-Authenticate"))).as(c.name()).isNull();
      if (c.error() == null) {
        assertThat(response.headers().firstValue("DPoP-Nonce")).as(c.name()).isPresent();
      }
    }
  }

  @Test
  void aProofWithoutTheNonceIsAnsweredWithOne() {
    assertThat(nonce()).isNotEmpty();
  }

  /**
   * Issue 19: with {@code dpop.mode} set, the 401 Spring's entry point sends for a request without a token
   * offers both schemes in one {@code WWW-Authenticate} value, as core's answer for a missing token does.
   */
  @Test
  void aRequestWithoutATokenIsOfferedBothSchemesInOneChallenge() {
    HttpResponse<String> response = send(url(), Map.<String, String>of().entrySet());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).singleElement().satisfies(challenge -> {
      assertThat(challenge).startsWith("Bearer");
      assertThat(challenge).contains(", DPoP algs=\"");
      assertThat(challenge).doesNotContain("error=");
    });
  }
}
