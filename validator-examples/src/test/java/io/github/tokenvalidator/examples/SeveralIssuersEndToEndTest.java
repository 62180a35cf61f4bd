package io.github.tokenvalidator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.devserver.DevAuthorizationServer;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import io.github.tokenvalidator.servlet.SecurityRules;
import io.github.tokenvalidator.testing.TestJson;
import io.github.tokenvalidator.testing.TestKey;
import io.github.tokenvalidator.testing.TestProxy;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Three issuers behind one servlet filter and in one Spring Boot app: MobileFirst (the dev server, opaque
 * tokens, the default issuer), a JWT issuer (the dev server in JWT mode) and an RFC 7662 issuer (the dev
 * server in rfc7662 mode), every call to them counted by a proxy the validator goes through.
 */
class SeveralIssuersEndToEndTest {
  /** One rule text for both adapters: each path accepts the issuers it names, /mobile/* the default route. */
  static final String RULES = "/mobile/* accessRestricted; /partners/* accessRestricted issuers=partners;"
      + " /legacy/* accessRestricted issuers=legacy; /mixed/* accessRestricted issuers=partners,legacy";

  final DevAuthorizationServer mobileFirst = DevAuthorizationServer.start();
  final DevAuthorizationServer partners = DevAuthorizationServer.builder()
      .jwt(DevAuthorizationServer.JwtAlgorithm.RS256).jwtAudience("bank-api").start();
  final DevAuthorizationServer legacy = DevAuthorizationServer.builder().mode(DevAuthorizationServer.Mode.RFC7662)
      .client("resource-server", "rs-secret", "none").start();
  final TestProxy proxy = TestProxy.start();

  enum Adapter {
    SERVLET(ServletApp::start), SPRING_BOOT(SpringApp::start);

    final Function<Map<String, String>, App> start;

    Adapter(Function<Map<String, String>, App> start) {
      this.start = start;
    }
  }

  interface App extends AutoCloseable {
    URI base();

    @Override
    void close();
  }

  @AfterEach
  void stop() {
    mobileFirst.close();
    partners.close();
    legacy.close();
    proxy.close();
  }

