package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.testing.KeyServer;
import io.github.tokenvalidator.testing.LogCapture;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import io.github.tokenvalidator.testing.TestJson;
import io.github.tokenvalidator.testing.TestKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several issuers in one validator, each on a real server: MobileFirst introspection (the default issuer),
 * two JWT issuers' key servers and an RFC 7662 server; tokens routed by {@code iss} and by route.
 */
class SeveralIssuersTest {
  private static final TestKey PARTNER_KEY = TestKey.rsa("partner-key");
  private static final TestKey REALM_KEY = TestKey.rsa("realm-key");

  private final MutableClock clock = MutableClock.startingNow();
  private final MockAuthorizationServer mobileFirst = MockAuthorizationServer.start(clock);
  private final KeyServer partners = KeyServer.start().keys(PARTNER_KEY);
  private final KeyServer realm = KeyServer.start().keys(REALM_KEY);
  private final Rfc7662Server legacy = new Rfc7662Server();

  @AfterEach
  void stop() {
    mobileFirst.close();
    partners.close();
    realm.close();
    legacy.close();
  }

  private Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("tokenvalidator.server-url", mobileFirst.serverUrl());
    settings.put("tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID);
    settings.put("tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET);
    settings.put("tokenvalidator.issuers.partners.token-format", "jwt");
    settings.put("tokenvalidator.issuers.partners.issuer", partners.issuer());
    settings.put("tokenvalidator.issuers.partners.audience", "bank-api");
    settings.put("tokenvalidator.issuers.realm.token-format", "jwt");
    settings.put("tokenvalidator.issuers.realm.issuer", realm.issuer());
    settings.put("tokenvalidator.issuers.realm.audience", "bank-api");
    settings.put("tokenvalidator.issuers.legacy.introspection-endpoint", legacy.endpoint());
    settings.put("tokenvalidator.issuers.legacy.client-id", "legacy-rs");
    settings.put("tokenvalidator.issuers.legacy.client-secret", "legacy-secret");
    return settings;
  }

  private TokenValidator validator() {
    return TokenValidator.builder().properties(settings()).clock(clock).ticker(clock).build();
  }

  private Map<String, Object> claims(String issuer) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("aud", "bank-api");
    claims.put("sub", "partner-user");
    claims.put("exp", clock.instant().getEpochSecond() + 600);
    claims.put("scope", "accounts.read");
    return claims;
  }

  private static void assertRefused(ValidationResult result, Kind kind) {
    assertThat(result.isValid()).as("%s", result).isFalse();
    assertThat(result.error().kind()).isEqualTo(kind);
  }

  private int allCalls() {
    return mobileFirst.mockWebServer().getRequestCount() + partners.totalRequests() + realm.totalRequests()
        + legacy.calls.get();
  }

  @Test
  void eachTokenGoesToItsIssuerAndNamesIt() {
    mobileFirst.activeToken("mfp-token", "accounts.read", "alice");
    legacy.active("legacy-token", "accounts.read");
    try (TokenValidator validator = validator()) {
      IssuerRoute legacyRoute = validator.route("legacy");
      ValidationResult fromMobileFirst = validator.validate("Bearer mfp-token", "accounts.read");
      ValidationResult fromPartners = validator.validate("Bearer " + PARTNER_KEY.sign(claims(partners.issuer())),
          "accounts.read");
      ValidationResult fromRealm = validator.validate("Bearer " + REALM_KEY.sign(claims(realm.issuer())),
          "accounts.read");
      ValidationResult fromLegacy = validator.validate("Bearer legacy-token", Scope.of("accounts.read"), legacyRoute);

      assertThat(fromMobileFirst.token().issuerGroup()).isEqualTo("default");
      assertThat(fromMobileFirst.token().username()).isEqualTo("alice");
      assertThat(fromPartners.token().issuerGroup()).isEqualTo("partners");
      assertThat(fromPartners.token().issuer()).isEqualTo(partners.issuer());
      assertThat(fromRealm.token().issuerGroup()).isEqualTo("realm");
      assertThat(fromLegacy.token().issuerGroup()).isEqualTo("legacy");
      assertThat(mobileFirst.introspectionCount()).isEqualTo(1);
      assertThat(legacy.calls.get()).isEqualTo(1);
      assertThat(validator.issuers()).extracting(ConfiguredIssuer::name)
          .containsExactly("default", "legacy", "partners", "realm");
    }
  }

