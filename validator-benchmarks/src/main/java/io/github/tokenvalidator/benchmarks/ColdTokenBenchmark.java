package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;

/**
 * A token never seen before, so one introspection round trip each, for ours (RFC 7662 mode, default cache,
 * which the new tokens fill and then churn) and for Spring's introspector on its default client and on the
 * JDK's. Sample time gives percentiles. JMH owns its instances and threads; each thread draws tokens from
 * its own source.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class ColdTokenBenchmark {
  private static final AtomicLong SEEDS = new AtomicLong(1000);

  private LoopbackAuthorizationServer server;
  private TokenValidator validator;
  private SpringOpaqueTokenIntrospector spring;
  private SpringOpaqueTokenIntrospector springOnJdkClient;

  /** Each benchmark thread's own token source, so tokens never repeat across threads. */
  @State(Scope.Thread)
  public static class ThreadTokens {
    Tokens tokens;

    @Setup(Level.Trial)
    public void start() {
      tokens = new Tokens(SEEDS.incrementAndGet());
    }
  }

  @Setup(Level.Trial)
  public void start() {
    server = LoopbackAuthorizationServer.start(4);
    validator = Introspectors.rfc7662(server).build();
    spring = Introspectors.spring(server);
    springOnJdkClient = Introspectors.springOnJdkClient(server);
  }

  @TearDown(Level.Trial)
  public void stop() {
    validator.close();
    server.close();
  }

  @Benchmark
  public ValidationResult ours(ThreadTokens source) {
    ValidationResult result = validator.validate("Bearer " + source.tokens.next());
    if (!result.isValid()) {
      throw new IllegalStateException("validation failed: " + result.error());
    }
    return result;
  }

  @Benchmark
  public OAuth2AuthenticatedPrincipal spring(ThreadTokens source) {
    return spring.introspect(source.tokens.next());
  }

  @Benchmark
  public OAuth2AuthenticatedPrincipal springOnJdkClient(ThreadTokens source) {
    return springOnJdkClient.introspect(source.tokens.next());
  }
}
