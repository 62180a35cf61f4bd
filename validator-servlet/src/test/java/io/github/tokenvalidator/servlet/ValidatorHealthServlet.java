package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.TokenValidator;
// BearerTokenFilter is in this package; imported as the guide shows it
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The health endpoint of docs/troubleshooting.md, as written there (DocSnippetsTest checks it): it reports
 * the health of the validator a {@code web.xml} filter built, found as a servlet context attribute. The
 * tests declare it in {@code web-app.xml} and run it in Jetty and Tomcat.
 */
// the container never serialises it, and creates it by the default constructor, as web.xml declares it
@SuppressWarnings({"serial", "missing-explicit-ctor"})
public class ValidatorHealthServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    TokenValidator validator =
        (TokenValidator) getServletContext().getAttribute(BearerTokenFilter.VALIDATOR_ATTRIBUTE);
    Health health = validator.health();
    response.setStatus(health.status() == Health.Status.DOWN ? 503 : 200);
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().println(health.status() + (health.detail() == null ? "" : ": " + health.detail()));
  }
}
