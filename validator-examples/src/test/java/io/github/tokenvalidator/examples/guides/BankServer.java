package io.github.tokenvalidator.examples.guides;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.servlet.SecurityRules;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/*
 * The complete program of docs/servlet.md, "Set-up in code", as written there (DocSnippetsTest checks it);
 * GuideProgramsTest runs it against the dev server. Edit the two together.
 */
// the container never serialises its servlets
@SuppressWarnings("serial")
public class BankServer {

  public static void main(String[] args) throws Exception {
    // TOKENVALIDATOR_SERVER_URL, TOKENVALIDATOR_CLIENT_ID, TOKENVALIDATOR_CLIENT_SECRET, ...
    try (TokenValidator validator = TokenValidator.fromEnvironment(System.getenv())) {
      Server server = start(validator, 8080);
      server.join();                                      // serves until the process is stopped
    }
  }

  static Server start(TokenValidator validator, int port) throws Exception {
    SecurityRules rules = SecurityRules.builder()
        .require("/api/balance", Scope.of("accessRestricted"), "GET", "POST")
        .permit("/health")
        .rules("/admin/* admin")                        // the text form works here too
        .build();                                       // a path no rule names needs a valid token
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(new BearerTokenFilter(validator, rules)), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new BalanceServlet()), "/api/balance");
    context.addServlet(new ServletHolder(new HealthServlet(validator)), "/health");

    Server server = new Server(port);
    server.setHandler(context);
    server.start();
    return server;
  }

  public static class BalanceServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      TokenPrincipal principal = (TokenPrincipal) request.getUserPrincipal();
      TokenInfo.Device device = principal.token().mobileFirst().device();  // null without mfp-device: JWTs, …
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().println("Balance of " + principal.getName() + ": 1024.00 EUR"
          + (device == null ? "" : " (device " + device.id() + ")"));
    }
  }

  /** Open to probes (the /health permit rule): whether the validator reaches the authorization server. */
  public static class HealthServlet extends HttpServlet {
    private final TokenValidator validator;

    HealthServlet(TokenValidator validator) {
      this.validator = validator;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      Health health = validator.health();
      response.setStatus(health.status() == Health.Status.DOWN ? 503 : 200);
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().println(health.status());
    }
  }
}
