package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.TokenValidator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * With Spring Security: the validator's filter, entry point and handler as a bean that
 * {@link TokenValidatorConfigurer} puts in every chain, and a default chain when the application has none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
class TokenValidatorSecurityConfiguration {

  @Bean
  TokenValidatorSecurity tokenValidatorSecurity(TokenValidator validator, Environment environment) {
    // unmatched requests are Spring's to authorize; the rules only add scopes and permits
    return new TokenValidatorSecurity(validator, TokenValidatorSettings.rules(environment, false));
  }

  /**
   * The chain of an application that defines none: stateless, no CSRF (no cookies are involved), every
   * request needs a valid token except where {@code tokenvalidator.spring.rules} permits it or
   * {@code tokenvalidator.spring.unmatched=permit}. The validator's configurer is applied to it as to any chain.
   */
  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain tokenValidatorSecurityFilterChain(HttpSecurity http, Environment environment,
      org.springframework.context.ApplicationContext context) throws Exception {
    boolean permitUnmatched = TokenValidatorSettings.permitsUnmatched(environment);
    http.authorizeHttpRequests(requests -> {
      requests.requestMatchers(request -> TokenValidatorConfigurer.permittedByRules(context, request)).permitAll();
      if (permitUnmatched) {
        requests.anyRequest().permitAll();
      } else {
        requests.anyRequest().authenticated();
      }
    });
    http.csrf(csrf -> csrf.disable());
    http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    http.requestCache(cache -> cache.requestCache(new NullRequestCache()));
    return http.build();
  }
}
