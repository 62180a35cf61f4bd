package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.IssuerRoute;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What several issuers cost a request, in nanoseconds per call: the same hot RS256 JWT answered by a
 * validator with one issuer (the cache is looked up before any routing) and by one with three (the default
 * issuer introspecting, two JWT issuer groups), where every request first finds its issuer by reading the
 * JWT's {@code iss}; a hot opaque token in the three-issuer validator (routing only looks for dots); and a
 * JWT of an issuer nobody configured, refused without a call. JMH owns its instances and threads; the
 * validators are thread-safe.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class IssuerRoutingBenchmark {
  private LoopbackAuthorizationServer server;
  private TokenValidator oneIssuer;
  private TokenValidator threeIssuers;
  private IssuerRoute jwtIssuersOnly;
  private String jwtHeader;
  private String opaqueHeader;
  private String strangerHeader;
  private Scope required;

  @Setup(Level.Trial)
  public void start() {
    server = LoopbackAuthorizationServer.start(2);
    JwtTokens minter = JwtTokens.servedBy(server);
    oneIssuer = JwtContenders.ours(server).build();
    threeIssuers = Introspectors.rfc7662(server).properties(Map.of(
        "tokenvalidator.issuers.partners.token-format", "jwt",
        "tokenvalidator.issuers.partners.issuer", server.serverUrl(),
        "tokenvalidator.issuers.partners.jwks-uri", server.jwksUri(),
        "tokenvalidator.issuers.partners.audience", JwtTokens.AUDIENCE,
        "tokenvalidator.issuers.realm.token-format", "jwt",
        "tokenvalidator.issuers.realm.issuer", "https://realm.example.com/realms/bank",
        "tokenvalidator.issuers.realm.jwks-uri", server.jwksUri(),
        "tokenvalidator.issuers.realm.audience", JwtTokens.AUDIENCE)).build();
    jwtIssuersOnly = threeIssuers.route("partners", "realm");
    jwtHeader = "Bearer " + minter.token(1);
    opaqueHeader = "Bearer " + new Tokens(1).next();
    strangerHeader = "Bearer " + minter.tokenOfIssuer("https://stranger.example.com", 2);
    required = Scope.of("accessRestricted");
    check(oneIssuer.validate(jwtHeader, required), true, "one issuer, JWT");
    check(threeIssuers.validate(jwtHeader, required), true, "three issuers, JWT");
    check(threeIssuers.validate(opaqueHeader, required), true, "three issuers, opaque");
    check(threeIssuers.validate(strangerHeader, required, jwtIssuersOnly), false, "three issuers, stranger");
    if (!"partners".equals(threeIssuers.validate(jwtHeader, required).token().issuerGroup())) {
      throw new IllegalStateException("the JWT was not answered by the partners group");
    }
  }

  private static void check(ValidationResult result, boolean valid, String what) {
    if (result.isValid() != valid) {
      throw new IllegalStateException(what + ": " + (valid ? result.error() : "accepted"));
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    oneIssuer.close();
    threeIssuers.close();
    server.close();
  }

  /** Baseline: one issuer, the hot JWT (as {@code JwtHotTokenBenchmark.ours}). */
  @Benchmark
  public ValidationResult oneIssuerHotJwt() {
    return oneIssuer.validate(jwtHeader, required);
  }

  /** Three issuers, the same hot JWT: its {@code iss} read on every call to find its issuer. */
  @Benchmark
  public ValidationResult threeIssuersHotJwt() {
    return threeIssuers.validate(jwtHeader, required);
  }

  /** Three issuers, a hot 1 KB opaque token on the default route (the default issuer introspects it). */
  @Benchmark
  public ValidationResult threeIssuersHotOpaque() {
    return threeIssuers.validate(opaqueHeader, required);
  }

  /** Three issuers, a JWT of an issuer nobody configured, on a route of JWT issuers: refused, no call. */
  @Benchmark
  public ValidationResult threeIssuersUnknownIssuer() {
    return threeIssuers.validate(strangerHeader, required, jwtIssuersOnly);
  }
}
