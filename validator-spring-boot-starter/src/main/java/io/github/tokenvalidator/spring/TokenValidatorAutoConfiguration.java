package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.micrometer.MicrometerValidationListener;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.spi.SharedStoreProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the token validator for Spring Boot 3.5 and 4.0.
 *
 * <p>It makes a {@link TokenValidator} bean from the {@code tokenvalidator.*} settings of the environment
 * (through core's one parser), with Micrometer metrics when the application has a {@link MeterRegistry}, and
 * protects the application: with Spring Security, as the bearer token check of every
 * {@code SecurityFilterChain} ({@link TokenValidatorConfigurer}); without it, with a
 * {@link BearerTokenFilter} and the rules of {@code tokenvalidator.spring.rules}. With Actuator it adds a
 * {@code tokenValidator} health indicator. With validator-redis, {@code tokenvalidator.shared-cache.*} starts the
 * cache a fleet shares, on Boot's own Redis connection when {@code shared-cache.uri} is not set (see
 * {@code docs/shared-cache.md}); the validator bean's {@code revokeToken}, {@code revokeSubject} and
 * {@code revokeClient} revoke on every instance, and no HTTP endpoint is added for them. Everything backs off when the application defines its own bean,
 * and {@code tokenvalidator.spring.enabled=false} turns the whole off. See {@code docs/spring-boot.md}.
 *
 * <p>Stateless; Spring calls its bean methods once, while the context starts.
 */
@AutoConfiguration(
    beforeName = {
      // Spring Boot 3.5
      "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
      "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
      // Spring Boot 4.0
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
      "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"
    },
    afterName = {
      // the MeterRegistry the listener binds to
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      // Boot's Redis connection, which the shared cache may reuse
      "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"
    })
@ConditionalOnProperty(name = TokenValidatorSettings.ENABLED, havingValue = "true", matchIfMissing = true)
@Import({
  TokenValidatorSecurityConfiguration.class,
  TokenValidatorSharedCacheConfiguration.class,
  TokenValidatorHealthConfiguration.Boot3.class,
  TokenValidatorHealthConfiguration.Boot4.class
})
public class TokenValidatorAutoConfiguration {

  /**
   * The validator, from the {@code tokenvalidator.*} settings; every {@link ValidationListener} bean
   * receives its events.
   */
  @Bean
  @ConditionalOnMissingBean
  public TokenValidator tokenValidator(Environment environment, ObjectProvider<ValidationListener> listeners,
      ObjectProvider<SharedStoreProvider> bootRedis) {
    TokenValidatorSettings.checkStarterKeys(environment);
    TokenValidatorSettings.CoreSettings settings = TokenValidatorSettings.coreSettings(environment);
    try {
      TokenValidator.Builder builder = settings.applyTo(TokenValidator.builder());
      SharedStoreProvider reused = bootRedis.getIfUnique();
      if (reused != null && settings.hasSharedCacheSecretWithoutUri()) {
        builder.sharedStoreProvider(reused); // Boot's own Redis connection
      }
      List<ValidationListener> all = listeners.orderedStream().collect(Collectors.toList());
      if (all.size() == 1) {
        builder.listener(all.get(0));
      } else if (!all.isEmpty()) {
        builder.listener(new CompositeListener(all));
      }
      return builder.build();
    } catch (InvalidConfigurationException e) {
      throw settings.asWritten(e);
    }
  }

  /** Metrics, when the application has a Micrometer registry (Actuator brings one). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(MicrometerValidationListener.class)
    MicrometerValidationListener micrometerValidationListener(MeterRegistry registry) {
      return MicrometerValidationListener.create(registry);
    }
  }

  /** Without Spring Security, the servlet filter with the rules of {@code tokenvalidator.spring.rules}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
  static class ServletFilter {
    @Bean
    @ConditionalOnMissingBean(name = "tokenValidatorFilter")
    FilterRegistrationBean<BearerTokenFilter> tokenValidatorFilter(TokenValidator validator, Environment environment) {
      FilterRegistrationBean<BearerTokenFilter> registration =
          new FilterRegistrationBean<>(new BearerTokenFilter(validator, TokenValidatorSettings.rules(environment)));
      registration.setName("tokenValidatorFilter");
      registration.addUrlPatterns("/*");
      registration.setOrder(TokenValidatorSettings.filterOrder(environment));
      return registration;
    }
  }
}
