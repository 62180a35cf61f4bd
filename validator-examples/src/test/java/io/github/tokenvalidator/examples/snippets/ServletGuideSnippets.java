package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.servlet.SecurityRules;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The Java blocks of docs/servlet.md but its complete program ({@code examples.guides.BankServer}, run by
 * GuideProgramsTest).
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class ServletGuideSnippets {

  // docs/servlet.md, Java block 2
  public final class Security implements ServletContextListener {
    private TokenValidator validator;

    @Override
    public void contextInitialized(ServletContextEvent event) {
      validator = TokenValidator.fromEnvironment(System.getenv());   // TOKENVALIDATOR_SERVER_URL, …
      SecurityRules rules = SecurityRules.builder()
          .require("/api/balance", Scope.of("accessRestricted"), "GET", "POST")
          .permit("/health")
          .rules("/admin/* admin")                                  // the text form works here too
          .build();
      FilterRegistration.Dynamic filter =
          event.getServletContext().addFilter("bearer-token", new BearerTokenFilter(validator, rules));
      filter.setAsyncSupported(true);
      filter.addMappingForUrlPatterns(null, false, "/*");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
      validator.close();
    }
  }

  // docs/servlet.md, Java block 3
  void shareTheValidator(ServletContextEvent event) throws Exception {
    event.getServletContext().setAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE,
        TokenValidator.fromEnvironment(System.getenv()));
  }

  // docs/servlet.md, Java block 4
  void readThePrincipal(HttpServletRequest request) throws Exception {
    TokenPrincipal principal = (TokenPrincipal) request.getUserPrincipal();
    TokenInfo.Device device = principal.token().mobileFirst().device();   // mfp-device, or null
    String deviceId = device == null ? null : device.id();
    if (request.isUserInRole("transfers")) {
      throw new UnsupportedOperationException("not part of the example");
    }
  }
}