  @Test
  void aTokenIsAcceptedOnlyWhereItsRouteAllows() {
    mobileFirst.activeToken("mfp-token", "accounts.read", "alice");
    legacy.active("legacy-token", "accounts.read");
    String partnerJwt = "Bearer " + PARTNER_KEY.sign(claims(partners.issuer()));
    try (TokenValidator validator = validator()) {
      IssuerRoute partnersOnly = validator.route("partners");
      IssuerRoute legacyAndRealm = validator.route("legacy", "realm");
      assertThat(validator.validate(partnerJwt, Scope.empty(), partnersOnly).isValid()).isTrue();
      int before = allCalls();
      // an opaque token on a route without an introspecting issuer: refused, sent nowhere
      assertRefused(validator.validate("Bearer mfp-token", Scope.empty(), partnersOnly), Kind.INVALID_TOKEN);
      // a partner JWT where partners are not accepted: refused, even though it is valid elsewhere
      assertRefused(validator.validate(partnerJwt, Scope.empty(), legacyAndRealm), Kind.INVALID_TOKEN);
      assertThat(allCalls()).isEqualTo(before);
      // MobileFirst's token is not legacy's: legacy says so, and its answer is legacy's alone
      assertRefused(validator.validate("Bearer mfp-token", Scope.empty(), legacyAndRealm), Kind.INVALID_TOKEN);
      assertThat(validator.validate("Bearer mfp-token").isValid()).isTrue();
      assertThat(validator.validate("Bearer legacy-token", Scope.empty(), legacyAndRealm).isValid()).isTrue();
      assertRefused(validator.validate("Bearer legacy-token"), Kind.INVALID_TOKEN);
      // every answer cached under its issuer: asked again, no server hears of it
      int cached = allCalls();
      assertThat(validator.validate("Bearer mfp-token").isValid()).isTrue();
      assertRefused(validator.validate("Bearer mfp-token", Scope.empty(), legacyAndRealm), Kind.INVALID_TOKEN);
      assertThat(validator.validate("Bearer legacy-token", Scope.empty(), legacyAndRealm).isValid()).isTrue();
      assertThat(allCalls()).isEqualTo(cached);
    }
  }

  @Test
  void aThousandUnknownIssuersCostNoCall() {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    // the kid of a known issuer's key, a well-formed JWS: only the iss tells it apart, and it is read first
    String header = base64.encodeToString(
        "{\"alg\":\"RS256\",\"kid\":\"partner-key\"}".getBytes(StandardCharsets.UTF_8));
    try (LogCapture logs = LogCapture.start(); TokenValidator validator = validator()) {
      IssuerRoute jwtOnly = validator.route("partners", "realm");
      for (int i = 0; i < 1000; i++) {
        String payload = base64.encodeToString(TestJson.write(claims("https://issuer-" + i + ".example.com"))
            .getBytes(StandardCharsets.UTF_8));
        String token = header + "." + payload + "." + base64.encodeToString(("sig-" + i).getBytes(StandardCharsets.UTF_8));
        assertRefused(validator.validate("Bearer " + token, Scope.empty(), jwtOnly), Kind.INVALID_TOKEN);
      }
      assertThat(partners.totalRequests()).isZero();
      assertThat(realm.totalRequests()).isZero();
      assertThat(allCalls()).isZero();
      assertThat(logs.messagesAt(java.util.logging.Level.WARNING)).isEmpty();
    }
  }

