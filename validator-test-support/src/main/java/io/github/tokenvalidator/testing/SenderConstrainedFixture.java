package io.github.tokenvalidator.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.TokenValidator;
import java.net.URI;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the adapters' sender-constrained tests share: an issuer of JWTs (a {@link KeyServer}) and an
 * introspecting authorization server ({@link MockAuthorizationServer}) that mint tokens bound to a DPoP key
 * or a client certificate, a validator with {@code token-format auto} that takes both, and the negative
 * matrix of RFC 9449 as requests to send — one case per rule, each with the status and error it must get.
 * Proofs are ours ({@link TestDpop}) and Nimbus's. Times are the system clock's: the adapters' validators
 * run on it. Thread-safe enough for one test class; close it after.
 */
public final class SenderConstrainedFixture implements AutoCloseable {
  /** Which kind of token a case sends: a JWT verified locally, or an opaque token introspected. */
  public enum Format { JWT, OPAQUE }

  /**
   * One request of the matrix and the answer it must get.
   *
   * @param name the rule it breaks (or "valid …")
   * @param headers the request's headers, in order
   * @param status the status expected
   * @param error the OAuth error code expected in the body and the challenge; null for a 200
   * @param twice whether to send it twice, the first expecting 200 (a replayed proof)
   */
  public record Case(String name, List<Map.Entry<String, String>> headers, int status, String error, boolean twice) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final TestKey ISSUER_KEY = TestKey.rsa("issuer-key");
  private final TestKey clientKey = TestKey.ec(null, "ES256");
  private final TestKey otherKey = TestKey.ec(null, "ES256");
  private final KeyServer keyServer = KeyServer.start().keys(ISSUER_KEY);
  private final MockAuthorizationServer authServer = MockAuthorizationServer.start();
  private final AtomicInteger opaqueTokens = new AtomicInteger();

  private SenderConstrainedFixture() {}

  public static SenderConstrainedFixture start() {
    return new SenderConstrainedFixture();
  }

