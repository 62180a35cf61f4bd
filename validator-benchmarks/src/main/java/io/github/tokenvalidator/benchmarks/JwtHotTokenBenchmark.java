package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
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
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The same RS256 token again, in nanoseconds per call: ours ({@code jwt} mode,
 * {@code validate(header, accessRestricted)}) answers from its digest-keyed cache; Spring Security's
 * {@code NimbusJwtDecoder.decode} parses and verifies it every time. JMH owns its instances and threads;
 * both contenders are thread-safe.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class JwtHotTokenBenchmark {
  private LoopbackAuthorizationServer server;
  private TokenValidator validator;
  private NimbusJwtDecoder spring;
  private String token;
  private String header;
  private Scope required;

  @Setup(Level.Trial)
  public void start() {
    server = LoopbackAuthorizationServer.start(2);
    JwtTokens minter = JwtTokens.servedBy(server);
    validator = JwtContenders.ours(server).build();
    spring = JwtContenders.spring(server);
    token = minter.token(1);
    header = "Bearer " + token;
    required = Scope.of("accessRestricted");
    ValidationResult first = validator.validate(header, required);
    if (!first.isValid()) {
      throw new IllegalStateException("ours refused the benchmark token: " + first.error());
    }
    spring.decode(token);
  }

  @TearDown(Level.Trial)
  public void stop() {
    validator.close();
    server.close();
  }

  @Benchmark
  public ValidationResult ours() {
    return validator.validate(header, required);
  }

  @Benchmark
  public Jwt spring() {
    return spring.decode(token);
  }
}