  @Test
  void aJwtWhoseIssuerNoJwtIssuerNamesGoesToTheRoutesOpaqueIssuer() {
    // MobileFirst's own access tokens are JWTs it introspects
    String mobileFirstJwt = TestKey.rsa("mfp").sign(claims("https://mfp.example.com/mfp"));
    mobileFirst.activeToken(mobileFirstJwt, "accounts.read", "bob");
    try (TokenValidator validator = validator()) {
      ValidationResult result = validator.validate("Bearer " + mobileFirstJwt, "accounts.read");
      assertThat(result.isValid()).isTrue();
      assertThat(result.token().issuerGroup()).isEqualTo("default");
      assertThat(mobileFirst.introspectionCount()).isEqualTo(1);
      assertThat(partners.totalRequests() + realm.totalRequests()).isZero();
    }
  }

  @Test
  void anAutoIssuerRefusesAJwtOfAnUnknownIssuerWithoutACall() {
    Map<String, String> settings = settings();
    settings.put("tokenvalidator.issuers.partners.token-format", "auto");
    settings.put("tokenvalidator.issuers.partners.introspection-endpoint", legacy.endpoint());
    settings.put("tokenvalidator.issuers.partners.client-id", "legacy-rs");
    settings.put("tokenvalidator.issuers.partners.client-secret", "legacy-secret");
    legacy.active("partner-opaque", "accounts.read");
    try (TokenValidator validator = TokenValidator.builder().properties(settings).clock(clock).ticker(clock).build()) {
      IssuerRoute partnersRoute = validator.route("partners");
      assertRefused(validator.validate("Bearer " + PARTNER_KEY.sign(claims("https://elsewhere.example.com")),
          Scope.empty(), partnersRoute), Kind.INVALID_TOKEN);
      assertThat(allCalls()).isZero();
      assertThat(validator.validate("Bearer partner-opaque", Scope.empty(), partnersRoute).token().issuerGroup())
          .isEqualTo("partners");
      // the default route takes partners' JWTs, not tokens partners introspected: those go to MobileFirst
      assertRefused(validator.validate("Bearer partner-opaque"), Kind.INVALID_TOKEN);
      assertThat(mobileFirst.introspectionCount()).isEqualTo(1);
      assertThat(validator.validate("Bearer " + PARTNER_KEY.sign(claims(partners.issuer())), Scope.empty(),
          partnersRoute).isValid()).isTrue();
    }
  }

  @Test
  void aJwtNamingTwoIssuersIsRefused() {
    // routed by its first iss, to partners' keys; the claims' duplicate key then refuses it
    String twoIssuers = PARTNER_KEY.signRaw(TestJson.write(PARTNER_KEY.header()),
        "{\"iss\":\"" + partners.issuer() + "\",\"aud\":\"bank-api\",\"exp\":"
            + (clock.instant().getEpochSecond() + 600) + ",\"iss\":\"" + realm.issuer() + "\"}", "RS256");
    try (TokenValidator validator = validator()) {
      assertRefused(validator.validate("Bearer " + twoIssuers), Kind.INVALID_TOKEN);
      assertThat(realm.totalRequests()).isZero();
    }
  }

  @Test
  void withOneJwtIssuerAnotherIssuersJwtCostsNoKeyFetch() {
    try (TokenValidator validator = TokenValidator.builder().tokenFormat(TokenFormat.JWT).issuer(partners.issuer())
        .audience("bank-api").clock(clock).ticker(clock).build()) {
      // before issuers were routed, this fetched partners' discovery document and keys to refuse the token
      assertRefused(validator.validate("Bearer " + PARTNER_KEY.sign(claims("https://elsewhere.example.com"))),
          Kind.INVALID_TOKEN);
      assertThat(partners.totalRequests()).isZero();
      assertThat(validator.validate("Bearer " + PARTNER_KEY.sign(claims(partners.issuer()))).token().issuerGroup())
          .isEqualTo("default");
    }
  }

