package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.TokenValidator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code tokenValidator} health indicator, backed by {@link TokenValidator#health()}, for the health
 * API of each Boot line: {@code UP} → {@code UP}; {@code DEGRADED} → the status {@value #DEGRADED} (HTTP 200
 * by default: cached answers are served, and every instance shares the outage, so it is no reason to
 * restart or drain one); {@code DOWN} → {@code DOWN} (HTTP 503). Details: {@code detail} (the cause in
 * words) and {@code misconfigured} (true when it will not pass without someone fixing the settings). With
 * several issuers the status is the worst issuer's, and {@code issuers} holds one entry per issuer (its status
 * and, when not up, its details); with one issuer the component keeps its single-issuer shape.
 */
final class TokenValidatorHealthConfiguration {
  static final String DEGRADED = "DEGRADED";

  private TokenValidatorHealthConfiguration() {}

  /** The Actuator status code of the validator's health. */
  static String statusCode(Health health) {
    switch (health.status()) {
      case UP:
        return "UP";
      case DEGRADED:
        return DEGRADED;
      default:
        return "DOWN";
    }
  }

  /** The details: the cause in words and whether it is a misconfiguration; none while up. */
  static Map<String, Object> details(Health health) {
    if (health.detail() == null) {
      return Map.of();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("detail", health.detail());
    details.put("misconfigured", health.isMisconfigured());
    return details;
  }

  /** The details of {@code validator}'s health: the worst issuer's, and with several issuers one entry each. */
  static Map<String, Object> details(TokenValidator validator, Health health) {
    Map<String, Health> each = validator.healthByIssuer();
    if (each.size() < 2) {
      return details(health);
    }
    Map<String, Object> details = new LinkedHashMap<>(details(health));
    Map<String, Object> issuers = new LinkedHashMap<>();
    each.forEach((name, issuerHealth) -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("status", statusCode(issuerHealth));
      entry.putAll(details(issuerHealth));
      issuers.put(name, entry);
    });
    details.put("issuers", issuers);
    return details;
  }

  /** Spring Boot 3: {@code org.springframework.boot.actuate.health}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
  static class Boot3 {
    @Bean
    @ConditionalOnMissingBean(name = "tokenValidatorHealthIndicator")
    org.springframework.boot.actuate.health.HealthIndicator tokenValidatorHealthIndicator(TokenValidator validator) {
      return () -> {
        Health health = validator.health();
        return org.springframework.boot.actuate.health.Health.status(statusCode(health))
            .withDetails(details(validator, health)).build();
      };
    }
  }

  /** Spring Boot 4: {@code org.springframework.boot.health.contributor}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Boot4 {
    @Bean
    @ConditionalOnMissingBean(name = "tokenValidatorHealthIndicator")
    org.springframework.boot.health.contributor.HealthIndicator tokenValidatorHealthIndicator(TokenValidator validator) {
      return () -> {
        Health health = validator.health();
        return org.springframework.boot.health.contributor.Health.status(statusCode(health))
            .withDetails(details(validator, health)).build();
      };
    }
  }
}
