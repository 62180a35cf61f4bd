package io.github.tokenvalidator.internal.dpop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import io.github.tokenvalidator.testing.MutableClock;
import io.github.tokenvalidator.testing.TestDpop;
import io.github.tokenvalidator.testing.TestKey;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * One proof rule of RFC 9449 §4.3 per test: each malformed proof fails for its own stated reason. Proofs
 * come from our builder ({@link TestDpop}) and from Nimbus's {@code DefaultDPoPProofFactory}, an
 * independent implementation.
 */
class ProofVerifierTest {
  private static final TestKey KEY = TestKey.ec("client", "ES256");
  private static final String TOKEN = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
  private static final String URI_TEXT = "https://api.example.com/bank/accounts";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final ProofVerifier verifier = new ProofVerifier(clock, Duration.ofSeconds(60));

  private TestDpop proof() {
    return TestDpop.proof(KEY).htm("GET").htu(URI_TEXT).iat(clock.instant()).accessToken(TOKEN);
  }

  private Proof verify(String proof) throws InvalidProofException {
    return verifier.verify(proof, "GET", HttpUris.normalize(URI_TEXT), TOKEN);
  }

  private void assertRefused(String proof, String reason) {
    assertThatThrownBy(() -> verify(proof)).isInstanceOf(InvalidProofException.class).hasMessageContaining(reason);
  }

  @Test
  void aWellFormedProofGivesItsKeysThumbprintAndJti() throws Exception {
    Proof proof = verify(proof().jti("jti-1").nonce("n-1").build());

    assertThat(proof.thumbprint()).isEqualTo(TestDpop.thumbprint(KEY));
    assertThat(proof.jti()).isEqualTo("jti-1");
    assertThat(proof.nonce()).isEqualTo("n-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"})
  void everyAsymmetricAlgorithmVerifies(String alg) throws Exception {
    TestKey key = alg.startsWith("RS") || alg.startsWith("PS") ? TestKey.rsa(null, alg)
        : alg.equals("EdDSA") ? TestKey.ed25519(null) : TestKey.ec(null, alg);
    String proof = TestDpop.proof(key).htm("GET").htu(URI_TEXT).iat(clock.instant()).accessToken(TOKEN).build();

    assertThat(verify(proof).thumbprint()).isEqualTo(TestDpop.thumbprint(key));
  }

  static List<JWK> nimbusKeys() throws Exception {
    // Nimbus signs Ed25519 through Tink, which it does not bring: EdDSA proofs are our builder's alone
    return List.of(new ECKeyGenerator(Curve.P_256).generate(), new ECKeyGenerator(Curve.P_384).generate(),
        new RSAKeyGenerator(2048).generate());
  }

  @ParameterizedTest
  @MethodSource("nimbusKeys")
  void nimbusProofsVerifyAndTheirThumbprintIsNimbussOwn(JWK jwk) throws Exception {
    JWSAlgorithm alg = jwk.getKeyType().getValue().equals("RSA") ? JWSAlgorithm.PS256
        : jwk.toECKey().getCurve() == Curve.P_256 ? JWSAlgorithm.ES256 : JWSAlgorithm.ES384;
    String proof = new DefaultDPoPProofFactory(jwk, alg).createDPoPJWT(new JWTID(), "GET", URI.create(URI_TEXT),
        Date.from(clock.instant()), new DPoPAccessToken(TOKEN)).serialize();

    assertThat(verify(proof).thumbprint()).isEqualTo(jwk.computeThumbprint().toString());
  }

  @Test
  void aNimbusProofForAnotherUriOrMethodIsRefused() throws Exception {
    JWK jwk = new ECKeyGenerator(Curve.P_256).generate();
    DefaultDPoPProofFactory factory = new DefaultDPoPProofFactory(jwk, JWSAlgorithm.ES256);
    String post = factory.createDPoPJWT(new JWTID(), "POST", URI.create(URI_TEXT), Date.from(clock.instant()),
        new DPoPAccessToken(TOKEN)).serialize();
    String elsewhere = factory.createDPoPJWT(new JWTID(), "GET", URI.create("https://api.example.com/other"),
        Date.from(clock.instant()), new DPoPAccessToken(TOKEN)).serialize();

    assertRefused(post, "htm");
    assertRefused(elsewhere, "htu");
  }

  @Test
  void notAJws() {
    assertRefused("not.a-proof", "not a JWS");
    assertRefused(proof().build() + ".x", "not a JWS");
  }

  @Test
  void anotherTyp() {
    assertRefused(proof().header("typ", "JWT").build(), "typ");
    assertRefused(proof().header("typ", null).build(), "typ");
  }