  /** The settings, as environment variables: the default issuer and two groups. */
  Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("TOKENVALIDATOR_SERVER_URL", mobileFirst.serverUrl());
    settings.put("TOKENVALIDATOR_CLIENT_ID", "test");
    settings.put("TOKENVALIDATOR_CLIENT_SECRET", "test");
    settings.put("TOKENVALIDATOR_PROXY", proxy.address());
    settings.put("TOKENVALIDATOR_FAILURE_THRESHOLD", "1");
    settings.put("TOKENVALIDATOR_ISSUERS_PARTNERS_TOKEN_FORMAT", "jwt");
    settings.put("TOKENVALIDATOR_ISSUERS_PARTNERS_ISSUER", partners.issuer());
    settings.put("TOKENVALIDATOR_ISSUERS_PARTNERS_AUDIENCE", "bank-api");
    settings.put("TOKENVALIDATOR_ISSUERS_LEGACY_INTROSPECTION_ENDPOINT", legacy.introspectionEndpoint());
    settings.put("TOKENVALIDATOR_ISSUERS_LEGACY_CLIENT_ID", "resource-server");
    settings.put("TOKENVALIDATOR_ISSUERS_LEGACY_CLIENT_SECRET", "rs-secret");
    settings.put("TOKENVALIDATOR_ISSUERS_LEGACY_CLIENT_AUTH", "basic");
    return settings;
  }

  static int status(App app, String path, String token) {
    return Http.getWithToken(app.base().resolve(path), token).statusCode();
  }

  static String answeredBy(App app, String path, String token) {
    var response = Http.getWithToken(app.base().resolve(path), token);
    assertThat(response.statusCode()).as("%s %s", path, response.body()).isEqualTo(200);
    return response.body();
  }

  @ParameterizedTest
  @EnumSource(Adapter.class)
  void eachTokenIsAcceptedOnlyWhereItsRouteAllows(Adapter adapter) {
    String mobileToken = mobileFirst.issueToken("bank-app", "accessRestricted", "alice");
    String partnerToken = partners.issueToken("partner-app", "accessRestricted");
    String legacyToken = legacy.issueToken("legacy-app", "accessRestricted");
    try (App app = adapter.start.apply(settings())) {
      assertThat(answeredBy(app, "/mobile/who", mobileToken)).isEqualTo("default");
      assertThat(answeredBy(app, "/mobile/who", partnerToken)).isEqualTo("partners"); // the default route
      assertThat(answeredBy(app, "/partners/who", partnerToken)).isEqualTo("partners");
      assertThat(answeredBy(app, "/legacy/who", legacyToken)).isEqualTo("legacy");
      assertThat(answeredBy(app, "/mixed/who", legacyToken)).isEqualTo("legacy");
      assertThat(answeredBy(app, "/mixed/who", partnerToken)).isEqualTo("partners");

      int calls = proxy.requestLines().size();
      assertThat(status(app, "/partners/who", mobileToken)).isEqualTo(401); // no introspecting issuer there
      assertThat(status(app, "/partners/who", legacyToken)).isEqualTo(401);
      assertThat(status(app, "/legacy/who", partnerToken)).isEqualTo(401); // partners not accepted there
      assertThat(proxy.requestLines()).hasSize(calls);
      assertThat(status(app, "/legacy/who", mobileToken)).isEqualTo(401); // legacy has never heard of it
      assertThat(status(app, "/mobile/who", legacyToken)).isEqualTo(401); // nor MobileFirst of legacy's
    }
  }

  @ParameterizedTest
  @EnumSource(Adapter.class)
  void aThousandUnknownIssuersCostNoFetch(Adapter adapter) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
    try (App app = adapter.start.apply(settings())) {
      for (int i = 0; i < 1000; i++) {
        String claims = TestJson.write(Map.of("iss", "https://issuer-" + i + ".example.com", "aud", "bank-api",
            "exp", 4_000_000_000L, "scope", "accessRestricted"));
        String token = header + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
        // no introspecting issuer on /partners/*: refused without a call (on /mixed/*, legacy would be asked,
        // as MobileFirst's own JWTs must be)
        assertThat(status(app, "/partners/who", token)).isEqualTo(401);
      }
      assertThat(proxy.requestLines()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Adapter.class)
  void oneIssuerDownMakesOnlyItsOwnTokens503(Adapter adapter) {
    String mobileToken = mobileFirst.issueToken("bank-app", "accessRestricted", "alice");
    String partnerToken = partners.issueToken("partner-app", "accessRestricted");
    String legacyToken = legacy.issueToken("legacy-app", "accessRestricted");
    try (App app = adapter.start.apply(settings())) {
      legacy.close();
      assertThat(status(app, "/legacy/who", legacyToken)).isEqualTo(503);
      assertThat(status(app, "/mixed/who", legacyToken)).isEqualTo(503);
      assertThat(answeredBy(app, "/mobile/who", mobileToken)).isEqualTo("default");
      assertThat(answeredBy(app, "/mixed/who", partnerToken)).isEqualTo("partners");
    }
  }

  @ParameterizedTest
  @EnumSource(Adapter.class)
  void aJwtOfOneIssuerSignedWithAnothersKeyIsRefused(Adapter adapter) {
    String partnerToken = partners.issueToken("partner-app", "accessRestricted");
    @SuppressWarnings("unchecked")
    Map<String, Object> realHeader = TestJson.object(new String(Base64.getUrlDecoder()
        .decode(partnerToken.substring(0, partnerToken.indexOf('.'))), StandardCharsets.UTF_8));
    Map<String, Object> claims = TestJson.object(new String(Base64.getUrlDecoder()
        .decode(partnerToken.split("\\.")[1]), StandardCharsets.UTF_8));
    // partners' claims and kid, signed with another issuer's key
    String forged = TestKey.rsa((String) realHeader.get("kid")).sign(new LinkedHashMap<>(realHeader), claims);
    try (App app = adapter.start.apply(settings())) {
      assertThat(status(app, "/partners/who", forged)).isEqualTo(401);
      assertThat(answeredBy(app, "/partners/who", partnerToken)).isEqualTo("partners");
    }
  }

  @org.junit.jupiter.api.Test
  void aRuleNamingTwoIntrospectingIssuersFailsTheStart() {
    Map<String, String> settings = settings();
    try (TokenValidator validator = TokenValidator.fromEnvironment(settings)) {
      BearerTokenFilter filter = new BearerTokenFilter(validator,
          SecurityRules.parse("/x/* accessRestricted issuers=default,legacy"));
      assertThatThrownBy(() -> filter.init(new jakarta.servlet.FilterConfig() {
        @Override
        public String getFilterName() {
          return "bearer";
        }

        @Override
        public jakarta.servlet.ServletContext getServletContext() {
          return null;
        }

        @Override
        public String getInitParameter(String name) {
          return null;
        }

        @Override
        public java.util.Enumeration<String> getInitParameterNames() {
          return java.util.Collections.emptyEnumeration();
        }
      }))
          .hasMessageContaining("two introspecting issuers, 'default' and 'legacy'");
    }
    settings.put("TOKENVALIDATOR_SPRING_RULES", "/x/* accessRestricted issuers=default,legacy");
    assertThatThrownBy(() -> SpringApp.start(settings))
        .hasStackTraceContaining("two introspecting issuers, 'default' and 'legacy'");
  }

  /** The servlet filter on Jetty, with its validator from the same settings. */
  static final class ServletApp implements App {
    final TokenValidator validator;
    final Server server = new Server();
    final URI base;

    ServletApp(Map<String, String> settings) throws Exception {
      validator = TokenValidator.fromEnvironment(settings);
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.addFilter(new FilterHolder(new BearerTokenFilter(validator, SecurityRules.parse(RULES))), "/*",
          EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new HttpServlet() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          TokenInfo token = (TokenInfo) request.getAttribute(BearerTokenFilter.TOKEN_INFO_ATTRIBUTE);
          response.getWriter().write(token.issuerGroup());
        }
      }), "/*");
      server.setHandler(context);
      server.start();
      base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    static App start(Map<String, String> settings) {
      try {
        return new ServletApp(settings);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public URI base() {
      return base;
    }

    @Override
    public void close() {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        validator.close();
      }
    }
  }

  /** A Spring Boot app: the starter, its rules, the settings as environment variables (relaxed binding). */
  static final class SpringApp implements App {
    final ConfigurableApplicationContext context;

    SpringApp(ConfigurableApplicationContext context) {
      this.context = context;
    }

    static App start(Map<String, String> settings) {
      Map<String, Object> environment = new LinkedHashMap<>(settings);
      environment.putIfAbsent("TOKENVALIDATOR_SPRING_RULES", RULES);
      return new SpringApp(new SpringApplicationBuilder(Application.class)
          .properties("spring.main.banner-mode=off", "logging.level.root=warn", "server.address=127.0.0.1",
              "server.port=0")
          .initializers(application -> application.getEnvironment().getPropertySources()
              .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", environment)))
          .run());
    }

    @Override
    public URI base() {
      return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
      context.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Who.class)
    static class Application {}

    @RestController
    static class Who {
      @GetMapping("/{area}/who")
      String who(@PathVariable("area") String area, @AuthenticationPrincipal TokenPrincipal principal) {
        return principal.token().issuerGroup();
      }
    }
  }
}
