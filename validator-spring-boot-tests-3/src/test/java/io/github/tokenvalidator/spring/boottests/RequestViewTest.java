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
 * The starter's view of a request in a Spring Security application on embedded Tomcat, with the
 * application's validator trusting 127.0.0.1 as a proxy: method, URI parts, raw query, every
 * {@code Authorization} value, peer address, client certificates, and the URI the client sent.
 */
@SpringBootTest(
    classes = {BankApplication.class, ApplicationSecurity.class, ViewEndpoint.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenvalidator.client-id=test",
      "tokenvalidator.client-secret=test",
      "tokenvalidator.trusted-proxies=127.0.0.1",
      "tokenvalidator.spring.rules=GET /api/balance accessRestricted; /public/* permit"
    })
class RequestViewTest {
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
  void theViewCarriesTheRequestAsTomcatReceivedIt() {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/public/view/a%20b?x=1&y=%2F"))
        .header("X-Test-Client-Certificate", "present")
        .header("Authorization", "Bearer first").header("Authorization", "Bearer second"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains(
        "method=GET\n",
        "scheme=http\n",
        "host=127.0.0.1\n",
        "port=" + port + "\n",
        "path=/public/view/a%20b\n",
        "rawQuery=x=1&y=%2F\n",
        "remoteAddress=127.0.0.1\n",
        "authorization=Bearer first\nauthorization=Bearer second\n",
        "certificate=CN=bank-client\n",
        "requestUri=http://127.0.0.1:" + port + "/public/view/a%20b\n");
  }

  @Test
  void forwardedHeadersFromTheTrustedPeerGiveTheClientsUri() {
    HttpResponse<String> response = Http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/public/view/x"))
        .header("Forwarded", "for=198.51.100.7;proto=https;host=api.example.com")
        .header("X-Forwarded-Prefix", "/edge"));

    assertThat(response.body()).contains("requestUri=https://api.example.com/edge/public/view/x\n",
        "scheme=http\n", "remoteAddress=127.0.0.1\n").doesNotContain("certificate=");
  }

  @Test
  void theStartersFilterAppliesCoresPolicyToTheView() {
    String token = AUTHORIZATION_SERVER.issueToken("accessRestricted");

    assertThat(Http.bearer("http://127.0.0.1:" + port + "/api/balance", token).statusCode()).isEqualTo(200);
    assertThat(Http.get("http://127.0.0.1:" + port + "/api/balance", "Bearer " + token, "Bearer " + token)
        .statusCode()).isEqualTo(400);
    assertThat(Http.get("http://127.0.0.1:" + port + "/api/balance?access_token=" + token).statusCode())
        .isEqualTo(400);
  }
}
