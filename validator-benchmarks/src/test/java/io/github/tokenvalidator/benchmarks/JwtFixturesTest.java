package io.github.tokenvalidator.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The JWT benchmarks compare like with like: both contenders accept the benchmark token, refuse the same bad
 * tokens as invalid, and read the key set from the loopback server, which counts the requests.
 */
class JwtFixturesTest {
  private final LoopbackAuthorizationServer server = LoopbackAuthorizationServer.start(2);
  private final JwtTokens minter = JwtTokens.servedBy(server);
  private final TokenValidator ours;
  private final NimbusJwtDecoder spring;

  JwtFixturesTest() {
    ours = JwtContenders.ours(server).build();
    spring = JwtContenders.spring(server);
  }

  @AfterEach
  void stop() {
    ours.close();
    server.close();
  }

  @Test
  void bothAcceptTheBenchmarkTokenAndReadTheSameClaims() {
    String token = minter.token(7);

    ValidationResult result = ours.validate("Bearer " + token, "accessRestricted");
    Jwt jwt = spring.decode(token);

    assertThat(result.isValid()).isTrue();
    assertThat(result.token().subject()).isEqualTo(jwt.getSubject());
    assertThat(jwt.getClaimAsString("scope")).isEqualTo(JwtTokens.SCOPE);
    assertThat(token.length()).isBetween(900, 1000);
    assertThat(minter.tokens(1, 3)).doesNotHaveDuplicates().doesNotContain(token);
  }

  @Test
  void bothRefuseTheSameBadTokensAsInvalid() {
    String good = minter.token(1);
    String[] parts = good.split("\\.");
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("tampered signature", parts[0] + "." + parts[1] + "." + flipFirst(parts[2]));
    bad.put("tampered claims", parts[0] + "." + flipFirst(parts[1]) + "." + parts[2]);
    bad.put("made-up kid", minter.tokenWithKid("made-up-kid", 1));
    bad.put("expired", minter.expiredToken(1));
    bad.put("other issuer", minter.tokenOfIssuer("https://elsewhere.example", 1));
    bad.put("other audience", minter.tokenForAudience("other-api", 1));
    bad.put("alg none", b64("{\"alg\":\"none\"}") + "." + parts[1] + ".");
    bad.put("not a JWT", "not-a-jwt-at-all");

    bad.forEach((what, token) -> {
      ValidationResult result = ours.validate("Bearer " + token);
      assertThat(result.isValid()).as("ours, " + what).isFalse();
      assertThat(result.error().status()).as("ours, " + what).isEqualTo(401);
      assertThat(result.error().kind().errorCode()).as("ours, " + what).isEqualTo("invalid_token");
      assertThatThrownBy(() -> spring.decode(token)).as("Spring, " + what).isInstanceOf(BadJwtException.class);
    });
  }

  @Test
  void oursRefusesAMissingScopeWith403() {
    ValidationResult result = ours.validate("Bearer " + minter.tokenWithoutScope(3), "accessRestricted");

    assertThat(result.error().status()).isEqualTo(403);
  }

  @Test
  void keySetIsServedCachedAndCounted() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.jwksUri())).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
    assertThat(response.body()).isEqualTo(minter.jwks()).contains("\"kid\":\"" + JwtTokens.KID + "\"");
    assertThat(server.keyRequestCount()).isEqualTo(1);
  }

  private static String flipFirst(String part) {
    char first = part.charAt(0);
    return (first == 'A' ? 'B' : 'A') + part.substring(1);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
