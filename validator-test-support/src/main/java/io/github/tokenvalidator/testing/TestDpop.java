package io.github.tokenvalidator.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * DPoP proofs (RFC 9449 §4.2) made by hand for tests, signed with a {@link TestKey}: well-formed ones, and
 * each malformation a library would refuse to produce (a claim missing or wrong, another {@code typ}, a
 * private key in the header). Not thread-safe: one builder per proof.
 *
 * <pre>{@code
 * String proof = TestDpop.proof(key).htm("GET").htu("https://api.example.com/accounts")
 *     .iat(clock.instant()).accessToken(token).build();
 * }</pre>
 */
public final class TestDpop {
  private final TestKey key;
  private final Map<String, Object> header = new LinkedHashMap<>();
  private final Map<String, Object> claims = new LinkedHashMap<>();

  private TestDpop(TestKey key) {
    this.key = key;
    header.put("typ", "dpop+jwt");
    header.put("alg", key.alg());
    Map<String, Object> jwk = key.jwk();
    jwk.remove("kid");
    jwk.remove("use");
    header.put("jwk", jwk);
    claims.put("jti", UUID.randomUUID().toString());
  }

  /** A proof by {@code key}, with {@code typ}, {@code alg}, {@code jwk} and a random {@code jti}. */
  public static TestDpop proof(TestKey key) {
    return new TestDpop(key);
  }

  /** {@return the RFC 7638 thumbprint of {@code key}'s public JWK, as a token's {@code cnf.jkt} names it} */
  public static String thumbprint(TestKey key) {
    Map<String, Object> jwk = key.jwk();
    Map<String, Object> required = new TreeMap<>();
    for (String member : new String[] {"crv", "e", "kty", "n", "x", "y"}) {
      if (jwk.containsKey(member)) {
        required.put(member, jwk.get(member));
      }
    }
    return TestKey.b64(sha256(TestJson.write(required)));
  }

  /** {@return base64url(SHA-256(token)), a proof's {@code ath}} */
  public static String ath(String token) {
    return TestKey.b64(sha256(token));
  }

  public TestDpop htm(String method) {
    return claim("htm", method);
  }

  public TestDpop htu(String uri) {
    return claim("htu", uri);
  }

  public TestDpop iat(Instant issued) {
    return claim("iat", issued.getEpochSecond());
  }

  public TestDpop jti(String jti) {
    return claim("jti", jti);
  }

  public TestDpop nonce(String nonce) {
    return claim("nonce", nonce);
  }

  /** Sets {@code ath} to the hash of {@code token}. */
  public TestDpop accessToken(String token) {
    return claim("ath", ath(token));
  }

  /** Sets a claim; null removes it. */
  public TestDpop claim(String name, Object value) {
    if (value == null) {
      claims.remove(name);
    } else {
      claims.put(name, value);
    }
    return this;
  }

  /** Sets a header parameter; null removes it. */
  public TestDpop header(String name, Object value) {
    if (value == null) {
      header.remove(name);
    } else {
      header.put(name, value);
    }
    return this;
  }

  /** {@return the header's {@code jwk}, to change in place} */
  @SuppressWarnings("unchecked")
  public Map<String, Object> jwk() {
    return (Map<String, Object>) header.get("jwk");
  }

  /** {@return the proof, signed with the key as the header's {@code alg} says} */
  public String build() {
    return key.signRaw(TestJson.write(header), TestJson.write(claims), key.alg());
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
