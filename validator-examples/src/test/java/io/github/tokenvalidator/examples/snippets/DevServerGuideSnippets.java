package io.github.tokenvalidator.examples.snippets;

import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import java.time.Duration;

/**
 * The Java blocks of docs/dev-server.md that BalanceResourceTest does not run.
 * Compiled, not run: the code only has to stay what the guide shows; DocSnippetsTest checks that it
 * does. Edit the two together.
 */
class DevServerGuideSnippets {

  // docs/dev-server.md, Java block 2
  void configuredServer() throws Exception {
    DevAuthorizationServer authorizationServer = DevAuthorizationServer.builder()
        .port(0)                                              // free port
        .client("bank-backend", "backend-secret", "authorization.introspect")
        .client("bank-app", "app-secret", "RegisteredClient accessRestricted")
        .tokenLifetime(Duration.ofMinutes(10))
        .start();
    String serverUrl = authorizationServer.serverUrl();      // http://127.0.0.1:PORT/mfp/api
  }

  // docs/dev-server.md, Java block 3
  void appIdServer() throws Exception {
    DevAuthorizationServer appId = DevAuthorizationServer.builder()
        .appIdTenant("my-tenant")                             // RS256, typ JOSE, as App ID
        .client("bank-app", "app-secret", "*")
        .start();
    String issuer = appId.appIdIssuer();                     // http://127.0.0.1:PORT/oauth/v4/my-tenant
    String token = appId.issueToken("bank-app", "read");     // issueToken uses the MobileFirst issuer
  }
}
