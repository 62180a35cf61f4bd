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
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;

/**
 * A 1 KB token already seen, validated again: ours answers from its digest-keyed cache, Spring's
 * introspector (on its default client and on the JDK's) asks the server every time, and the floor is
 * SHA-256 plus one map lookup. {@link JmhSuite} runs it with 1 and 2 threads. JMH owns its instances and
 * threads; the contenders it calls are thread-safe.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class HotTokenBenchmark {
  private LoopbackAuthorizationServer server;
  private TokenValidator validator;
  private SpringOpaqueTokenIntrospector spring;
  private SpringOpaqueTokenIntrospector springOnJdkClient;
  private DigestFloor floor;
  private String token;
  private String header;
  private Scope required;

  @Setup(Level.Trial)
  public void start() {
    server = LoopbackAuthorizationServer.start(4);
    validator = Introspectors.rfc7662(server).build();
    spring = Introspectors.spring(server);
    springOnJdkClient = Introspectors.springOnJdkClient(server);
    floor = new DigestFloor();
    token = new Tokens(1).next();
    header = "Bearer " + token;
    required = Scope.of("accessRestricted");
    ValidationResult first = validator.validate(header, required);
    if (!first.isValid()) {
      throw new IllegalStateException("the loopback server refused the benchmark token: " + first.error());
    }
    floor.put(token, first);
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
  public OAuth2AuthenticatedPrincipal spring() {
    return spring.introspect(token);
  }

  @Benchmark
  public OAuth2AuthenticatedPrincipal springOnJdkClient() {
    return springOnJdkClient.introspect(token);
  }

  @Benchmark
  public Object digestFloor() {
    return floor.get(token);
  }
}