  @Test
  void aJwtOfOneIssuerSignedWithAnothersKeyIsRefused() {
    // claims of partners, signed with realm's key under partners' kid
    TestKey forged = TestKey.rsa("partner-key");
    try (TokenValidator validator = validator()) {
      assertThat(validator.validate("Bearer " + REALM_KEY.sign(claims(realm.issuer()))).isValid()).isTrue();
      assertRefused(validator.validate("Bearer " + REALM_KEY.sign(claims(partners.issuer()))), Kind.INVALID_TOKEN);
      assertRefused(validator.validate("Bearer " + forged.sign(claims(partners.issuer()))), Kind.INVALID_TOKEN);
      assertThat(realm.keyRequests()).isEqualTo(1); // realm's keys served realm's token alone
    }
  }

  @Test
  void oneIssuerDownRefusesOnlyItsOwnTokens() {
    mobileFirst.activeToken("mfp-token", "accounts.read", "alice");
    legacy.active("legacy-token", "accounts.read");
    try (LogCapture logs = LogCapture.start(); TokenValidator validator = validator()) {
      IssuerRoute legacyRoute = validator.route("legacy");
      legacy.down = true;
      for (int i = 0; i < 5; i++) { // past failure-threshold: legacy's gate opens
        assertRefused(validator.validate("Bearer legacy-" + i, Scope.empty(), legacyRoute), Kind.UNAVAILABLE);
      }
      assertThat(validator.validate("Bearer mfp-token").isValid()).isTrue();
      assertThat(validator.validate("Bearer " + PARTNER_KEY.sign(claims(partners.issuer()))).isValid()).isTrue();
      Map<String, Health> health = validator.healthByIssuer();
      assertThat(health.keySet()).containsExactly("default", "legacy", "partners", "realm");
      assertThat(health.get("legacy").status()).isEqualTo(Health.Status.DOWN);
      assertThat(health.get("default").status()).isEqualTo(Health.Status.UP);
      assertThat(health.get("partners").status()).isEqualTo(Health.Status.UP);
      assertThat(validator.health().status()).isEqualTo(Health.Status.DOWN);
      assertThat(logs.text()).contains("/introspect answered HTTP 503");
    }
  }

  @Test
  void aRouteNamesConfiguredIssuersAndOneIntrospectingIssuerAtMost() {
    try (TokenValidator validator = validator()) {
      assertThatThrownBy(() -> validator.route("partnrs")).isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("issuer 'partnrs', which is not configured (configured: default, legacy, partners, realm)");
      assertThatThrownBy(() -> validator.route("default", "partners", "legacy"))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("two introspecting issuers, 'default' and 'legacy'");
      assertThatThrownBy(() -> validator.route()).isInstanceOf(IllegalArgumentException.class);
      assertThat(validator.route("partners", "default").issuers()).containsExactly("partners", "default");
      try (TokenValidator other = validator()) {
        assertThatThrownBy(() -> other.validate("Bearer x", Scope.empty(), validator.route("default")))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  /** An RFC 7662 introspection endpoint with HTTP Basic client authentication. */
  private static final class Rfc7662Server implements AutoCloseable {
    final MockWebServer server = new MockWebServer();
    final Map<String, String> active = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean down;

    Rfc7662Server() {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          calls.incrementAndGet();
          if (down) {
            return new MockResponse().setResponseCode(503);
          }
          String expected = "Basic " + Base64.getEncoder()
              .encodeToString("legacy-rs:legacy-secret".getBytes(StandardCharsets.UTF_8));
          if (!expected.equals(request.getHeader("Authorization"))) {
            return new MockResponse().setResponseCode(401);
          }
          String form = request.getBody().readUtf8();
          String token = java.net.URLDecoder.decode(form.replaceAll("^token=([^&]*).*$", "$1"), StandardCharsets.UTF_8);
          String scope = active.get(token);
          return new MockResponse().setHeader("Content-Type", "application/json").setBody(scope == null
              ? "{\"active\":false}" : "{\"active\":true,\"scope\":\"" + scope + "\",\"client_id\":\"legacy-app\"}");
        }
      });
      try {
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void active(String token, String scope) {
      active.put(token, scope);
    }

    String endpoint() {
      return "http://127.0.0.1:" + server.getPort() + "/introspect";
    }

    @Override
    public void close() {
      try {
        server.shutdown();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

}
