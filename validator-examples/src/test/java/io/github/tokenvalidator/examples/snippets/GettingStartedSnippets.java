package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;

/**
 * The Java blocks of docs/getting-started.md that neither BalanceEndpointTest nor the complete programs in
 * {@code examples.guides} (run by GuideProgramsTest) hold.
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class GettingStartedSnippets {

  // docs/getting-started.md, Java block 1
  void configureInCode(String secret) throws Exception {
    TokenValidator validator = TokenValidator.builder()
        .serverUrl("https://mfp.example.com/mfp/api")
        .clientCredentials("bank-backend", secret)
        .build();
  }

  // docs/getting-started.md, Java block 2
  void configureFromTheEnvironment() throws Exception {
    TokenValidator validator = TokenValidator.builder().environment(System.getenv()).build();
    // TOKENVALIDATOR_SERVER_URL=https://mfp.example.com/mfp/api
    // TOKENVALIDATOR_CLIENT_ID=bank-backend
    // TOKENVALIDATOR_CLIENT_SECRET=...
  }

  // docs/getting-started.md, Java block 3
  void validate(TokenValidator validator, HttpServletRequest request, HttpServletResponse response) throws Exception {
    ValidationResult result = validator.validate(request.getHeader("Authorization"), "accessRestricted");
    if (!result.isValid()) {
      AuthenticationError error = result.error();   // 401, 403, 409 or 503, ready to send
      response.setStatus(error.status());
      error.headers().forEach(response::setHeader);  // WWW-Authenticate, Retry-After, ...
      return;
    }
    TokenInfo token = result.token();                // scope, client id, username, expiry, mfp-* data
  }

  // docs/getting-started.md, Java block 4
  void validateRequest(TokenValidator validator, HttpServletRequest request) throws Exception {
    ValidationResult result = validator.validateRequest(
        Collections.list(request.getHeaders("Authorization")), request.getQueryString(), Scope.of("accessRestricted"));
  }
}
