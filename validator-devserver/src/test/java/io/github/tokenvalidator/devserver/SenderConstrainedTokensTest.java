package io.github.tokenvalidator.devserver;

import static io.github.tokenvalidator.devserver.Http.basic;
import static io.github.tokenvalidator.devserver.Http.form;
import static io.github.tokenvalidator.devserver.Http.introspect;
import static io.github.tokenvalidator.devserver.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.RequestView;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.testing.TestDpop;
import io.github.tokenvalidator.testing.TestKey;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dev server issues sender-constrained tokens: DPoP-bound for a proof at its token endpoint (a JWT with
 * {@code cnf.jkt}, an opaque token whose introspection answer carries it), certificate-bound for a
 * configured thumbprint, and can demand nonces; the validator takes them as it would a real server's.
 */
class SenderConstrainedTokensTest {
  private static final String TEST = basic("test", "test");
  private static final TestKey CLIENT_KEY = TestKey.ec(null, "ES256");
  private DevAuthorizationServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> requestToken(String... proofs) {
    HttpRequest.Builder request = Http.request(server.tokenEndpoint(), TEST).header("Content-Type", Http.FORM)
        .POST(HttpRequest.BodyPublishers.ofString(form("grant_type", "client_credentials", "scope", "accounts",
            "username", "alice")));
    for (String proof : proofs) {
      request.header("DPoP", proof);
    }
    return Http.send(request);
  }

  /** The validator's own credentials for MobileFirst's introspection endpoint. */
  private String introspector() {
    return "Bearer " + Http.token(server, "test", "test", "authorization.introspect");
  }

  private TestDpop proof() {
    return TestDpop.proof(CLIENT_KEY).htm("POST").htu(server.tokenEndpoint()).iat(Instant.now());
  }

  /** A request to {@code https://api.example.com/accounts} with these headers. */
  private static RequestView resourceRequest(Map<String, String> headers) {
    return new RequestView() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String scheme() {
        return "https";
      }

      @Override
      public String host() {
        return "api.example.com";
      }

      @Override
      public int port() {
        return 443;
      }

      @Override
      public String path() {
        return "/accounts";
      }

      @Override
      public String rawQuery() {
        return null;
      }

      @Override
      public List<String> headers(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
            .toList();
      }
    };
  }

  private void assertTheValidatorTakesItOnlyWithAProof(TokenValidator validator, String token) {
    String resourceProof = TestDpop.proof(CLIENT_KEY).htm("GET").htu("https://api.example.com/accounts")
        .iat(Instant.now()).accessToken(token).build();
    ValidationResult withProof = validator.validate(
        resourceRequest(Map.of("Authorization", "DPoP " + token, "DPoP", resourceProof)), Scope.of("accounts"));
    assertThat(withProof.isValid()).as(String.valueOf(withProof)).isTrue();
    assertThat(validator.validate(resourceRequest(Map.of("Authorization", "Bearer " + token)), Scope.of("accounts"))
        .error().description()).contains("bound to a DPoP key");
  }

  @Test
  void anOpaqueTokenForAProofIsBoundToItsKeyInTheIntrospectionAnswer() {
    server = DevAuthorizationServer.builder().start();
    HttpResponse<String> response = requestToken(proof().build());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response)).containsEntry("token_type", "DPoP");
    String token = (String) json(response).get("access_token");
    assertThat(json(introspect(server, introspector(), token))).containsEntry("cnf", Map.of("jkt", TestDpop.thumbprint(CLIENT_KEY)))
        .containsEntry("token_type", "DPoP");
    try (TokenValidator validator = TokenValidator.builder().serverUrl(server.serverUrl())
        .clientCredentials("test", "test").build()) {
      assertTheValidatorTakesItOnlyWithAProof(validator, token);
    }
  }

  @Test
  void aJwtForAProofCarriesCnfJkt() {
    server = DevAuthorizationServer.builder()
        .jwt(DevAuthorizationServer.JwtAlgorithm.ES256).jwtAudience("bank").start();
    String token = (String) json(requestToken(proof().build())).get("access_token");

    assertThat(Jws.parse(token).claims()).containsEntry("cnf", Map.of("jkt", TestDpop.thumbprint(CLIENT_KEY)));
    try (TokenValidator validator = TokenValidator.builder().tokenFormat(io.github.tokenvalidator.TokenFormat.JWT)
        .issuer(server.issuer()).audience("bank").build()) {
      assertTheValidatorTakesItOnlyWithAProof(validator, token);
    }
  }

  @Test
  void anInvalidProofIsRefusedAndNoTokenIssued() {
    server = DevAuthorizationServer.builder().start();

    HttpResponse<String> wrongMethod = requestToken(proof().htm("GET").build());
    assertThat(wrongMethod.statusCode()).isEqualTo(400);
    assertThat(json(wrongMethod)).containsEntry("error", "invalid_dpop_proof");
    assertThat(json(requestToken(proof().build(), proof().build()))).containsEntry("error", "invalid_dpop_proof");
    assertThat(json(requestToken(proof().htu("http://elsewhere.example/token").build())))
        .containsEntry("error", "invalid_dpop_proof");
  }

  @Test
  void demandedNoncesComeWithA400ThenWithTheToken() {
    server = DevAuthorizationServer.builder().dpopNonces(true).start();

    HttpResponse<String> demanded = requestToken(proof().build());
    assertThat(demanded.statusCode()).isEqualTo(400);
    assertThat(json(demanded)).containsEntry("error", "use_dpop_nonce");
    String nonce = demanded.headers().firstValue("DPoP-Nonce").orElseThrow();

    HttpResponse<String> issued = requestToken(proof().nonce(nonce).build());
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    assertThat(issued.headers().firstValue("DPoP-Nonce")).isPresent();
    assertThat(json(issued)).containsEntry("token_type", "DPoP");
  }

  @Test
  void aConfiguredCertificateThumbprintBindsEveryToken() {
    String x5t = TestDpop.ath("a client certificate's DER"); // any base64url SHA-256 digest
    server = DevAuthorizationServer.builder().certificateThumbprint(x5t).start();
    String token = (String) json(requestToken()).get("access_token");

    assertThat(json(introspect(server, introspector(), token))).containsEntry("cnf", Map.of("x5t#S256", x5t))
        .containsEntry("token_type", "Bearer");
    try (TokenValidator validator = TokenValidator.builder().serverUrl(server.serverUrl())
        .clientCredentials("test", "test").build()) {
      assertThat(validator.validate(resourceRequest(Map.of("Authorization", "Bearer " + token)), Scope.of("accounts"))
          .error().description()).contains("client certificate");
    }
  }

  @Test
  void theCommandLineSetsBoth() throws Exception {
    String x5t = TestDpop.ath("a client certificate's DER");
    DevAuthorizationServer.Builder builder = CommandLine.parse(new String[] {
        "--dpop-nonces", "true", "--certificate-thumbprint", x5t});

    assertThat(builder.dpopNonces).isTrue();
    assertThat(builder.certificateThumbprint).isEqualTo(x5t);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CommandLine.parse(new String[] {"--dpop-nonces", "yes"}))
        .hasMessageContaining("true or false");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> CommandLine.parse(new String[] {"--certificate-thumbprint", "short"}))
        .hasMessageContaining("base64url SHA-256");
  }
}
