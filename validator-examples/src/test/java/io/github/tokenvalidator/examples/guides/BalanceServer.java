package io.github.tokenvalidator.examples.guides;

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
 * The servlet program of docs/getting-started.md, section 5, as written there (DocSnippetsTest checks it);
 * GuideProgramsTest runs it against the dev server. Edit the two together.
 */
// the container never serialises its servlets
@SuppressWarnings("serial")
public class BalanceServer {

  public static void main(String[] args) throws Exception {
    // TOKENVALIDATOR_SERVER_URL, TOKENVALIDATOR_CLIENT_ID, TOKENVALIDATOR_CLIENT_SECRET, ...
    try (TokenValidator validator = TokenValidator.fromEnvironment(System.getenv())) {
      Server server = start(validator, 8080);
      server.join();                                      // serves until the process is stopped
    }
  }

  static Server start(TokenValidator validator, int port) throws Exception {
    SecurityRules rules = SecurityRules.parse("""
        /public/* permit
        /api/balance accessRestricted
        """);                                             // a path no rule names needs a valid token
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(new BearerTokenFilter(validator, rules)), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new BalanceServlet()), "/api/balance");

    Server server = new Server(port);
    server.setHandler(context);
    server.start();
    return server;
  }

  /** Reached only with a valid token covering accessRestricted: the filter answers everything else. */
  public static class BalanceServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      TokenPrincipal principal = (TokenPrincipal) request.getUserPrincipal();
      String user = principal.getName();                               // username, else subject, else client id
      TokenInfo.Device device = principal.token().mobileFirst().device();  // mfp-device; null in JWTs and others
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().println("Balance of " + user + ": 1024.00 EUR (device "
          + (device == null ? "unknown" : device.id()) + ")");
    }
  }
}
