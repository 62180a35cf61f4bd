package io.github.tokenvalidator.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.KeyServer;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.TestKey;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code @OAuthSecurity(issuers = …)} on Jersey: each resource accepts the tokens of the issuers it names. */
class SeveralIssuersJaxRsTest {
  private static final TestKey PARTNER_KEY = TestKey.rsa("partner-key");
  private final MockAuthorizationServer mobileFirst = MockAuthorizationServer.start();
  private final MockAuthorizationServer legacy = MockAuthorizationServer.start();
  private final KeyServer partners = KeyServer.start().keys(PARTNER_KEY);
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private TokenValidator validator;

  @AfterEach
  void stop() {
    if (validator != null) {
      validator.close();
    }
    mobileFirst.close();
    legacy.close();
    partners.close();
  }

  @Path("/legacy")
  @OAuthSecurity(scope = "accounts.read", issuers = "legacy")
  public static class LegacyResource {
    @GET
    public String who(@Context SecurityContext security) {
      return security.getUserPrincipal().getName();
    }
  }

  @Path("/partners")
  @OAuthSecurity(issuers = {"partners"})
  public static class PartnersResource {
    @GET
    public String who(@Context SecurityContext security) {
      return security.getUserPrincipal().getName();
    }
  }

  @Path("/any")
  @OAuthSecurity
  public static class AnyResource {
    @GET
    public String who(@Context SecurityContext security) {
      return security.getUserPrincipal().getName();
    }
  }

  @Path("/wrong")
  @OAuthSecurity(issuers = {"default", "legacy"})
  public static class TwoIntrospectingIssuersResource {
    @GET
    public String who() {
      return "never";
    }
  }

  private TokenValidator validator() {
    Map<String, String> settings = new HashMap<>();
    settings.put("tokenvalidator.server-url", mobileFirst.serverUrl());
    settings.put("tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID);
    settings.put("tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET);
    settings.put("tokenvalidator.issuers.legacy.server-url", legacy.serverUrl());
    settings.put("tokenvalidator.issuers.legacy.client-id", MockAuthorizationServer.CLIENT_ID);
    settings.put("tokenvalidator.issuers.legacy.client-secret", MockAuthorizationServer.CLIENT_SECRET);
    settings.put("tokenvalidator.issuers.partners.token-format", "jwt");
    settings.put("tokenvalidator.issuers.partners.issuer", partners.issuer());
    settings.put("tokenvalidator.issuers.partners.audience", "bank-api");
    return TokenValidator.fromProperties(settings);
  }

  private static Application application(Set<Class<?>> classes, TokenValidationFeature feature) {
    return new Application() {
      @Override
      public Set<Class<?>> getClasses() {
        return classes;
      }

      @Override
      @SuppressWarnings("deprecation") // getSingletons is how a plain Application hands over configured instances
      public Set<Object> getSingletons() {
        return Set.of(feature);
      }
    };
  }

  private int status(URI base, String path, String token) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  @Test
  void eachResourceAcceptsTheIssuersItNames() throws Exception {
    mobileFirst.activeToken("mfp-token", "accounts.read", "alice");
    legacy.activeToken("legacy-token", "accounts.read", "bob");
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", partners.issuer());
    claims.put("aud", "bank-api");
    claims.put("sub", "carol");
    claims.put("exp", System.currentTimeMillis() / 1000 + 600);
    String partnerJwt = PARTNER_KEY.sign(claims);
    validator = validator();
    try (JaxRsRuntime.RunningApplication running = new JerseyRuntime().start(application(
        Set.of(LegacyResource.class, PartnersResource.class, AnyResource.class), TokenValidationFeature.of(validator)))) {
      URI base = running.baseUri();
      assertThat(status(base, "legacy", "legacy-token")).isEqualTo(200);
      assertThat(status(base, "legacy", "mfp-token")).isEqualTo(401);
      assertThat(status(base, "legacy", partnerJwt)).isEqualTo(401);
      assertThat(status(base, "partners", partnerJwt)).isEqualTo(200);
      assertThat(status(base, "partners", "mfp-token")).isEqualTo(401);
      assertThat(status(base, "any", "mfp-token")).isEqualTo(200);
      assertThat(status(base, "any", partnerJwt)).isEqualTo(200);
      assertThat(status(base, "any", "legacy-token")).isEqualTo(401);
      assertThat(legacy.introspectionCount()).isEqualTo(2); // legacy-token, and mfp-token on /legacy
    }
  }

  @Test
  void twoIntrospectingIssuersOnOneResourceFailDeployment() {
    validator = validator();
    assertThatThrownBy(() -> new JerseyRuntime().start(application(Set.of(TwoIntrospectingIssuersResource.class),
        TokenValidationFeature.of(validator))).close())
        .hasStackTraceContaining("@OAuthSecurity on " + TwoIntrospectingIssuersResource.class.getName())
        .hasStackTraceContaining("two introspecting issuers, 'default' and 'legacy'");
  }
}
