package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.ClientAuthentication;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A generic RFC 7662 server: the validator authenticates as a client and needs no token of its own. */
class Rfc7662ClientTest {
  private static final String CLIENT_ID = "client%&1";
  private static final String CLIENT_SECRET = "secret@$2:x";
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
        .setBody("{\"active\":true,\"scope\":\"read write\",\"sub\":\"u-1\",\"iss\":\"https://kc\",\"aud\":\"api\"}"));
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getPort() + "/realms/demo/protocol/openid-connect/token/introspect";
  }

  @Test
  void basicAuthFormEncodesIdAndSecretBeforeBase64() throws Exception {
    try (TokenValidator validator = TokenValidator.builder().introspectionEndpoint(endpoint())
        .clientCredentials(CLIENT_ID, CLIENT_SECRET).build()) {
      ValidationResult result = validator.validate("Bearer abc", "read");
      assertThat(result.isValid()).isTrue();
      assertThat(result.token().subject()).isEqualTo("u-1");
      assertThat(result.token().audience()).containsExactly("api");
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getPath()).isEqualTo("/realms/demo/protocol/openid-connect/token/introspect");
    String encoded = request.getHeader("Authorization").substring("Basic ".length());
    assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
        .isEqualTo("client%25%261:secret%40%242%3Ax");
    assertThat(request.getBody().readUtf8()).isEqualTo("token=abc&token_type_hint=access_token");
    assertThat(server.getRequestCount()).as("no own token requested").isEqualTo(1);
  }

  @Test
  void clientSecretPostSendsCredentialsInTheForm() throws Exception {
    try (TokenValidator validator = TokenValidator.builder().introspectionEndpoint(endpoint())
        .clientCredentials(CLIENT_ID, CLIENT_SECRET).clientAuthentication(ClientAuthentication.POST).build()) {
      assertThat(validator.validate("Bearer abc").isValid()).isTrue();
    }
    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeader("Authorization")).isNull();
    assertThat(request.getBody().readUtf8()).isEqualTo(
        "token=abc&token_type_hint=access_token&client_id=client%25%261&client_secret=secret%40%242%3Ax");
  }

  @Test
  void mobileFirstTokenRequestAlsoFormEncodesCredentials() throws Exception {
    server.shutdown();
    try (MockWebServer mfp = new MockWebServer()) {
      mfp.start(InetAddress.getLoopbackAddress(), 0);
      mfp.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
          .setBody("{\"access_token\":\"own\",\"token_type\":\"Bearer\",\"expires_in\":3599}"));
      mfp.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"active\":false}"));
      try (TokenValidator validator = TokenValidator.builder()
          .serverUrl("http://127.0.0.1:" + mfp.getPort() + "/mfp/api/")
          .clientCredentials(CLIENT_ID, CLIENT_SECRET).build()) {
        validator.validate("Bearer abc");
      }
      RecordedRequest tokenRequest = mfp.takeRequest();
      assertThat(tokenRequest.getPath()).isEqualTo("/mfp/api/az/v1/token");
      assertThat(tokenRequest.getHeader("Authorization"))
          .isEqualTo("Basic " + Base64.getEncoder().encodeToString("client%25%261:secret%40%242%3Ax".getBytes(StandardCharsets.UTF_8)));
    }
  }
}
