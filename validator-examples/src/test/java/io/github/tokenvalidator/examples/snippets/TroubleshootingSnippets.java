package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.TokenValidator;

/**
 * The Java blocks of docs/troubleshooting.md.
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class TroubleshootingSnippets {

  // docs/troubleshooting.md, Java block 1
  void printHealth(TokenValidator validator) throws Exception {
    Health health = validator.health();
    if (health.status() != Health.Status.UP) {
      System.err.println(health.status() + (health.isMisconfigured() ? " (misconfigured): " : ": ")
          + health.detail());
    }
  }
}
