package io.github.tokenvalidator.internal.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.fuzz.FuzzInput;
import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import io.github.tokenvalidator.testing.TestKey;
import java.nio.charset.StandardCharsets;
import io.github.tokenvalidator.internal.decision.TokenDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/**
 * Fuzzes a JWT through {@link JwtRules}: {@code parse} (everything the header decides) and {@code verify}
 * (signature, then the claims). The only exception allowed is {@link InvalidJwtException}.
 *
 * <p>The input is read as text in one of two ways. Text that starts with <code>{</code> is a header and a
 * payload, JSON each, parted by the first line break, which the test signs with a real key (the one the
 * header's {@code alg} names, else Ed25519), so the fuzzer reaches the claim checks behind the signature.
 * Any other text is a compact token as a client would send it.
 */
class JwtFuzzTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final TestKey RSA = TestKey.rsa("rsa", "RS256");
  private static final TestKey EC256 = TestKey.ec("ec256", "ES256");
  private static final TestKey EC384 = TestKey.ec("ec384", "ES384");
  private static final TestKey EC521 = TestKey.ec("ec521", "ES512");
  private static final TestKey ED = TestKey.ed25519("ed");
  private static final JwkSet KEYS = keys();
  private static final JwtRules RULES = new JwtRules(EnumSet.allOf(JwsAlgorithm.class), JwtRules.DEFAULT_TYPES,
      "https://issuer.example", List.of("api"));

  private static final TokenDecision DECISION = new TokenDecision(Duration.ofSeconds(60), List.of("api"));

  private static JwkSet keys() {
    try {
      return JwkSet.parse(TestKey.jwks(RSA, EC256, EC384, EC521, ED).getBytes(StandardCharsets.UTF_8));
    } catch (MalformedAnswerException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest
  void jwt(byte[] input) {
    String text = FuzzInput.text(input);
    String token = text.startsWith("{") ? signed(text) : text;
    Jws jws;
    try {
      jws = RULES.parse(token);
    } catch (InvalidJwtException refused) {
      assertThat(refused.getMessage()).isNotNull();
      return;
    }
    // token-format auto sends a token to the JWT path by isJwtShaped: whatever parses must look like a JWT
    assertThat(Jws.isJwtShaped(token, RULES.algorithms)).isTrue();
    Jwk key = KEYS.select(jws.keyId, jws.algorithm);
    if (key == null) {
      return;
    }
    TokenInfo info;
    try {
      info = RULES.verify(jws, key, NOW);
    } catch (InvalidJwtException refused) {
      assertThat(refused.getMessage()).isNotNull();
      return;
    }
    assertThat(info.isActive()).isTrue();
    assertThat(info.issuer()).isEqualTo("https://issuer.example");
    assertThat(info.audience()).isNotEmpty();
    // Times and the audience's value are the one decision's, as for every token.
    if (DECISION.refusal(info, NOW.toEpochMilli()) != null) {
      return;
    }
    assertThat(info.expiresAt()).isAfter(NOW.minusSeconds(60));
    assertThat(info.audience()).contains("api");
    assertThat(info.scope()).isNotNull();
    assertThat(info.claims()).containsKey("exp");
    assertThat(info.toString()).isNotNull();
    info.mobileFirst();
  }

  /** {@code text}'s header and payload, signed with the key of the header's {@code alg}. */
  private static String signed(String text) {
    int newline = text.indexOf('\n');
    String header = newline < 0 ? text : text.substring(0, newline);
    String payload = newline < 0 ? "" : text.substring(newline + 1);
    JwsAlgorithm algorithm = null;
    try {
      Object alg = BoundedJson.parseObject(header.getBytes(StandardCharsets.UTF_8)).get("alg");
      algorithm = alg instanceof String ? JwsAlgorithm.named((String) alg) : null;
    } catch (MalformedAnswerException notJson) {
      // signed all the same, with Ed25519: the parser must refuse it on its own
    }
    TestKey key = algorithm == null ? ED : switch (algorithm) {
      case ES256 -> EC256;
      case ES384 -> EC384;
      case ES512 -> EC521;
      case EdDSA -> ED;
      default -> RSA;
    };
    return key.signRaw(header, payload, algorithm == null ? "EdDSA" : algorithm.name());
  }
}