  @Test
  void aSymmetricOrNoAlgorithm() {
    assertRefused(proof().header("alg", "HS256").build(), "accepted algorithm");
    assertRefused(proof().header("alg", "none").build(), "accepted algorithm");
  }

  @Test
  void noJwk() {
    assertRefused(proof().header("jwk", null).build(), "no jwk");
    assertRefused(proof().header("jwk", "a string").build(), "no jwk");
  }

  @Test
  void aPrivateKeyInTheJwk() {
    TestDpop withPrivate = proof();
    withPrivate.jwk().put("d", "AAAA");
    assertRefused(withPrivate.build(), "private key");
  }

  @Test
  void aSymmetricJwk() {
    assertRefused(proof().header("jwk", Map.of("kty", "oct", "k", "c2VjcmV0")).build(), "private key");
    assertRefused(proof().header("jwk", Map.of("kty", "oct")).build(), "not a usable public key");
  }

  @Test
  void anAlgorithmThatDoesNotFitTheKey() {
    TestKey rsa = TestKey.rsa(null, "RS256");
    // signed with the EC key, claiming RS256 with an EC jwk
    assertRefused(proof().header("alg", "RS256").build(), "does not fit");
    // an RSA key's jwk on a proof the EC key signed
    TestDpop other = proof();
    Map<String, Object> jwk = rsa.jwk();
    jwk.remove("use");
    other.header("jwk", jwk);
    assertRefused(other.build(), "does not fit");
  }

  @Test
  void aSignatureByAnotherKey() {
    TestDpop proof = proof();
    Map<String, Object> otherJwk = TestKey.ec(null, "ES256").jwk();
    otherJwk.remove("use");
    proof.header("jwk", otherJwk);
    assertRefused(proof.build(), "signature");
  }

  @Test
  void noOrAnOverlongJti() {
    assertRefused(proof().jti(null).build(), "jti");
    assertRefused(proof().jti("").build(), "jti");
    assertRefused(proof().jti("j".repeat(257)).build(), "jti");
  }

  @Test
  void anotherMethod() {
    assertRefused(proof().htm("POST").build(), "htm");
    assertRefused(proof().htm("get").build(), "htm");
    assertRefused(proof().htm(null).build(), "htm");
  }

  @Test
  void anotherUri() {
    assertRefused(proof().htu("https://api.example.com/bank/other").build(), "htu");
    assertRefused(proof().htu("http://api.example.com/bank/accounts").build(), "htu");
    assertRefused(proof().htu("https://api.example.com:8443/bank/accounts").build(), "htu");
    assertRefused(proof().htu("/bank/accounts").build(), "htu");
    assertRefused(proof().htu(null).build(), "htu");
  }

  @Test
  void theUriIsComparedInNormalFormWithoutQueryOrFragment() throws Exception {
    for (String same : List.of("HTTPS://API.example.com:443/bank/accounts", "https://api.example.com/bank/%61ccounts",
        "https://api.example.com/bank/./x/../accounts", "https://api.example.com/bank/accounts?x=1#frag")) {
      assertThat(verify(proof().htu(same).build()).jti()).isNotNull();
    }
  }

  @Test
  void anIatOutsideTheWindowEitherWay() throws Exception {
    assertRefused(proof().iat(clock.instant().minusSeconds(61)).build(), "iat");
    assertRefused(proof().iat(clock.instant().plusSeconds(61)).build(), "iat");
    assertRefused(proof().claim("iat", "1700000000").build(), "iat");
    assertRefused(proof().claim("iat", 1.7e9).build(), "iat");
    assertRefused(proof().claim("iat", Long.MIN_VALUE).build(), "iat");
    assertRefused(proof().claim("iat", null).build(), "iat");
    // the edges themselves are inside
    assertThat(verify(proof().iat(clock.instant().minusSeconds(60)).build())).isNotNull();
    assertThat(verify(proof().iat(clock.instant().plusSeconds(60)).build())).isNotNull();
  }

  @Test
  void anAthOfAnotherTokenOrNone() {
    assertRefused(proof().accessToken("another-token").build(), "ath");
    assertRefused(proof().claim("ath", null).build(), "ath");
  }

  @Test
  void aNonceThatIsNotAString() {
    assertRefused(proof().claim("nonce", 42).build(), "nonce");
  }

  @Test
  void anOverlongProof() {
    assertRefused(proof().claim("padding", "p".repeat(ProofVerifier.MAX_PROOF_LENGTH)).build(), "too long");
  }
}
