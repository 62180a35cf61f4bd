package io.github.tokenvalidator.benchmarks;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Mints RS256 access tokens with one RSA-2048 key and publishes that key as a JSON Web Key Set, for the JWT
 * benchmarks. Tokens look as Keycloak's and App ID's do (header {@code typ} {@code JWT}, a {@code kid}, an
 * {@code aud}, a space-separated {@code scope}), about 940 characters. Signing uses the JDK alone. Thread-safe.
 */
final class JwtTokens {
  static final String KID = "bench-rsa-1";
  static final String AUDIENCE = "bench-api";
  static final String SCOPE = "openid accessRestricted push.mobileclient";
  /** A scope none of the tokens carries. */
  static final String MISSING_SCOPE = "transfers.write";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair keys;
  private final String issuer;
  private final Clock clock;

  JwtTokens(String issuer, Clock clock) {
    this.issuer = issuer;
    this.clock = clock;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      keys = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Tokens of {@code server}'s issuer ({@link LoopbackAuthorizationServer#serverUrl()}), its key set served. */
  static JwtTokens servedBy(LoopbackAuthorizationServer server) {
    JwtTokens tokens = new JwtTokens(server.serverUrl(), Clock.systemUTC());
    server.serveKeys(tokens.jwks());
    return tokens;
  }

  /** The key set a key server publishes for these tokens: the one public key, {@code use sig}, {@code alg RS256}. */
  String jwks() {
    RSAPublicKey key = (RSAPublicKey) keys.getPublic();
    return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KID + "\",\"n\":\""
        + unsigned(key.getModulus()) + "\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\"}]}";
  }

  /** Token number {@code n}: distinct from every other number's, valid for an hour from now. */
  String token(long n) {
    return token(KID, n, issuer, clock.instant().getEpochSecond() + 3600);
  }

  /** {@code count} distinct tokens numbered from {@code first}, signed on all cores (RSA signing is slow). */
  List<String> tokens(long first, int count) {
    return IntStream.range(0, count).parallel().mapToObj(i -> token(first + i)).toList();
  }

  /** Token number {@code n}, bound to the DPoP key of RFC 7638 thumbprint {@code jkt} ({@code cnf.jkt}). */
  String boundToken(long n, String jkt) {
    long now = clock.instant().getEpochSecond();
    String claims = claims(n, issuer, now, now + 3600);
    return sign(header(KID), claims.substring(0, claims.length() - 1) + ",\"cnf\":{\"jkt\":\"" + jkt + "\"}}");
  }

  /** A token whose header names {@code kid}, otherwise as {@link #token(long)}, signed with the real key. */
  String tokenWithKid(String kid, long n) {
    return token(kid, n, issuer, clock.instant().getEpochSecond() + 3600);
  }

  /** A token from another issuer, properly signed. */
  String tokenOfIssuer(String otherIssuer, long n) {
    return token(KID, n, otherIssuer, clock.instant().getEpochSecond() + 3600);
  }

  /** A token whose {@code exp} passed a minute ago, properly signed. */
  String expiredToken(long n) {
    return token(KID, n, issuer, clock.instant().getEpochSecond() - 60);
  }

  /** A token for another audience, properly signed. */
  String tokenForAudience(String audience, long n) {
    long now = clock.instant().getEpochSecond();
    return sign(header(KID), claims(n, issuer, now, now + 3600).replace("\"aud\":\"" + AUDIENCE + "\"",
        "\"aud\":\"" + audience + "\""));
  }

  /** A token without the scope {@link #SCOPE} (it has {@code openid} only), properly signed. */
  String tokenWithoutScope(long n) {
    long now = clock.instant().getEpochSecond();
    return sign(header(KID), claims(n, issuer, now, now + 3600).replace(SCOPE, "openid"));
  }

  private String token(String kid, long n, String iss, long exp) {
    return sign(header(kid), claims(n, iss, exp - 3600, exp));
  }

  private static String header(String kid) {
    return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
  }

  private static String claims(long n, String iss, long iat, long exp) {
    String user = String.format("user-%08x", Long.hashCode(n * 0x9E3779B97F4A7C15L));
    return "{\"iss\":\"" + iss + "\",\"sub\":\"" + user + "\",\"aud\":\"" + AUDIENCE + "\""
        + ",\"exp\":" + exp + ",\"iat\":" + iat + ",\"jti\":\"jti-" + n + "\""
        + ",\"client_id\":\"3f1c9a5e-7b2d-4e8a-b6c1-2f4d8e9a0b7c\",\"azp\":\"3f1c9a5e-7b2d-4e8a-b6c1-2f4d8e9a0b7c\""
        + ",\"scope\":\"" + SCOPE + "\",\"name\":\"Customer " + user + "\",\"locale\":\"en-GB\""
        + ",\"tenant\":\"4b0d2c8e-9a17-4f3e-8c55-0e6a1d2b3c4f\",\"amr\":[\"cloud_directory\"]}";
  }

  private String sign(String header, String claims) {
    String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(keys.getPrivate());
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JWK integer: big-endian, without the sign byte {@code BigInteger} may add, base64url. */
  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    byte[] trimmed = new byte[bytes.length - start];
    System.arraycopy(bytes, start, trimmed, 0, trimmed.length);
    return B64.encodeToString(trimmed);
  }
}
