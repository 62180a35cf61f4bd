package io.github.tokenvalidator.spring.snippets;

import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.micrometer.MicrometerValidationListener;
import io.github.tokenvalidator.spring.TokenAuthentication;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Java blocks of docs/spring-boot.md, in a package no test application scans.
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class SpringBootGuideSnippets {

  // docs/spring-boot.md, Java block 1
  @Configuration
  @EnableMethodSecurity
  class ApplicationSecurity {
    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
      http.authorizeHttpRequests(requests -> requests
          .requestMatchers("/actuator/health/**", "/public/**").permitAll()
          .requestMatchers("/api/admin/**").hasAuthority("SCOPE_admin")
          .anyRequest().authenticated());
      return http.build();
    }
  }

  // docs/spring-boot.md, Java block 2
  @RestController
  class AccountController {
    @GetMapping("/api/me")
    Map<String, Object> me(@AuthenticationPrincipal TokenPrincipal principal) {
      return Map.of("user", principal.getName(), "client", principal.token().clientId());
    }

    @GetMapping("/api/balance")
    Map<String, Object> balance(TokenAuthentication authentication) {
      return Map.of("scope", authentication.token().scope().toString());
    }
  }

  // docs/spring-boot.md, Java block 3
  void bindMicrometer(String url, String id, String secret, MeterRegistry registry) throws Exception {
    TokenValidator validator = TokenValidator.builder()
        .serverUrl(url)
        .clientCredentials(id, secret)
        .listener(MicrometerValidationListener.create(registry))
        .build();
  }
}
