package io.github.tokenvalidator.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Checks the dev server's JWTs the way a relying party does, with the JDK alone: reads the served JWKS,
 * rebuilds each public key from its JWK members with {@link KeyFactory}, and verifies signatures with
 * {@link Signature}. ES256 is verified in the JDK's P1363 ({@code r || s}) form, independent of the server's
 * own DER conversion.
 */
final class Jws {
  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow it (RFC 8410). */
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private Jws() {}

  /** One compact JWS, decoded. */
  record Jwt(Map<String, Object> header, Map<String, Object> claims, byte[] signingInput, byte[] signature) {
    String kid() {
      return (String) header.get("kid");
    }
  }

  static Jwt parse(String token) {
    String[] parts = token.split("\\.", -1);
    assertThat(parts).as("JWS compact parts").hasSize(3);
    for (String part : parts) {
      assertThat(part).as("strict base64url without padding").matches("[A-Za-z0-9_-]+");
    }
    Base64.Decoder decoder = Base64.getUrlDecoder();
    return new Jwt(Http.json(new String(decoder.decode(parts[0]), StandardCharsets.UTF_8)),
        Http.json(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8)),
        (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), decoder.decode(parts[2]));
  }

  /** GETs a published document, checking it is cacheable JSON. */
  static Map<String, Object> get(String url) {
    HttpResponse<String> response = Http.send(Http.request(url, null).GET());
    assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(response.headers().firstValue("Cache-Control").orElse("")).startsWith("public, max-age=");
    return Http.json(response);
  }

  /** The keys of the JWKS at {@code jwksUri}. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> keys(String jwksUri) {
    return (List<Map<String, Object>>) get(jwksUri).get("keys");
  }

  static List<Object> kids(String jwksUri) {
    return keys(jwksUri).stream().map(key -> key.get("kid")).toList();
  }

  /** The token, parsed, after checking its signature with the key of its {@code kid} in the served JWKS. */
  static Jwt verify(String token, String jwksUri) {
    Jwt jwt = parse(token);
    Map<String, Object> jwk = keys(jwksUri).stream().filter(key -> jwt.kid().equals(key.get("kid")))
        .findFirst().orElseThrow(() -> new AssertionError("kid " + jwt.kid() + " is not in " + jwksUri));
    assertThat(jwk.get("use")).isEqualTo("sig");
    assertThat(jwk.get("alg")).isEqualTo(jwt.header().get("alg"));
    assertThat(verifies(jwt, jwk)).as("signature verifies with the served key").isTrue();
    return jwt;
  }

  static boolean verifies(Jwt jwt, Map<String, Object> jwk) {
    try {
      Signature signature = Signature.getInstance(signatureName((String) jwk.get("alg")));
      signature.initVerify(publicKey(jwk));
      signature.update(jwt.signingInput());
      return signature.verify(jwt.signature());
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static String signatureName(String alg) {
    switch (alg) {
      case "RS256":
        return "SHA256withRSA";
      case "ES256":
        return "SHA256withECDSAinP1363Format";
      case "EdDSA":
        return "Ed25519";
      default:
        throw new AssertionError("Unexpected alg " + alg);
    }
  }

  /** The public key a JWK describes, checking the members' forms on the way. */
  static PublicKey publicKey(Map<String, Object> jwk) throws GeneralSecurityException {
    switch ((String) jwk.get("kty")) {
      case "RSA": {
        byte[] n = bytes(jwk, "n");
        assertThat(n[0]).as("n has no leading zero byte").isNotZero();
        assertThat(n).hasSize(256);
        return KeyFactory.getInstance("RSA").generatePublic(
            new RSAPublicKeySpec(new BigInteger(1, n), new BigInteger(1, bytes(jwk, "e"))));
      }
      case "EC": {
        assertThat(jwk.get("crv")).isEqualTo("P-256");
        byte[] x = bytes(jwk, "x");
        byte[] y = bytes(jwk, "y");
        assertThat(x).as("fixed-length x").hasSize(32);
        assertThat(y).as("fixed-length y").hasSize(32);
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
        return KeyFactory.getInstance("EC").generatePublic(
            new ECPublicKeySpec(new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), curve));
      }
      case "OKP": {
        assertThat(jwk.get("crv")).isEqualTo("Ed25519");
        byte[] x = bytes(jwk, "x");
        assertThat(x).hasSize(32);
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      }
      default:
        throw new AssertionError("Unexpected kty in " + jwk);
    }
  }

  private static byte[] bytes(Map<String, Object> jwk, String member) {
    String value = (String) jwk.get(member);
    assertThat(value).as("JWK %s, base64url without padding", member).matches("[A-Za-z0-9_-]+");
    return Base64.getUrlDecoder().decode(value);
  }

  /** A GET request builder for the tests' own variations (HEAD, other methods). */
  static HttpRequest.Builder request(String url) {
    return Http.request(url, null);
  }
}
