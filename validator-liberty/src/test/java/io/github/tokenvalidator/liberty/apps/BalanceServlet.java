package io.github.tokenvalidator.liberty.apps;

import com.ibm.websphere.security.auth.WSSubject;
import io.github.tokenvalidator.TokenInfo;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import javax.security.auth.Subject;

/** MobileFirst's tutorial resource, protected by web.xml's TAIUserRole constraint as the tutorial had it. */
@WebServlet("/GetBalance")
public class BalanceServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    TokenInfo token = (TokenInfo) request.getAttribute("io.github.tokenvalidator.TokenInfo");
    TokenInfo.Device device = token.mobileFirst().device();   // mfp-device, or null
    String fromSubject;
    try {
      Subject caller = WSSubject.getCallerSubject();
      Set<TokenInfo> infos = caller == null ? Set.of() : caller.getPrivateCredentials(TokenInfo.class);
      fromSubject = infos.isEmpty() ? "none" : infos.iterator().next().clientId();
    } catch (Exception e) {
      fromSubject = e.toString();
    }
    response.setContentType("text/plain;charset=UTF-8");
    response.getWriter().print("user=" + request.getRemoteUser()
        + " principal=" + request.getUserPrincipal().getName()
        + " client=" + token.clientId()
        + " scope=" + token.scope() + (device == null ? "" : " device=" + device.id())
        + " subjectToken=" + fromSubject);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    doGet(request, response);
  }
}
