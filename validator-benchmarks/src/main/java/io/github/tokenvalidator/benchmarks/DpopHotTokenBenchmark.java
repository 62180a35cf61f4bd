package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.RequestView;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * A hot DPoP-bound token (RS256 JWT with {@code cnf.jkt}) with a fresh ES256 proof on every request, in
 * microseconds per call: ours ({@code validate(RequestView, accessRestricted)}: the proof verified, its
 * {@code jti} remembered, the token's answer from the cache, {@code cnf.jkt} compared) against Spring
 * Security's {@code DPoPAuthenticationProvider} (the proof verified, its {@code jti} remembered, the token
 * decoded and verified by {@code NimbusJwtDecoder}, {@code cnf.jkt} compared). Each iteration times a batch
 * of {@link #BATCH} calls; the proofs are signed before it, outside the measurement, one per call, since a
 * proof may be used once (the run fails if they run out rather than measure replays). JMH owns its
 * instances and threads.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, batchSize = DpopHotTokenBenchmark.BATCH)
@Measurement(iterations = 8, batchSize = DpopHotTokenBenchmark.BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class DpopHotTokenBenchmark {
  static final String HTU = "https://api.example.com/bank/accounts";
  /**
   * Calls per iteration, each timed as a whole: a fixed number, so the proofs signed before it always
   * suffice (ECDSA verification takes from tens of microseconds to milliseconds, by JDK and load).
   */
  static final int BATCH = 2000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** Proofs signed before each iteration: one iteration's calls, and the set-up's two. */
  @Param("" + (BATCH + 2))
  public int pool;

  private LoopbackAuthorizationServer server;
  private TokenValidator validator;
  private DPoPAuthenticationProvider spring;
  private String token;
  private String header;
  private Scope required;
  private KeyPair client;
  private List<String> proofs;
  private int next;
  private long signed;
  /** Tells this run's proofs from another's in the same JVM: Spring remembers jtis in a static map. */
  private final String run = Long.toHexString(System.nanoTime());
  private final MutableView view = new MutableView();

  @Setup(Level.Trial)
  public void start() {
    server = LoopbackAuthorizationServer.start(2);
    JwtTokens minter = JwtTokens.servedBy(server);
    client = clientKey();
    token = minter.boundToken(1, thumbprint((ECPublicKey) client.getPublic()));
    header = "DPoP " + token;
    required = Scope.of("accessRestricted");
    validator = JwtContenders.ours(server).build();
    spring = new DPoPAuthenticationProvider(new ProviderManager(new JwtAuthenticationProvider(
        JwtContenders.spring(server))));
    sign();
    ValidationResult first = ours();
    if (!first.isValid()) {
      throw new IllegalStateException("ours refused the benchmark's request: " + first.error());
    }
    spring();
  }

  /** A fresh pool, each proof with its own {@code jti} and the current {@code iat}. */
  @Setup(Level.Iteration)
  public void sign() {
    long base = signed;
    proofs = IntStream.range(0, pool).parallel().mapToObj(i -> proof(client, run + "-" + (base + i))).toList();
    signed += pool;
    next = 0;
  }

  @TearDown(Level.Trial)
  public void stop() {
    validator.close();
    server.close();
  }

  private String nextProof() {
    if (next == proofs.size()) {
      throw new IllegalStateException("the proof pool ran out: raise -p pool");
    }
    return proofs.get(next++);
  }

  @Benchmark
  public ValidationResult ours() {
    view.authorization = header;
    view.proof = nextProof();
    return validator.validate(view, required);
  }

  @Benchmark
  public Authentication spring() {
    return spring.authenticate(new DPoPAuthenticationToken(token, nextProof(), "GET", HTU));
  }

  /** The request as an adapter shows it; one per benchmark thread, as a request's view is. */
  static final class MutableView implements RequestView {
    String authorization;
    String proof;

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String scheme() {
      return "https";
    }

    @Override
    public String host() {
      return "api.example.com";
    }

    @Override
    public int port() {
      return 443;
    }

    @Override
    public String path() {
      return "/bank/accounts";
    }

    @Override
    public String rawQuery() {
      return null;
    }

    @Override
    public List<String> headers(String name) {
      if (name.equalsIgnoreCase("Authorization")) {
        return List.of(authorization);
      }
      return name.equalsIgnoreCase("DPoP") ? List.of(proof) : List.of();
    }
  }

  private static KeyPair clientKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String coordinate(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
    return B64.encodeToString(fixed);
  }

  private static String jwk(ECPublicKey key) {
    return "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(key.getW().getAffineX()) + "\",\"y\":\""
        + coordinate(key.getW().getAffineY()) + "\"}";
  }

  private static String thumbprint(ECPublicKey key) {
    return B64.encodeToString(sha256(jwk(key)));
  }

  private String proof(KeyPair client, String jti) {
    String head = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk((ECPublicKey) client.getPublic()) + "}";
    String claims = "{\"jti\":\"" + jti + "\",\"htm\":\"GET\",\"htu\":\"" + HTU + "\",\"iat\":"
        + Instant.now().getEpochSecond() + ",\"ath\":\"" + B64.encodeToString(sha256(token)) + "\"}";
    String input = B64.encodeToString(head.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(client.getPrivate());
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
