package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.servlet.SecurityRules;
import io.github.tokenvalidator.spring.TokenValidatorSecurity.Access;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;

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
    SecurityRules.Builder rules = TokenValidatorSettings.ruleBuilder(environment);
    return new TokenValidatorSecurity(validator, rules.build(), rules.permitUnmatched().build());
  }

  /**
   * The chain of an application that defines none: stateless, no CSRF (no cookies are involved), every
   * request needs a valid token except where {@code tokenvalidator.spring.rules} permits it, Actuator's
   * health and its probes (which no rule matches), or everything no rule matches with
   * {@code tokenvalidator.spring.unmatched=permit}. The validator's configurer is applied to it as to any chain.
   */
  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain tokenValidatorSecurityFilterChain(HttpSecurity http, Environment environment,
      TokenValidatorSecurity security, ApplicationContext context) throws Exception {
    boolean permitUnmatched = TokenValidatorSettings.permitsUnmatched(environment);
    RequestMatcher health = ActuatorHealthRequests.matcher(context.getClassLoader());
    http.authorizeHttpRequests(requests -> {
      // Boot's error page for a request that was let through shows its real status (a 404, a 400), not a 401
      requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
      requests.requestMatchers(request -> security.access(request) == Access.PERMITTED).permitAll();
      // a rule of the user's always wins, over the health default and over unmatched=permit alike
      requests.requestMatchers(request -> security.access(request) == Access.TOKEN).authenticated();
      if (health != null) {
        // as Boot's own chain for Actuator: a probe carries no token; the other endpoints need one
        requests.requestMatchers(health).permitAll();
      }
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
