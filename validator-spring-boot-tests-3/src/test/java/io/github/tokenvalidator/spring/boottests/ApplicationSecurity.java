package io.github.tokenvalidator.spring.boottests;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application's own chain, written as for any Spring Security application: not one line names the
 * validator, yet it is the chain's bearer token check.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class ApplicationSecurity {
  @Bean
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(requests -> requests
        .requestMatchers("/actuator/**", "/public/**", "/error").permitAll()
        .requestMatchers("/api/admin").hasAuthority("SCOPE_admin")
        .requestMatchers("/api/staff").hasRole("STAFF")
        .anyRequest().authenticated());
    return http.build();
  }
}
