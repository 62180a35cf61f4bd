package io.github.tokenvalidator.internal.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes a JWK Set document, as a key server (or whatever answers in its place) sends it:
 * {@link JwkSet#parse} refuses it with {@link MalformedAnswerException} or keeps the usable keys, each of
 * which can then be chosen and asked to verify a signature (which it must refuse, never throw over).
 */
class JwkSetFuzzTest {
  private static final byte[] SIGNING_INPUT = "eyJhbGciOiJSUzI1NiJ9.e30".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] SIGNATURES = {new byte[0], new byte[64], new byte[96], new byte[132],
      new byte[256], filled(64), filled(132), filled(512)};

  private static byte[] filled(int length) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, (byte) 0x7F);
    return bytes;
  }

  @FuzzTest
  void jwks(byte[] body) {
    JwkSet set;
    try {
      set = JwkSet.parse(body);
    } catch (MalformedAnswerException expected) {
      assertThat(expected.getMessage()).isNotNull();
      return;
    }
    for (Jwk key : set.keys()) {
      assertThat(key.key).isNotNull();
      assertThat(key.keyType).isIn("RSA", "EC", "OKP");
      if (key.keyId != null) {
        assertThat(set.hasKeyId(key.keyId)).isTrue();
      }
      for (JwsAlgorithm algorithm : JwsAlgorithm.values()) {
        Jwk chosen = set.select(key.keyId, algorithm);
        if (chosen != null) {
          assertThat(chosen.fits(algorithm)).isTrue();
        }
        if (key.fits(algorithm)) {
          for (byte[] signature : SIGNATURES) {
            assertThat(algorithm.verify(key.key, SIGNING_INPUT, signature)).isFalse();
          }
        }
      }
    }
  }
}
