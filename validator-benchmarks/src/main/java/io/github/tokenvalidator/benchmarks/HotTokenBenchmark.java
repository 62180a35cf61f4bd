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
 * A 1 KB token already seen, validated again from its {@code Authorization} header, in nanoseconds per
 * call.
 *
 * <p>Contenders: ours ({@code validate(header, accessRestricted)}) answers from its digest-keyed cache;
 * {@link SpringCaffeineContender} is Spring's introspector in the Caffeine cache Spring users hand-roll
 * (raw token keys); Spring's bare introspector (on its default client and on the JDK's) asks the server
 * every time. Two floors bound what a digest-keyed cache can do: {@code floorFromHeader} cuts the token
 * from the header, hashes it (SHA-256) and looks it up in a {@code ConcurrentHashMap};
 * {@code floorHashOnly} skips the cut (the floor docs/performance.md used before issue 11).
 * {@link JmhSuite} runs it with 1 and 2 threads. JMH owns its instances and threads; the contenders it
 * calls are thread-safe.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class HotTokenBenchmark {
  /** The authority Spring makes of scope {@code accessRestricted}. */
  static final String REQUIRED_AUTHORITY = "SCOPE_accessRestricted";
  /** The Spring cache's size: the default size of ours. */
  static final int CACHE_SIZE = 50_000;

  private LoopbackAuthorizationServer server;
  private TokenValidator validator;
  private SpringOpaqueTokenIntrospector spring;
  private SpringOpaqueTokenIntrospector springOnJdkClient;
  private SpringCaffeineContender springCaffeine;
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
    springCaffeine = new SpringCaffeineContender(Introspectors.spring(server), CACHE_SIZE);
    floor = new DigestFloor();
    token = new Tokens(1).next();
    header = "Bearer " + token;
    required = Scope.of("accessRestricted");
    ValidationResult first = validator.validate(header, required);
    if (!first.isValid()) {
      throw new IllegalStateException("the loopback server refused the benchmark token: " + first.error());
    }
    if (!springCaffeine.authorize(header, REQUIRED_AUTHORITY)) {
      throw new IllegalStateException("Spring found no " + REQUIRED_AUTHORITY + " for the benchmark token");
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
  public boolean springCaffeine() {
    return springCaffeine.authorize(header, REQUIRED_AUTHORITY);
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
  public Object floorFromHeader() {
    return floor.getFromHeader(header);
  }

  @Benchmark
  public Object floorHashOnly() {
    return floor.get(token);
  }
}
