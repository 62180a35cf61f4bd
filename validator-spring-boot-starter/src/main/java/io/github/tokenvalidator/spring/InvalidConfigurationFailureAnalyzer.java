package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.InvalidConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up failure caused by a wrong {@code tokenvalidator.*} setting into Boot's "APPLICATION FAILED
 * TO START" report: the message (which names the key and never a secret) and where to look. Stateless.
 */
final class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {
  InvalidConfigurationFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
    return new FailureAnalysis("The token validator's settings are wrong: " + cause.getMessage(),
        "Correct that setting in application.properties, YAML or the environment (TOKENVALIDATOR_*). The keys"
            + " are listed in docs/configuration.md; the starter's own, under tokenvalidator.spring., in"
            + " docs/spring-boot.md.",
        cause);
  }
}
