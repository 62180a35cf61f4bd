package io.github.tokenvalidator.internal.jwt;

import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import io.github.tokenvalidator.testing.TestJson;
import io.github.tokenvalidator.testing.TestKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


class JwtVerificationTest {
  private static final String ISSUER = "https://us-south.appid.cloud.ibm.com/oauth/v4/tenant-1";
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final TestKey RSA = TestKey.rsa("rsa-1");
  private static final TestKey EC = TestKey.ec("ec-1", "ES256");
  private static final JwtRules RULES = rules(JwtRules.DEFAULT_TYPES, List.of());

  private static JwtRules rules(Set<String> types, List<String> audiences) {
    return new JwtRules(EnumSet.allOf(JwsAlgorithm.class), types, ISSUER, audiences);
  }

  private static Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("sub", "user-1");
    claims.put("exp", NOW.getEpochSecond() + 3600);
    claims.put("iat", NOW.getEpochSecond() - 10);
    claims.put("scope", "read write");
    claims.put("client_id", "app-1");
    return claims;
  }

  private static Map<String, Object> with(Map<String, Object> map, String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(map);
    if (value == null) {
      copy.remove(name);
    } else {
      copy.put(name, value);
    }
    return copy;
  }

  private static JwkSet keys(TestKey... keys) throws Exception {
    return JwkSet.parse(TestKey.jwks(keys).getBytes(StandardCharsets.UTF_8));
  }

  private static JwkSet keys(List<Map<String, Object>> jwks) throws Exception {
    return JwkSet.parse(TestKey.jwks(jwks).getBytes(StandardCharsets.UTF_8));
  }

  /** What the resolver does, without the key fetching: parse, select the key, verify. */
  private static TokenInfo verify(String token, JwkSet keys, JwtRules rules) throws InvalidJwtException {
    Jws jws = rules.parse(token);
    Jwk key = keys.select(jws.keyId, jws.algorithm);
    if (key == null) {
      throw new InvalidJwtException("no key");
    }
    return rules.verify(jws, key, NOW);
  }

  private static TokenInfo verify(String token, JwkSet keys) throws InvalidJwtException {
    return verify(token, keys, RULES);
  }

  private static void assertRefused(String token, JwkSet keys, String message) {
    assertThatThrownBy(() -> verify(token, keys)).isInstanceOf(InvalidJwtException.class)
        .hasMessageContaining(message);
  }

  private static String b64(String text) {
    return TestKey.b64(text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"})
  void verifiesEveryAcceptedAlgorithm(String alg) throws Exception {
    TestKey key = alg.startsWith("ES") ? TestKey.ec("k", alg) : alg.equals("EdDSA") ? TestKey.ed25519("k")
        : TestKey.rsa("k", alg);

    TokenInfo info = verify(key.sign(claims()), keys(key));

    assertThat(info.isActive()).isTrue();
    assertThat(info.subject()).isEqualTo("user-1");
    assertThat(info.issuer()).isEqualTo(ISSUER);
    assertThat(info.scope()).isEqualTo(Scope.of("read write"));
    assertThat(info.clientId()).isEqualTo("app-1");
    assertThat(info.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(info.claims()).containsEntry("sub", "user-1");
  }

  @Test
  void refusesATamperedPayload() throws Exception {
    String token = RSA.sign(claims());
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + b64(TestJson.write(with(claims(), "scope", "admin"))) + "." + parts[2];

    assertRefused(forged, keys(RSA), "signature");
  }

  @Test
  void refusesAlgNone() throws Exception {
    String token = b64("{\"alg\":\"none\",\"kid\":\"rsa-1\"}") + "." + b64(TestJson.write(claims())) + ".";

    assertRefused(token, keys(RSA), "algorithm is not accepted");
    assertThat(Jws.isJwtShaped(token, RULES.algorithms)).isFalse();
  }

  @Test
  void refusesHmacWithThePublicKeyAsSecret() throws Exception {
    String input = b64("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}") + "." + b64(TestJson.write(claims()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(RSA.keyPair().getPublic().getEncoded(), "HmacSHA256"));
    String token = input + "." + TestKey.b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));

    assertRefused(token, keys(RSA), "algorithm is not accepted");
    assertThat(JwsAlgorithm.forSetting("HS256")).isNull();
    assertThat(JwsAlgorithm.forSetting("none")).isNull();
  }

  @Test
  void refusesAnAlgorithmOutsideTheAllowList() throws Exception {
    JwtRules rs256Only = new JwtRules(EnumSet.of(JwsAlgorithm.RS256), JwtRules.DEFAULT_TYPES, ISSUER, List.of());
    TestKey ps = TestKey.rsa("rsa-1", "PS256");

    assertThatThrownBy(() -> verify(ps.sign(claims()), keys(ps), rs256Only))
        .hasMessageContaining("algorithm is not accepted");
  }

  @Test
  void pinsTheAlgorithmToTheKeyTypeAndCurve() throws Exception {
    // An RS256 header naming an EC key, and an ES384 header naming a P-256 key.
    Map<String, Object> rsHeaderOnEcKey = with(EC.header(), "alg", "RS256");
    String rsOnEc = RSA.sign(rsHeaderOnEcKey, claims());
    Map<String, Object> es384Header = with(EC.header(), "alg", "ES384");
    String es384OnP256 = TestKey.ec("ec-1", "ES384").sign(es384Header, claims());

    assertThatThrownBy(() -> verify(rsOnEc, keys(EC, RSA))).hasMessageContaining("no key");
    assertThatThrownBy(() -> verify(es384OnP256, keys(EC))).hasMessageContaining("no key");
    Jws jws = RULES.parse(rsOnEc);
    Jwk ecKey = keys(EC).keys().get(0);
    assertThatThrownBy(() -> RULES.verify(jws, ecKey, NOW)).hasMessageContaining("signature");
  }

  @Test
  void aKeysAlgMustEqualTheTokens() throws Exception {
    Map<String, Object> jwk = with(RSA.jwk(), "alg", "RS384");

    assertThatThrownBy(() -> verify(RSA.sign(claims()), keys(List.of(jwk)))).hasMessageContaining("no key");
    assertThat(verify(RSA.sign(claims()), keys(List.of(with(RSA.jwk(), "alg", "RS256"))))).isNotNull();
  }

  @Test
  void neverUsesAKeyNotForSignatures() throws Exception {
    assertThat(keys(List.of(with(RSA.jwk(), "use", "enc"))).keys()).isEmpty();
    assertThat(keys(List.of(with(RSA.jwk(), "key_ops", List.of("encrypt")))).keys()).isEmpty();
    assertThat(keys(List.of(with(RSA.jwk(), "use", null))).keys()).hasSize(1);
  }

  @Test
  void leavesOutKeysItMustNotOrCannotUse() throws Exception {
    Map<String, Object> oct = Map.of("kty", "oct", "kid", "h", "k", "c2VjcmV0");
    Map<String, Object> withPrivatePart = with(RSA.jwk(), "d", "AQAB");
    Map<String, Object> ed448 = Map.of("kty", "OKP", "crv", "Ed448", "x", "AAAA");
    Map<String, Object> offCurve = with(EC.jwk(), "y", EC.jwk().get("x"));
    Map<String, Object> shortRsa = TestKeyFactory.shortRsaJwk();

    JwkSet set = keys(List.of(oct, withPrivatePart, ed448, offCurve, shortRsa, EC.jwk()));

    assertThat(set.keys()).extracting(key -> key.keyId).containsExactly("ec-1");
  }

  @Test
  void refusesEcdsaWithRAndSZero() throws Exception {
    String input = b64(TestJson.write(EC.header())) + "." + b64(TestJson.write(claims()));
    String token = input + "." + TestKey.b64(new byte[64]);

    assertRefused(token, keys(EC), "signature");
  }

  @Test
  void refusesEcdsaWithROrSNotBelowTheOrder() throws Exception {
    String token = EC.sign(claims());
    byte[] signature = java.util.Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
    byte[] order = new java.math.BigInteger(
        "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16).toByteArray();
    System.arraycopy(order, order.length - 32, signature, 0, 32);
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + TestKey.b64(signature);

    assertRefused(forged, keys(EC), "signature");
  }

  @Test
  void refusesADerEcdsaSignature() throws Exception {
    String input = b64(TestJson.write(EC.header())) + "." + b64(TestJson.write(claims()));
    byte[] der = EC.derSignature("ES256", input.getBytes(StandardCharsets.US_ASCII));
    String token = input + "." + TestKey.b64(der);

    assertRefused(token, keys(EC), "signature");
  }

  @Test
  void neverTrustsAnEmbeddedJwk() throws Exception {
    TestKey attacker = TestKey.rsa("rsa-1");
    Map<String, Object> header = with(attacker.header(), "jwk", attacker.jwk());
    header.put("x5c", List.of("MIIB"));

    assertRefused(attacker.sign(header, claims()), keys(RSA), "signature");
  }

  @Test
  void refusesCrit() throws Exception {
    Map<String, Object> header = with(RSA.header(), "crit", List.of("exp"));
    header.put("exp", 1);

    assertRefused(RSA.sign(header, claims()), keys(RSA), "crit");
  }

  @Test
  void refusesAnUnencodedPayloadWithOrWithoutCrit() throws Exception {
    Map<String, Object> bare = with(RSA.header(), "b64", false);
    Map<String, Object> critical = with(bare, "crit", List.of("b64"));

    assertRefused(RSA.sign(bare, claims()), keys(RSA), "b64");
    assertRefused(RSA.sign(critical, claims()), keys(RSA), "crit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "JWT", "jwt", "JOSE", "at+jwt", "AT+JWT", "application/at+jwt"})
  void acceptsTheDefaultTypesIgnoringCase(String typ) throws Exception {
    Map<String, Object> header = with(RSA.header(), "typ", typ.isEmpty() ? null : typ);

    assertThat(verify(RSA.sign(header, claims()), keys(RSA)).isActive()).isTrue();
  }

  @Test
  void refusesOtherTypes() throws Exception {
    assertRefused(RSA.sign(with(RSA.header(), "typ", "dpop+jwt"), claims()), keys(RSA), "typ");
    assertRefused(RSA.sign(with(RSA.header(), "typ", 7), claims()), keys(RSA), "typ");
  }

  @Test
  void profileRfc9068AcceptsOnlyAtJwt() throws Exception {
    JwtRules rfc9068 = rules(JwtRules.RFC9068_TYPES, List.of());

    assertThat(verify(RSA.sign(with(RSA.header(), "typ", "at+jwt"), claims()), keys(RSA), rfc9068)).isNotNull();
    assertThat(verify(RSA.sign(with(RSA.header(), "typ", "Application/AT+JWT"), claims()), keys(RSA), rfc9068))
        .isNotNull();
    assertThatThrownBy(() -> verify(RSA.sign(claims()), keys(RSA), rfc9068)).hasMessageContaining("typ");
    assertThatThrownBy(() -> verify(RSA.sign(with(RSA.header(), "typ", null), claims()), keys(RSA), rfc9068))
        .hasMessageContaining("typ");
  }

  @Test
  void refusesDuplicateKeysInHeaderAndClaims() throws Exception {
    String duplicateHeader = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"alg\":\"none\"}";
    String duplicateClaim = TestJson.write(claims()).replace("{", "{\"iss\":\"https://evil.example\",");

    assertRefused(RSA.signRaw(duplicateHeader, TestJson.write(claims()), "RS256"), keys(RSA), "header");
    assertRefused(RSA.signRaw(TestJson.write(RSA.header()), duplicateClaim, "RS256"), keys(RSA), "claims");
  }

  @Test
  void refusesDeepNesting() throws Exception {
    String deep = "[".repeat(40) + "]".repeat(40);
    String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"x\":" + deep + "}";
    String payload = TestJson.write(claims()).replace("{", "{\"x\":" + deep + ",");

    assertRefused(RSA.signRaw(header, TestJson.write(claims()), "RS256"), keys(RSA), "header");
    assertRefused(RSA.signRaw(TestJson.write(RSA.header()), payload, "RS256"), keys(RSA), "claims");
  }

  @Test
  void refusesHugeValues() throws Exception {
    String huge = "a".repeat(BoundedJson.MAX_STRING_LENGTH + 1);

    assertRefused(RSA.sign(with(RSA.header(), "x", huge), claims()), keys(RSA), "header");
    assertRefused(RSA.sign(with(claims(), "x", huge)), keys(RSA), "claims");
  }

  @Test
  void acceptsOnlyExactlyThreeStrictBase64UrlParts() throws Exception {
    String token = RSA.sign(claims());
    String[] parts = token.split("\\.");

    assertRefused(parts[0] + "." + parts[1], keys(RSA), "fewer than three");
    assertRefused(token + ".x.y", keys(RSA), "more than three");
    assertRefused(b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d", keys(RSA), "JWE");
    assertRefused(token + "=", keys(RSA), "base64url");
    assertRefused(parts[0] + "." + parts[1].replace('-', '+').replace('_', '/') + "+/." + parts[2],
        keys(RSA), "base64url");
    assertRefused(parts[0] + "=." + parts[1] + "." + parts[2], keys(RSA), "header");
  }

  @Test
  void base64UrlIsCanonical() {
    assertThat(Base64Url.decode("QQ")).containsExactly('A');
    assertThat(Base64Url.decode("QR")).isNull(); // same byte, non-zero unused bits
    assertThat(Base64Url.decode("QQ==")).isNull();
    assertThat(Base64Url.decode("Q")).isNull();
    assertThat(Base64Url.decode("Q Q")).isNull();
  }

  @Test
  void requiresANumericExp() throws Exception {
    assertRefused(RSA.sign(with(claims(), "exp", null)), keys(RSA), "no exp");
    assertRefused(RSA.sign(with(claims(), "exp", "1900000000")), keys(RSA), "not a number");
    assertRefused(RSA.sign(with(claims(), "exp", -1L)), keys(RSA), "out of range");
  }

  @Test
  void requiresExp() throws Exception {
    assertRefused(RSA.sign(with(claims(), "exp", null)), keys(RSA), "exp");
    assertThat(verify(RSA.sign(with(claims(), "exp", NOW.getEpochSecond() + 1)), keys(RSA)).isActive()).isTrue();
  }

  @Test
  void readsAFractionalExpAsSecondsNeverMilliseconds() throws Exception {
    TokenInfo fractional = verify(RSA.sign(with(claims(), "exp", NOW.getEpochSecond() + 0.5)), keys(RSA));
    long millis = NOW.toEpochMilli() + 3_600_000;

    assertThat(fractional.expiresAt()).isEqualTo(NOW.plusMillis(500));
    // A MobileFirst-style millisecond value is a date in the far future, not a date near now.
    assertThat(verify(RSA.sign(with(claims(), "exp", millis)), keys(RSA)).expiresAt())
        .isEqualTo(Instant.ofEpochSecond(millis));
  }

  @Test
  void readsNbfAndIatAsTheyAreForTheDecision() throws Exception {
    long now = NOW.getEpochSecond();
    // Times are the one decision's (TokenDecisionTest): the JWT rules read them, unchanged.
    assertThat(verify(RSA.sign(with(claims(), "nbf", now + 300)), keys(RSA)).notBefore()).isEqualTo(NOW.plusSeconds(300));
    assertThat(verify(RSA.sign(with(claims(), "iat", now - 5)), keys(RSA)).issuedAt()).isEqualTo(NOW.minusSeconds(5));
    assertRefused(RSA.sign(with(claims(), "nbf", "soon")), keys(RSA), "nbf");
  }

  @Test
  void requiresTheExactIssuer() throws Exception {
    assertRefused(RSA.sign(with(claims(), "iss", ISSUER + "/")), keys(RSA), "iss");
    assertRefused(RSA.sign(with(claims(), "iss", null)), keys(RSA), "iss");
    assertRefused(RSA.sign(with(claims(), "iss", List.of(ISSUER))), keys(RSA), "iss");
  }

  @Test
  void requiresOneOfTheConfiguredAudiences() throws Exception {
    JwtRules audiences = rules(JwtRules.DEFAULT_TYPES, List.of("api-a", "api-b"));

    assertThat(verify(RSA.sign(with(claims(), "aud", "api-b")), keys(RSA), audiences).audience())
        .containsExactly("api-b");
    assertThat(verify(RSA.sign(with(claims(), "aud", List.of("other", "api-a"))), keys(RSA), audiences))
        .isNotNull();
    // A JWT must carry an aud when audiences are configured; whether it names one is the decision's.
    assertThat(verify(RSA.sign(with(claims(), "aud", "other")), keys(RSA), audiences).audience())
        .containsExactly("other");
    assertThatThrownBy(() -> verify(RSA.sign(claims()), keys(RSA), audiences)).hasMessageContaining("aud");
    // None configured: no check.
    assertThat(verify(RSA.sign(with(claims(), "aud", "anything")), keys(RSA)).isActive()).isTrue();
  }

  @Test
  void readsScopeThenScpAndClientIdThenAzp() throws Exception {
    Map<String, Object> both = with(claims(), "scp", List.of("other"));
    Map<String, Object> scpArray = with(with(claims(), "scope", null), "scp", List.of("a", "b"));
    Map<String, Object> scpString = with(with(claims(), "scope", null), "scp", "a b");
    Map<String, Object> azp = with(with(claims(), "client_id", null), "azp", "web-1");

    assertThat(verify(RSA.sign(both), keys(RSA)).scope()).isEqualTo(Scope.of("read write"));
    assertThat(verify(RSA.sign(scpArray), keys(RSA)).scope()).isEqualTo(Scope.of("a b"));
    assertThat(verify(RSA.sign(scpString), keys(RSA)).scope()).isEqualTo(Scope.of("a b"));
    assertThat(verify(RSA.sign(azp), keys(RSA)).clientId()).isEqualTo("web-1");
    assertThat(verify(RSA.sign(with(claims(), "azp", "web-1")), keys(RSA)).clientId()).isEqualTo("app-1");
  }

  @Test
  void aTokenWithoutKidNeedsExactlyOneFittingKey() throws Exception {
    TestKey noKid = TestKey.rsa(null);
    TestKey other = TestKey.rsa("rsa-2");
    String token = noKid.sign(claims());

    assertThat(verify(token, keys(List.of(noKid.jwk(), EC.jwk()))).isActive()).isTrue();
    assertThatThrownBy(() -> verify(token, keys(List.of(noKid.jwk(), other.jwk())))).hasMessageContaining("no key");
  }

  @Test
  void aKidNamesItsKey() throws Exception {
    TestKey second = TestKey.rsa("rsa-2");

    assertThat(verify(second.sign(claims()), keys(RSA, second)).isActive()).isTrue();
    assertThat(keys(RSA, second).hasKeyId("rsa-2")).isTrue();
    assertThat(keys(RSA).select("rsa-2", JwsAlgorithm.RS256)).isNull();
  }

  @Test
  void refusesAJwkSetThatIsNotOne() {
    assertThatThrownBy(() -> JwkSet.parse("{\"keys\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedAnswerException.class);
    assertThatThrownBy(() -> JwkSet.parse("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedAnswerException.class);
  }

  @Test
  void tellsJwtShapedTokensFromOthers() {
    Set<JwsAlgorithm> all = EnumSet.allOf(JwsAlgorithm.class);

    assertThat(Jws.isJwtShaped(RSA.sign(claims()), all)).isTrue();
    assertThat(Jws.isJwtShaped(RSA.sign(claims()), EnumSet.of(JwsAlgorithm.ES256))).isFalse();
    assertThat(Jws.isJwtShaped("opaque-token-123", all)).isFalse();
    assertThat(Jws.isJwtShaped("a.b.c", all)).isFalse();
    assertThat(Jws.isJwtShaped(b64("[1]") + ".b.c", all)).isFalse();
    List<String> notJwt = new ArrayList<>(List.of("", ".", "..", "...", "x.y"));
    notJwt.forEach(token -> assertThat(Jws.isJwtShaped(token, all)).isFalse());
  }

  /** Builds keys that a normal generator would not give. */
  private static final class TestKeyFactory {
    static Map<String, Object> shortRsaJwk() {
      try {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        java.security.interfaces.RSAPublicKey key =
            (java.security.interfaces.RSAPublicKey) generator.generateKeyPair().getPublic();
        return Map.of("kty", "RSA", "kid", "short", "n", TestKey.b64(key.getModulus().toByteArray()),
            "e", TestKey.b64(key.getPublicExponent().toByteArray()));
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
