package io.github.tokenvalidator.spring.boottests;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application without Spring Security: the starter protects it with the servlet filter. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PlainApplication.Endpoints.class)
class PlainApplication {

  @RestController
  static class Endpoints {
    @GetMapping({"/api/balance", "/api/me"})
    Map<String, Object> me(HttpServletRequest request) {
      return Map.of("name", request.getRemoteUser(), "accessRestricted", request.isUserInRole("accessRestricted"));
    }

    @GetMapping("/public/hello")
    Map<String, Object> hello() {
      return Map.of("hello", "world");
    }
  }
}
