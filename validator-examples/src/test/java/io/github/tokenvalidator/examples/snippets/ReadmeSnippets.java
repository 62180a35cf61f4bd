package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.TokenValidator;

/**
 * The Java blocks of README.md that ReadmeExampleTest does not run.
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class ReadmeSnippets {

  // README.md, Java block 2
  void configureFromTheEnvironment() throws Exception {
    TokenValidator validator = TokenValidator.fromEnvironment(System.getenv());
    // TOKENVALIDATOR_SERVER_URL=https://mfp.example.com/mfp/api
    // TOKENVALIDATOR_CLIENT_ID=bank-backend
    // TOKENVALIDATOR_CLIENT_SECRET=…
  }
}
