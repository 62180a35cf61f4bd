package io.github.tokenvalidator.spring.boottests;

import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.spring.TokenAuthentication;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The application under test: a few endpoints, protected only by the starter and standard Spring annotations. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BankApplication.Endpoints.class)
class BankApplication {

  @RestController
  static class Endpoints {
    /** Needs {@code accessRestricted}, declared in {@code tokenvalidator.spring.rules}; the starter's type, as in the guide. */
    @GetMapping("/api/balance")
    Map<String, Object> balance(TokenAuthentication authentication) {
      return describe(authentication);
    }

    /** Any valid token; the principal as the guide shows it. */
    @GetMapping("/api/principal")
    Map<String, Object> principal(@AuthenticationPrincipal TokenPrincipal principal) {
      return Map.of("user", principal.getName(), "client", principal.token().clientId());
    }

    /** Any valid token. */
    @GetMapping("/api/me")
    Map<String, Object> me(Authentication authentication) {
      return describe(authentication);
    }

    /** Any valid token; a POST, for CSRF. */
    @PostMapping("/api/me")
    Map<String, Object> postMe(Authentication authentication) {
      return describe(authentication);
    }

    /** Needs {@code transfer}, declared on the method (method security is on where Spring Security is). */
    @GetMapping("/api/transfers")
    @PreAuthorize("hasAuthority('SCOPE_transfer')")
    Map<String, Object> transfers(Authentication authentication) {
      return describe(authentication);
    }

    /** Needs {@code admin}, declared in the application's chain where it has one. */
    @GetMapping("/api/admin")
    Map<String, Object> admin(Authentication authentication) {
      return describe(authentication);
    }

    /** Needs a role no token grants, declared in the application's chain where it has one. */
    @GetMapping("/api/staff")
    Map<String, Object> staff(Authentication authentication) {
      return describe(authentication);
    }

    /** Permitted by the rules. */
    @GetMapping("/public/hello")
    Map<String, Object> hello() {
      return Map.of("hello", "world");
    }

    /** Any valid token; answered with the status asked for, by Boot's error page (an error dispatch to /error). */
    @GetMapping("/api/status/{status}")
    Map<String, Object> status(@PathVariable("status") int status) {
      throw new ResponseStatusException(HttpStatus.valueOf(status));
    }

    private static Map<String, Object> describe(Authentication authentication) {
      return Map.of(
          "name", authentication.getName(),
          "client", ((TokenAuthentication) authentication).token().clientId(),
          "authorities", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
              .collect(Collectors.toCollection(TreeSet::new)));
    }
  }
}
