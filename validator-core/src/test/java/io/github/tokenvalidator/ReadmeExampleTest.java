package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

// the README's imports, though this test is in their package: DocSnippetsTest checks the README's copy
import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's usage example, kept compiling and working here; edit both together. */
class ReadmeExampleTest {

  /** Stands in for whatever response object the application has. */
  static final class Response {
    int status = 200;
    final Map<String, String> headers = new LinkedHashMap<>();

    void setStatus(int status) {
      this.status = status;
    }

    void setHeader(String name, String value) {
      headers.put(name, value);
    }
  }

  @Test
  void readmeUsageExampleWorksAsWritten() {
    try (MockAuthorizationServer server = MockAuthorizationServer.start()) {
      server.activeToken("a-client-token", "RegisteredClient", "john");
      String serverUrl = server.serverUrl();
      String authorizationHeader = "Bearer a-client-token";
      Response response = new Response();

      // --- README example begins
      TokenValidator validator = TokenValidator.builder()
          .serverUrl(serverUrl)                     // e.g. http://localhost:9080/mfp/api
          .clientCredentials("test", "test")        // a confidential client allowed authorization.introspect
          .build();

      ValidationResult result = validator.validate(authorizationHeader, "accessRestricted");
      if (!result.isValid()) {
        AuthenticationError error = result.error(); // 401, 403, 409 or 503, ready to send
        response.setStatus(error.status());
        error.headers().forEach(response::setHeader);
      }
      // --- README example ends

      validator.close();
      assertThat(response.status).isEqualTo(403);
      assertThat(response.headers).containsEntry("WWW-Authenticate",
          "Bearer error=\"insufficient_scope\", scope=\"accessRestricted\"");
    }
  }
}
