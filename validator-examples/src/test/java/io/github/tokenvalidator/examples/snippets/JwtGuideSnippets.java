package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The Java block of docs/jwt.md (JwtValidationTest runs its like).
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class JwtGuideSnippets {

  // docs/jwt.md, Java block 1
  void validateJwts(HttpServletRequest request) throws Exception {
    TokenValidator validator = TokenValidator.builder()
        .tokenFormat(TokenFormat.JWT)
        .issuer("https://us-south.appid.cloud.ibm.com/oauth/v4/3f1c0d1e-tenant-id")
        .audience("orders-api")
        .build();
    ValidationResult result = validator.validate(request.getHeader("Authorization"), "orders.read");
  }
}
