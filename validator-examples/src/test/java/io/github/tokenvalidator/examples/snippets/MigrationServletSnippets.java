package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The servlet Java blocks of docs/migration-from-mobilefirst.md.
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class MigrationServletSnippets {

  // docs/migration-from-mobilefirst.md, Java block 2
  public class JTVFilter implements Filter {
    private TokenValidator validator;
    private String expectedScope;

    @Override
    public void init(FilterConfig filterConfig) {
      validator = TokenValidator.builder()
          .serverUrl("http://localhost:9080/mfp/api")
          .clientCredentials("jtv", "jtv")
          .build();                                    // InvalidConfigurationException if a setting is wrong
      expectedScope = filterConfig.getInitParameter("scope");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest request = (HttpServletRequest) req;
      HttpServletResponse response = (HttpServletResponse) res;
      ValidationResult result = validator.validate(request.getHeader("Authorization"), expectedScope);
      if (!result.isValid()) {
        AuthenticationError error = result.error();    // 401, 403, 409 or 503
        response.setStatus(error.status());
        error.headers().forEach(response::setHeader);
        return;
      }
      request.setAttribute("introspection-data", result.token());
      chain.doFilter(req, res);
    }

    @Override
    public void destroy() {
      validator.close();
    }
  }

  // docs/migration-from-mobilefirst.md, Java block 4
  void readTheData(HttpServletRequest request) throws Exception {
    TokenInfo data = (TokenInfo) request.getAttribute("introspection-data");
    String username = data.username();
  }

  // docs/migration-from-mobilefirst.md, Java block 6
  void readTheDevice(HttpServletRequest request) throws Exception {
    TokenPrincipal principal = (TokenPrincipal) request.getUserPrincipal();
    TokenInfo.Device device = principal.token().mobileFirst().device();   // id, hardware, platform, status
  }
}
