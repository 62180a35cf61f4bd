package io.github.tokenvalidator.liberty.apps;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Answers isUserInRole for every role parameter, and what else the container says of the caller. */
@WebServlet("/roles")
public class RolesServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    StringBuilder out = new StringBuilder("user=" + request.getRemoteUser());
    for (String role : request.getParameterValues("role")) {
      out.append(' ').append(role).append('=').append(request.isUserInRole(role));
    }
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().print(out);
  }
}