  /** {@return the settings of a validator that takes both formats, as {@code tokenvalidator.*} properties} */
  public Map<String, String> properties(String... more) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("tokenvalidator.server-url", authServer.serverUrl());
    properties.put("tokenvalidator.client-id", MockAuthorizationServer.CLIENT_ID);
    properties.put("tokenvalidator.client-secret", MockAuthorizationServer.CLIENT_SECRET);
    properties.put("tokenvalidator.token-format", "auto");
    properties.put("tokenvalidator.issuer", keyServer.issuer());
    properties.put("tokenvalidator.audience", "bank");
    for (int i = 0; i < more.length; i += 2) {
      properties.put("tokenvalidator." + more[i], more[i + 1]);
    }
    return properties;
  }

  /** {@return a validator of {@link #properties}, to close after} */
  public TokenValidator validator(String... settings) {
    return TokenValidator.builder().tokenFormat(TokenFormat.AUTO).properties(properties(settings)).build();
  }

  /** A token of {@code format} with scope {@code accounts} and this {@code cnf} (none when null). */
  public String token(Format format, Map<String, Object> cnf) {
    Map<String, Object> claims = new LinkedHashMap<>();
    long now = Instant.now().getEpochSecond();
    claims.put("exp", now + 600);
    claims.put("scope", "accounts");
    claims.put("client_id", "bank-app");
    claims.put("username", "alice");
    claims.put("sub", "alice");
    if (cnf != null) {
      claims.put("cnf", cnf);
    }
    if (format == Format.JWT) {
      claims.put("iss", keyServer.issuer());
      claims.put("aud", "bank");
      claims.put("iat", now);
      return ISSUER_KEY.sign(claims);
    }
    claims.put("active", true);
    String token = "opaque-" + opaqueTokens.incrementAndGet();
    authServer.introspectionBody(token, TestJson.write(claims));
    return token;
  }

  /** {@return a token bound to the client's DPoP key} */
  public String dpopBoundToken(Format format) {
    return token(format, Map.of("jkt", TestDpop.thumbprint(clientKey)));
  }

  /** {@return a token bound to {@code certificate}} */
  public String certificateBoundToken(Format format, X509Certificate certificate) {
    return token(format, Map.of("x5t#S256", x5t(certificate)));
  }

  /** {@return a proof by the client's key for {@code method} and {@code htu}, for {@code token}, made now} */
  public TestDpop proof(String method, String htu, String token) {
    return TestDpop.proof(clientKey).htm(method).htu(htu).iat(Instant.now()).accessToken(token);
  }

  /**
   * The matrix for a request of {@code method} to {@code htu} (the URI the validator will take the client to
   * have sent) with tokens of {@code format}.
   */
  public List<Case> cases(Format format, String method, String htu) {
    return cases(format, method, htu, null);
  }

  /**
   * As {@link #cases(Format, String, String)}, every proof carrying {@code nonce} (for a validator that
   * demands nonces; null for none).
   */
  public List<Case> cases(Format format, String method, String htu, String nonce) {
    java.util.function.Function<String, TestDpop> proof = t -> proof(method, htu, t).nonce(nonce);
    List<Case> cases = new ArrayList<>();
    String token = dpopBoundToken(format);
    cases.add(dpop("valid proof (ours)", token, proof.apply(token).build(), 200, null));
    cases.add(nimbusCase(format, method, htu, nonce));
    cases.add(new Case("the DPoP scheme without a proof", List.of(Map.entry("Authorization", "DPoP " + token)),
        401, "invalid_dpop_proof", false));
    cases.add(new Case("two proofs", List.of(Map.entry("Authorization", "DPoP " + token),
        Map.entry("DPoP", proof.apply(token).build()), Map.entry("DPoP", proof.apply(token).build())),
        401, "invalid_dpop_proof", false));
    cases.add(invalid("typ not dpop+jwt", token, proof.apply(token).header("typ", "JWT")));
    cases.add(invalid("alg HS256", token, proof.apply(token).header("alg", "HS256")));
    TestDpop privateKey = proof.apply(token);
    privateKey.jwk().put("d", "AAAA");
    cases.add(invalid("a private key in jwk", token, privateKey));
    TestDpop otherSigner = proof.apply(token);
    Map<String, Object> otherJwk = otherKey.jwk();
    otherJwk.remove("use");
    otherSigner.header("jwk", otherJwk);
    cases.add(invalid("a signature by another key", token, otherSigner));
    cases.add(invalid("no jti", token, proof.apply(token).jti(null)));
    cases.add(invalid("another htm", token, proof.apply(token).htm(method.equals("GET") ? "POST" : "GET")));
    cases.add(invalid("another htu", token, proof(method, htu + "/other", token).nonce(nonce)));
    cases.add(invalid("iat too old", token, proof.apply(token).iat(Instant.now().minusSeconds(300))));
    cases.add(invalid("ath of another token", token, proof.apply(token).accessToken("another")));
    cases.add(new Case("a replayed proof", List.of(Map.entry("Authorization", "DPoP " + token),
        Map.entry("DPoP", proof.apply(token).build())), 401, "invalid_dpop_proof", true));
    cases.add(invalid("a proof by a key the token is not bound to", token,
        TestDpop.proof(otherKey).htm(method).htu(htu).iat(Instant.now()).accessToken(token).nonce(nonce)));
    cases.add(new Case("a DPoP-bound token as a bearer token", List.of(Map.entry("Authorization", "Bearer " + token)),
        401, "invalid_token", false));
    String unbound = token(format, null);
    cases.add(dpop("an unbound token with the DPoP scheme", unbound, proof.apply(unbound).build(), 401,
        "invalid_token"));
    return cases;
  }

  /**
   * What is wrong with an adapter's answer to {@code c}, or null when it is the one expected: the status;
   * for a 200, a body naming the token's user {@code alice}; for a refusal, the error in the JSON body and in
   * the one {@code WWW-Authenticate} value, which offers both schemes (the validators of the adapters' tests
   * set {@code dpop.mode}).
   *
   * @param c the case
   * @param status the answer's status
   * @param body the answer's body
   * @param challenges every {@code WWW-Authenticate} value of the answer
   * @return the mismatch in words, or null
   */
  public static String mismatch(Case c, int status, String body, List<String> challenges) {
    if (status != c.status()) {
      return "status " + status + " instead of " + c.status() + ": " + body;
    }
    if (c.error() == null) {
      return body.contains("alice") ? null : "a body not naming the token's user: " + body;
    }
    if (!body.contains("\"error\":\"" + c.error() + "\"")) {
      return "a body without error " + c.error() + ": " + body;
    }
    if (challenges.size() != 1) {
      return challenges.size() + " WWW-Authenticate values instead of one: " + challenges;
    }
    String challenge = challenges.get(0);
    boolean expected = challenge.startsWith("Bearer") && challenge.contains(", DPoP ")
        && challenge.contains("algs=\"") && challenge.contains("error=\"" + c.error() + "\"");
    return expected ? null : "the challenge " + challenge;
  }

  private static Case dpop(String name, String token, String proof, int status, String error) {
    return new Case(name, List.of(Map.entry("Authorization", "DPoP " + token), Map.entry("DPoP", proof)), status,
        error, false);
  }

  private static Case invalid(String name, String token, TestDpop proof) {
    return dpop(name, token, proof.build(), 401, "invalid_dpop_proof");
  }

  /** A valid request whose proof Nimbus made, with a key of its own and a token bound to that key. */
  private Case nimbusCase(Format format, String method, String htu, String nonce) {
    try {
      ECKey key = new ECKeyGenerator(Curve.P_256).generate();
      String token = token(format, Map.of("jkt", key.computeThumbprint().toString()));
      String proof = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256).createDPoPJWT(new JWTID(), method,
          URI.create(htu), new Date(), new DPoPAccessToken(token), nonce == null ? null : new Nonce(nonce)).serialize();
      return dpop("valid proof (Nimbus)", token, proof, 200, null);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String x5t(X509Certificate certificate) {
    try {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    keyServer.close();
    authServer.close();
  }
}
