package io.github.tokenvalidator.liberty.apps;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A resource of the bank application that no securedURLs names: the interceptor leaves it alone. */
@WebServlet({"/public", "/data", "/free", "/down", "/conflict", "/broken", "/partners", "/late"})
public class PublicServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object token = request.getAttribute("io.github.tokenvalidator.TokenInfo");
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().print(request.getServletPath() + " user=" + request.getRemoteUser()
        + " token=" + (token != null));
  }
}
