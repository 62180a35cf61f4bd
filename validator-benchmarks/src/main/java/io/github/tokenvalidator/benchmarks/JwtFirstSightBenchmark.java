package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * An RS256 token never seen before, verified locally, in nanoseconds per token: ours ({@code jwt} mode,
 * {@code validate(header, accessRestricted)}: a digest miss, the signature and claim checks, a cache insert)
 * against Spring Security's {@code NimbusJwtDecoder.decode} (which verifies every token it is given). Both
 * hold the key set already (fetched once at set-up from the loopback server), so no call is measured.
 *
 * <p>The tokens are signed before the trial ({@value #DEFAULT_POOL} by default, parameter {@code pool}) and
 * handed out in order; each iteration starts ours afresh (empty cache, keys fetched) and the pool from its
 * start, so every call of ours is a first sight. An iteration that runs through the whole pool fails rather
 * than measure cache hits: hence 200 ms iterations ({@link JwtSuite} keeps them whatever the JMH options
 * say). JMH owns its instances and threads; one thread.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 15, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class JwtFirstSightBenchmark {
  static final String DEFAULT_POOL = "20000";

  /** How many distinct tokens are signed before the trial: more than one iteration can verify. */
  @Param(DEFAULT_POOL)
  public int pool;

  private LoopbackAuthorizationServer server;
  private List<String> tokens;
  private List<String> headers;
  private Scope required;
  private NimbusJwtDecoder spring;
  private TokenValidator validator;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    server = LoopbackAuthorizationServer.start(2);
    JwtTokens minter = JwtTokens.servedBy(server);
    tokens = minter.tokens(1, pool);
    headers = tokens.stream().map(token -> "Bearer " + token).toList();
    required = Scope.of("accessRestricted");
    spring = JwtContenders.spring(server);
    spring.decode(minter.token(0));
  }

  @Setup(Level.Iteration)
  public void freshValidator() {
    validator = JwtContenders.ours(server).build();
    ValidationResult warm = validator.validate("Bearer " + tokens.get(0), required);
    if (!warm.isValid()) {
      throw new IllegalStateException("ours refused the benchmark token: " + warm.error());
    }
    next = 1;
  }

  @TearDown(Level.Iteration)
  public void closeValidator() {
    validator.close();
  }

  @TearDown(Level.Trial)
  public void stop() {
    server.close();
  }

  @Benchmark
  public ValidationResult ours() {
    ValidationResult result = validator.validate(headers.get(take()), required);
    if (!result.isValid()) {
      throw new IllegalStateException("validation failed: " + result.error());
    }
    return result;
  }

  @Benchmark
  public Jwt spring() {
    return spring.decode(tokens.get(take()));
  }

  private int take() {
    if (next == pool) {
      throw new IllegalStateException("all " + pool + " tokens used in one iteration, the next would be a "
          + "cache hit: raise -p pool or shorten the iterations");
    }
    return next++;
  }
}
