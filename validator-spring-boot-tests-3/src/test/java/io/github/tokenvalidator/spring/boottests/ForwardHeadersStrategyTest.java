package io.github.tokenvalidator.spring.boottests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What docs/configuration.md advises: where the server applies the forwarded headers itself
 * ({@code server.forward-headers-strategy=native}: Tomcat's {@code RemoteIpValve}, which trusts loopback
 * peers by default), {@code trusted-proxies} stays empty and the request the starter reads is already the
 * client's.
 */
@SpringBootTest(
    classes = {BankApplication.class, ApplicationSecurity.class, ViewEndpoint.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenvalidator.client-id=test",
      "tokenvalidator.client-secret=test",
      "tokenvalidator.spring.rules=/public/* permit",
      "server.forward-headers-strategy=native"
    })
class ForwardHeadersStrategyTest {
  static final FrontedAuthorizationServer AUTHORIZATION_SERVER = new FrontedAuthorizationServer();

  @DynamicPropertySource
  static void authorizationServer(DynamicPropertyRegistry registry) {
    registry.add("tokenvalidator.server-url", AUTHORIZATION_SERVER::serverUrl);
  }

  @AfterAll
  static void stopAuthorizationServer() {
    AUTHORIZATION_SERVER.close();
  }

  @Value("${local.server.port}")
  int port;

  @Test
  void theContainerAppliesTheForwardedHeadersAndTheValidatorTakesItsView() {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/public/view/x?q=1"))
        .header("X-Forwarded-For", "198.51.100.7")
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "api.example.com"));

    assertThat(response.body()).contains("scheme=https\n", "host=api.example.com\n",
        "remoteAddress=198.51.100.7\n", "requestUri=https://api.example.com/public/view/x\n");
  }
}
