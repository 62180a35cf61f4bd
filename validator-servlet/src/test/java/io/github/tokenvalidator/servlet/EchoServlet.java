package io.github.tokenvalidator.servlet;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * The protected application: answers 200 with {@code key=value} lines saying which servlet the request
 * reached and what the request looked like to it. {@code ?role=x} asks {@code isUserInRole("x")}; a POST
 * echoes the raw body it read. Public, so a {@code web.xml} can declare it; then it is named by its
 * servlet name.
 */
public final class EchoServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final String name;

  public EchoServlet() {
    this(null);
  }

  EchoServlet(String name) {
    this.name = name;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (request.isAsyncSupported()) {
      // answers from another thread, as asynchronous applications do
      AsyncContext async = request.startAsync();
      async.start(() -> {
        try {
          Object attribute = async.getRequest().getAttribute(BearerTokenFilter.TOKEN_INFO_ATTRIBUTE);
          response.setHeader("X-Async-Token-Attribute", attribute instanceof TokenInfo ? "present" : "absent");
          answer(request, response, null);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          async.complete();
        }
      });
      return;
    }
    answer(request, response, null);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    answer(request, response, body);
  }

  @Override
  protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
    answer(request, response, null);
  }

  private void answer(HttpServletRequest request, HttpServletResponse response, String body) throws IOException {
    StringBuilder out = new StringBuilder();
    line(out, "servlet", name != null ? name : getServletName());
    line(out, "path", BearerTokenFilter.applicationPath(request));
    line(out, "remoteUser", request.getRemoteUser());
    line(out, "authType", request.getAuthType());
    Principal principal = request.getUserPrincipal();
    line(out, "principal", principal == null ? null : principal.getClass().getName());
    if (principal instanceof TokenPrincipal) {
      line(out, "principalName", principal.getName());
      line(out, "principalUsername", ((TokenPrincipal) principal).token().username());
      Object attribute = request.getAttribute(BearerTokenFilter.TOKEN_INFO_ATTRIBUTE);
      line(out, "tokenAttributeIsPrincipalToken",
          String.valueOf(attribute instanceof TokenInfo && attribute == ((TokenPrincipal) principal).token()));
    }
    String[] roles = request.getParameterValues("role");
    if (roles != null) {
      for (String role : roles) {
        line(out, "role." + role, String.valueOf(request.isUserInRole(role)));
      }
    }
    line(out, "session", String.valueOf(request.getSession(false) != null));
    if (body != null) {
      line(out, "body", body);
    }
    byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(key).append('=').append(value).append('\n');
  }
}
