package io.github.tokenvalidator.liberty.apps;

import io.github.tokenvalidator.TokenPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The application of the WAR that carries BearerTokenFilter itself (web.xml), next to the interceptor. */
public class HelloServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    TokenPrincipal principal = (TokenPrincipal) request.getUserPrincipal();
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().print("hello " + principal.getName() + " accessRestricted="
        + request.isUserInRole("accessRestricted"));
  }
}
