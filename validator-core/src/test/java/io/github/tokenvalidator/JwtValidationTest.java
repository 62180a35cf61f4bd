package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.testing.KeyServer;
import io.github.tokenvalidator.testing.LogCapture;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import io.github.tokenvalidator.testing.TestJson;
import io.github.tokenvalidator.testing.TestKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Local JWT validation end to end: TokenValidator.builder()…build().validate("Bearer …", scope), a real
 * key server, time on the test's clock and ticker.
 */
class JwtValidationTest {
  private static final TestKey KEY = TestKey.rsa("app-id-key-1");
  private final MutableClock clock = MutableClock.startingNow();
  private final KeyServer keyServer = KeyServer.start().keys(KEY);

  @AfterEach
  void stop() {
    keyServer.close();
  }

  private TokenValidator.Builder jwt() {
    return TokenValidator.builder().tokenFormat(TokenFormat.JWT).issuer(keyServer.issuer())
        .audience("orders-api").clock(clock).ticker(clock);
  }

  private Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", keyServer.issuer());
    claims.put("aud", List.of("orders-api"));
    claims.put("sub", "user-7");
    claims.put("exp", clock.instant().getEpochSecond() + 600);
    claims.put("iat", clock.instant().getEpochSecond());
    claims.put("scope", "orders.read appid_default");
    claims.put("azp", "web-app");
    return claims;
  }

  private Map<String, Object> claims(String name, Object value) {
    Map<String, Object> claims = claims();
    claims.put(name, value);
    return claims;
  }

  /** App ID's header: RS256, a kid, typ JOSE. */
  private static Map<String, Object> appIdHeader() {
    Map<String, Object> header = KEY.header();
    header.put("typ", "JOSE");
    return header;
  }

  private static void assertInvalidToken(ValidationResult result) {
    assertThat(result.isValid()).isFalse();
    assertThat(result.error().kind()).isEqualTo(Kind.INVALID_TOKEN);
    assertThat(result.error().status()).isEqualTo(401);
    assertThat(result.error().wwwAuthenticate()).contains("error=\"invalid_token\"");
  }

  @Test
  void anAppIdTokenIsValidatedByDiscoveryWithoutIntrospectionOrClientCredentials() {
    try (TokenValidator validator = jwt().build()) {
      ValidationResult result = validator.validate("Bearer " + KEY.sign(appIdHeader(), claims()), "orders.read");

      assertThat(result.isValid()).isTrue();
      assertThat(result.token().subject()).isEqualTo("user-7");
      assertThat(result.token().clientId()).isEqualTo("web-app");
      assertThat(keyServer.requestCount(KeyServer.TENANT_PATH + "/.well-known/openid-configuration")).isEqualTo(1);
    }
  }

  /** The Java example at the top of docs/jwt.md, kept compiling and working here; edit both together. */
  @Test
  void theJwtDocExampleWorksAsWritten() {
    // This validator runs on the system clock: the token's times must be real ones.
    long now = java.time.Instant.now().getEpochSecond();
    Map<String, Object> claims = claims("exp", now + 600);
    claims.put("iat", now);
    String authorization = "Bearer " + KEY.sign(claims);
    // --- docs/jwt.md example begins (issuer: the test's key server)
    TokenValidator validator = TokenValidator.builder()
        .tokenFormat(TokenFormat.JWT)
        .issuer(keyServer.issuer())
        .audience("orders-api")
        .build();
    ValidationResult result = validator.validate(authorization, "orders.read");
    // --- docs/jwt.md example ends
    validator.close();
    assertThat(result.isValid()).isTrue();
  }

  @Test
  void aHotTokenIsAnsweredFromTheCache() {
    AtomicInteger hits = new AtomicInteger();
    ValidationListener listener = new ValidationListener() {
      @Override
      public void cacheHit() {
        hits.incrementAndGet();
      }
    };
    try (TokenValidator validator = jwt().jwksUri(keyServer.jwksUri()).listener(listener).build()) {
      String header = "Bearer " + KEY.sign(claims());
      validator.validate(header, "orders.read");
      ValidationResult again = validator.validate(header, "orders.read");

      assertThat(again.isValid()).isTrue();
      assertThat(hits).hasValue(1);
      assertThat(keyServer.totalRequests()).isEqualTo(1);
    }
  }

  @Test
  void insufficientScopeIs403WithTheScope() {
    try (TokenValidator validator = jwt().build()) {
      ValidationResult result = validator.validate("Bearer " + KEY.sign(claims()), "orders.write");

      assertThat(result.error().status()).isEqualTo(403);
      assertThat(result.error().wwwAuthenticate()).contains("insufficient_scope").contains("orders.write");
    }
  }

  /** RFC 7519 §4.1.4 allows leeway on exp, as Spring, Nimbus, jose4j and Quarkus apply it: clock-skew does. */
  @Test
  void expGetsTheClockSkewLikeNbfAndIat() {
    long now = clock.instant().getEpochSecond();
    try (TokenValidator validator = jwt().clockSkew(Duration.ofSeconds(30)).build()) {
      assertThat(validator.validate("Bearer " + KEY.sign(claims("exp", now - 29)), "orders.read").isValid())
          .as("29 s past exp, within the 30 s skew").isTrue();
      assertInvalidToken(validator.validate("Bearer " + KEY.sign(claims("exp", now - 30)), "orders.read"));
      assertThat(validator.validate("Bearer " + KEY.sign(claims("nbf", now + 30)), "orders.read").isValid()).isTrue();
      assertInvalidToken(validator.validate("Bearer " + KEY.sign(claims("nbf", now + 31)), "orders.read"));
      assertThat(validator.validate("Bearer " + KEY.sign(claims("iat", now + 30)), "orders.read").isValid()).isTrue();
      assertInvalidToken(validator.validate("Bearer " + KEY.sign(claims("iat", now + 31)), "orders.read"));
    }
  }

  @Test
  void refusedTokensAre401WithASafeDescription() {
    TestKey stranger = TestKey.rsa("app-id-key-1");
    try (TokenValidator validator = jwt().build()) {
      List<String> refused = List.of(
          stranger.sign(claims()), // bad signature
          KEY.sign(claims("exp", clock.instant().getEpochSecond() - 30)), // expired beyond the clock skew
          KEY.sign(claims("iss", "https://elsewhere.example")),
          KEY.sign(claims("aud", "payments-api")),
          KEY.sign(claims("exp", null)),
          KEY.sign(with(KEY.header(), "typ", "dpop+jwt"), claims()),
          KEY.sign(with(KEY.header(), "kid", "unknown"), claims()),
          "not.a.jwt");
      for (String token : refused) {
        ValidationResult result = validator.validate("Bearer " + token, "orders.read");
        assertInvalidToken(result);
        assertThat(result.error().description()).doesNotContain(token.substring(0, 8));
      }
    }
  }

  private static Map<String, Object> with(Map<String, Object> map, String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(map);
    copy.put(name, value);
    return copy;
  }

  @Test
  void aJkuPointingElsewhereIsNeverFetched() {
    TestKey attacker = TestKey.rsa("attacker-key");
    try (KeyServer evil = KeyServer.start().keys(attacker);
        TokenValidator validator = jwt().build()) {
      Map<String, Object> header = with(attacker.header(), "jku", evil.jwksUri());
      header.put("x5u", evil.jwksUri());

      assertInvalidToken(validator.validate("Bearer " + attacker.sign(header, claims()), "orders.read"));
      assertThat(evil.totalRequests()).isZero();
    }
  }

  @Test
  void buildNeitherFailsNorFetchesWhenTheKeyServerIsDown() {
    keyServer.down(true);
    try (TokenValidator validator = jwt().build()) {
      assertThat(keyServer.totalRequests()).isZero();

      ValidationResult result = validator.validate("Bearer " + KEY.sign(claims()), "orders.read");
      assertThat(result.error().kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(result.error().headers()).containsKey("Retry-After");
      assertThat(validator.health().status()).isEqualTo(Health.Status.DOWN);
    }
  }

  @Test
  void anUnknownKidDuringAKeyServerOutageIs503NeverA401() {
    try (TokenValidator validator = jwt().build()) {
      assertThat(validator.validate("Bearer " + KEY.sign(claims()), "orders.read").isValid()).isTrue();
      keyServer.down(true);
      clock.advance(Duration.ofSeconds(6));
      TestKey rotated = TestKey.rsa("app-id-key-2");

      ValidationResult unknown = validator.validate("Bearer " + rotated.sign(claims()), "orders.read");
      ValidationResult known = validator.validate("Bearer " + KEY.sign(claims("jti", "2")), "orders.read");

      assertThat(unknown.error().kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(unknown.error().headers()).containsKey("Retry-After");
      assertThat(known.isValid()).isTrue();
      assertThat(validator.health().status()).isEqualTo(Health.Status.DEGRADED);
    }
  }

  /** ValidationListener documents failingFast("key-server"): it is sent when key fetches start and stop failing. */
  @Test
  void theListenerIsToldWhenTheKeyServerStartsAndStopsFailing() {
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    ValidationListener listener = new ValidationListener() {
      @Override
      public void failingFast(String upstream, boolean failing) {
        events.add(upstream + ":" + failing);
      }
    };
    try (TokenValidator validator = jwt().listener(listener).build()) {
      assertThat(validator.validate("Bearer " + KEY.sign(claims()), "orders.read").isValid()).isTrue();
      keyServer.down(true);
      clock.advance(Duration.ofSeconds(6));
      validator.validate("Bearer " + TestKey.rsa("app-id-key-2").sign(claims()), "orders.read");
      assertThat(events).containsExactly("key-server:true");

      keyServer.down(false);
      clock.advance(Duration.ofSeconds(6));
      validator.validate("Bearer " + TestKey.rsa("app-id-key-3").sign(claims()), "orders.read");
      assertThat(events).containsExactly("key-server:true", "key-server:false");
    }
  }

  @Test
  void aBurstOfAThousandUnknownKidsCostsOneKeyFetch() {
    try (TokenValidator validator = jwt().build()) {
      validator.validate("Bearer " + KEY.sign(claims()), "orders.read");
      clock.advance(Duration.ofSeconds(6));
      String payload = TestKey.b64(TestJson.write(claims()).getBytes(StandardCharsets.UTF_8));
      List<CompletableFuture<ValidationResult>> answers = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        String header = TestJson.write(Map.of("alg", "RS256", "kid", "made-up-" + i));
        String token = TestKey.b64(header.getBytes(StandardCharsets.UTF_8)) + "." + payload + ".c2ln";
        answers.add(validator.validateAsync("Bearer " + token, "orders.read"));
      }

      answers.forEach(answer -> assertInvalidToken(answer.join()));
      assertThat(keyServer.keyRequests()).isBetween(1, 2);
    }
  }

  @Test
  void aRotatedKeyIsPickedUpOnTheNextRefetch() {
    TestKey rotated = TestKey.rsa("app-id-key-2");
    try (TokenValidator validator = jwt().build()) {
      validator.validate("Bearer " + KEY.sign(claims()), "orders.read");
      keyServer.keys(KEY, rotated);
      String token = "Bearer " + rotated.sign(claims());

      clock.advance(Duration.ofSeconds(5));
      assertThat(validator.validate(token, "orders.read").isValid()).isTrue();
    }
  }

  @Test
  void aTokenRefusedForAnUnknownKidIsNotRememberedSoTheNextRefetchServesIt() {
    TestKey rotated = TestKey.rsa("app-id-key-2");
    try (TokenValidator validator = jwt().build()) {
      validator.validate("Bearer " + KEY.sign(claims()), "orders.read");
      keyServer.keys(KEY, rotated);
      String token = "Bearer " + rotated.sign(claims());

      clock.advance(Duration.ofSeconds(1));
      assertInvalidToken(validator.validate(token, "orders.read")); // inside the refetch interval
      assertThat(keyServer.keyRequests()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(4));
      assertThat(validator.validate(token, "orders.read").isValid()).isTrue();
      assertThat(keyServer.keyRequests()).isEqualTo(2);
    }
  }

  @Test
  void metadataOfAnotherIssuerIsAMisconfiguration() {
    keyServer.metadataIssuer("https://other.example");
    try (LogCapture logs = LogCapture.start(); TokenValidator validator = jwt().build()) {
      ValidationResult result = validator.validate("Bearer " + KEY.sign(claims()), "orders.read");

      assertThat(result.error().kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(validator.health().status()).isEqualTo(Health.Status.DOWN);
      assertThat(validator.health().isMisconfigured()).isTrue();
      assertThat(logs.messagesAt(Level.SEVERE)).anyMatch(line -> line.contains("names another issuer"));
    }
  }

  @Test
  void eagerStartFetchesTheKeysDuringBuildAndFailsOnlyOnAMisconfiguration() {
    try (TokenValidator validator = jwt().eagerStart(true).build()) {
      assertThat(keyServer.keyRequests()).isEqualTo(1);
      assertThat(validator.validate("Bearer " + KEY.sign(claims()), "orders.read").isValid()).isTrue();
      assertThat(keyServer.keyRequests()).isEqualTo(1);
    }
    keyServer.down(true);
    try (LogCapture logs = LogCapture.start()) {
      jwt().eagerStart(true).build().close();
      assertThat(logs.messagesAt(Level.WARNING)).anyMatch(line -> line.contains("signing keys could not be fetched"));
    }
    keyServer.down(false).metadataIssuer("https://other.example");
    assertThatThrownBy(() -> jwt().eagerStart(true).build())
        .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("tokenvalidator.issuer")
        .hasMessageContaining("names another issuer");
  }

  @Test
  void jwtModeNeedsAnIssuerButNoClientCredentials() {
    assertThatThrownBy(() -> TokenValidator.builder().tokenFormat(TokenFormat.JWT).build())
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("issuer");
    assertThatThrownBy(() -> TokenValidator.builder().tokenFormat(TokenFormat.JWT)
        .issuer("http://idp.example.com/realms/a").build())
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("issuer");
    assertThatThrownBy(() -> jwt().jwtAlgorithms("RS256", "HS256").build())
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("jwt.algorithms")
        .hasMessageContaining("HS256");
    assertThatThrownBy(() -> jwt().jwksMaxAgeFloor(Duration.ofSeconds(1)).build())
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("jwks.max-age-floor");
    assertThatThrownBy(() -> jwt().jwtProfile("strict"))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("jwt.profile");
    jwt().build().close();
  }

  @Test
  void propertiesAndEnvironmentConfigureJwtMode() {
    Map<String, String> properties = Map.of(
        "tokenvalidator.token-format", "JWT",
        "tokenvalidator.issuer", keyServer.issuer(),
        "tokenvalidator.jwks-uri", keyServer.jwksUri(),
        "tokenvalidator.audience", "payments-api, orders-api",
        "tokenvalidator.jwt.algorithms", "RS256,ES256",
        "tokenvalidator.jwt.profile", "RFC9068",
        "tokenvalidator.clock-skew", "10s",
        "tokenvalidator.jwks.min-refetch-interval", "2s",
        "tokenvalidator.jwks.outage-retention", "30m");
    try (TokenValidator validator = TokenValidator.builder().properties(properties).clock(clock).ticker(clock).build()) {
      String typed = KEY.sign(with(KEY.header(), "typ", "at+jwt"), claims("nbf", clock.instant().getEpochSecond() + 10));

      assertThat(validator.validate("Bearer " + typed, "orders.read").isValid()).isTrue();
      assertInvalidToken(validator.validate("Bearer " + KEY.sign(claims()), "orders.read")); // typ JWT
      assertThat(validator.toString()).contains("token-format=jwt").contains("jwt.profile=rfc9068");
    }
    Map<String, String> environment = Map.of("TOKENVALIDATOR_TOKEN_FORMAT", "jwt",
        "TOKENVALIDATOR_ISSUER", keyServer.issuer(), "TOKENVALIDATOR_JWT_ALGORITHMS", "RS256,HS256");
    assertThatThrownBy(() -> TokenValidator.fromEnvironment(environment))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("jwt.algorithms");
    assertThatThrownBy(() -> TokenValidator.fromProperties(Map.of("tokenvalidator.token-format", "jws")))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("token-format");
    assertThatThrownBy(() -> TokenValidator.fromProperties(Map.of("tokenvalidator.audience", "a,,b")))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("audience");
  }

  @Test
  void withoutAudienceOneWarningAndNoAudCheck() {
    try (LogCapture logs = LogCapture.start();
        TokenValidator validator = TokenValidator.builder().tokenFormat(TokenFormat.JWT)
            .issuer(keyServer.issuer()).clock(clock).ticker(clock).build()) {
      assertThat(validator.validate("Bearer " + KEY.sign(claims("aud", "any-api")), "orders.read").isValid())
          .isTrue();
      assertThat(logs.messagesAt(Level.WARNING)).filteredOn(line -> line.contains("No audience set")).hasSize(1);
    }
  }

  @Test
  void profileRfc9068RefusesKeycloaksTypJwt() {
    try (TokenValidator validator = jwt().jwtProfile("rfc9068").build()) {
      assertInvalidToken(validator.validate("Bearer " + KEY.sign(claims()), "orders.read"));
      assertThat(validator.validate("Bearer " + KEY.sign(with(KEY.header(), "typ", "at+jwt"), claims()),
          "orders.read").isValid()).isTrue();
    }
  }

  @Test
  void anOverlongJwtIsRefusedBeforeAnyWork() {
    try (TokenValidator validator = jwt().maxTokenLength(2048).build()) {
      String huge = KEY.sign(claims("pad", "x".repeat(4000)));

      assertInvalidToken(validator.validate("Bearer " + huge, "orders.read"));
      assertThat(keyServer.totalRequests()).isZero();
    }
  }

  @Test
  void autoVerifiesJwtsLocallyAndIntrospectsTheRest() {
    try (MockAuthorizationServer authServer = MockAuthorizationServer.start(clock)
        .activeToken("opaque-token", "orders.read", "bob");
        TokenValidator validator = authServer.validatorBuilder().tokenFormat(TokenFormat.AUTO)
            .issuer(keyServer.issuer()).clock(clock).ticker(clock).build()) {
      assertThat(validator.validate("Bearer opaque-token", "orders.read").token().username()).isEqualTo("bob");
      assertThat(authServer.introspectionCount()).isEqualTo(1);

      assertThat(validator.validate("Bearer " + KEY.sign(claims()), "orders.read").isValid()).isTrue();
      // A JWT-shaped token that fails is refused, never introspected.
      assertInvalidToken(validator.validate("Bearer " + TestKey.rsa("app-id-key-1").sign(claims()), "orders.read"));
      assertThat(authServer.introspectionCount()).isEqualTo(1);
    }
  }

  @Test
  void inAutoTheKeyServerAndTheIntrospectionEndpointFailApart() {
    try (MockAuthorizationServer authServer = MockAuthorizationServer.start(clock)
        .activeToken("opaque-token", "orders.read", "bob");
        TokenValidator validator = authServer.validatorBuilder().tokenFormat(TokenFormat.AUTO)
            .issuer(keyServer.issuer()).clock(clock).ticker(clock).build()) {
      assertThat(validator.validate("Bearer " + KEY.sign(claims()), "orders.read").isValid()).isTrue();
      keyServer.down(true);
      for (int i = 0; i < 5; i++) {
        clock.advance(Duration.ofSeconds(6));
        TestKey unknown = TestKey.ec("unknown-" + i, "ES256");
        assertThat(validator.validate("Bearer " + unknown.sign(claims()), "orders.read").error().kind())
            .isEqualTo(Kind.UNAVAILABLE);
      }
      // The key server's failures did not open the introspection gate.
      assertThat(validator.validate("Bearer opaque-token", "orders.read").isValid()).isTrue();

      keyServer.down(false);
      for (int i = 0; i < 3; i++) {
        authServer.enqueueIntrospection(new MockResponse().setResponseCode(503));
        validator.validate("Bearer other-" + i, "orders.read");
      }
      assertThat(validator.validate("Bearer another", "orders.read").error().kind()).isEqualTo(Kind.UNAVAILABLE);
      // Introspection fails fast now; a JWT of a known key still passes.
      assertThat(validator.validate("Bearer " + KEY.sign(claims("jti", "x")), "orders.read").isValid()).isTrue();
    }
  }

  @Test
  void theAudienceAppliesToIntrospectionAnswersThatCarryOne() {
    long exp = clock.instant().getEpochSecond() + 600;
    try (MockAuthorizationServer authServer = MockAuthorizationServer.start(clock)
        .introspectionBody("for-us", "{\"active\":true,\"scope\":\"orders.read\",\"aud\":[\"orders-api\"],\"exp\":" + exp + "}")
        .introspectionBody("for-others", "{\"active\":true,\"scope\":\"orders.read\",\"aud\":\"payments-api\",\"exp\":" + exp + "}")
        .introspectionBody("no-aud", "{\"active\":true,\"scope\":\"orders.read\",\"exp\":" + exp + "}");
        TokenValidator validator = authServer.validatorBuilder().audience("orders-api").clock(clock).ticker(clock)
            .build()) {
      assertThat(validator.validate("Bearer for-us", "orders.read").isValid()).isTrue();
      assertInvalidToken(validator.validate("Bearer for-others", "orders.read"));
      assertThat(validator.validate("Bearer no-aud", "orders.read").isValid()).isTrue();
    }
  }
}
