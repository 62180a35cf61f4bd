package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.redis.RedisSharedStore;
import io.github.tokenvalidator.spi.Invalidation;
import io.github.tokenvalidator.spi.SharedCacheConfig;
import io.github.tokenvalidator.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fleet sharing one Redis (issue 18): four validator instances, each with its own cache, in one JVM (each
 * its own HTTP client, cache and Redis connections, as four JVMs would have; they share the JVM's CPU).
 * Counts the authorization server's calls for 1,000 new tokens each requested by every instance, with the
 * shared cache, without it, and with Spring's introspector behind a per-instance Caffeine cache; measures a
 * shared-cache hit against an introspection on loopback, the cost of a stopped Redis, the memory of one
 * entry in Redis, and how fast a revocation reaches another instance. Needs {@code test.redis-server}.
 * Usage: {@code FleetMeasurement [results-folder]}.
 */
public final class FleetMeasurement {
  private static final int INSTANCES = 4;
  private static final int TOKENS = 1_000;
  private static final String SECRET = "bench-fleet-secret-0123456789";

  private FleetMeasurement() {}

  public static void main(String[] args) throws Exception {
    Report report = Report.to(args, "fleet.md");
    ExecutorService callers = Executors.newFixedThreadPool(INSTANCES);
    try (LoopbackAuthorizationServer server = LoopbackAuthorizationServer.start(16);
        RedisServer redis = RedisServer.start()) {
      Tokens tokens = new Tokens(18);
      report.line("### Fleet: %d instances, each with its own cache, one Redis (Redis %s on loopback)", INSTANCES,
          "6.2").line("");

      // 1. Calls reaching the server: every instance asks for every token, the instances at once.
      List<TokenValidator> shared = fleet(server, redis, true);
      List<TokenValidator> alone = fleet(server, redis, false);
      List<SpringCaffeineContender> spring = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        spring.add(new SpringCaffeineContender(Introspectors.spring(server), 50_000));
      }
      warmUp(shared, alone, spring, tokens, callers);
      List<String> fleetTokens = next(tokens, TOKENS);
      long withShared = calls(server, callers, fleetTokens, shared.stream()
          .<Predicate<String>>map(v -> t -> v.validate("Bearer " + t).isValid()).toList());
      long withoutShared = calls(server, callers, next(tokens, TOKENS), alone.stream()
          .<Predicate<String>>map(v -> t -> v.validate("Bearer " + t).isValid()).toList());
      long springCalls = calls(server, callers, next(tokens, TOKENS), spring.stream()
          .<Predicate<String>>map(c -> t -> c.authorize("Bearer " + t, "SCOPE_accessRestricted")).toList());
      report.line("| %d instances × %,d new tokens, each requested by every instance | authorization-server calls |",
              INSTANCES, TOKENS)
          .line("|---|---|")
          .line("| ours, shared cache on Redis | %,d |", withShared)
          .line("| ours, each instance its own cache | %,d |", withoutShared)
          .line("| Spring's introspector + Caffeine per instance | %,d |", springCalls)
          .line("");

      // 2. A shared-cache hit (a new instance: local miss, Redis hit) against an introspection on loopback.
      TokenValidator newcomer = instance(server, redis, true);
      awaitConnected(newcomer, tokens);
      TokenValidator introspecting = instance(server, redis, false);
      long[] hit = latencies(fleetTokens, t -> newcomer.validate("Bearer " + t).isValid());
      long[] introspection = latencies(next(tokens, TOKENS), t -> introspecting.validate("Bearer " + t).isValid());
      report.line("| one request, local cache miss | p50 | p99 |").line("|---|---|---|")
          .line("| shared-cache hit (Redis GET, AES-GCM open, decode, decide) | %s | %s |",
              micros(hit, 0.50), micros(hit, 0.99))
          .line("| introspection on loopback (no shared cache) | %s | %s |",
              micros(introspection, 0.50), micros(introspection, 0.99))
          .line("");

      // 3. Memory of one entry in Redis.
      List<?> keys = (List<?>) redis.command("KEYS", "tokenvalidator:a:*");
      long memory = 0;
      long valueBytes = 0;
      int sampled = Math.min(200, keys.size());
      for (int i = 0; i < sampled; i++) {
        memory += (Long) redis.command("MEMORY", "USAGE", keys.get(i), "SAMPLES", "0");
        valueBytes += (Long) redis.command("STRLEN", keys.get(i));
      }
      report.line("Redis holds %,d answers; `MEMORY USAGE` of one: %,d bytes on average over %d (the sealed value"
          + " is %,d of them: the encoded answer plus 29 bytes of version, nonce and tag; the key is 49 characters).",
          keys.size(), memory / Math.max(1, sampled), sampled, valueBytes / Math.max(1, sampled)).line("");

      // 4. Revocation: publish on one store, received by another.
      report.line(revocationLatency(redis)).line("");

      // 5. Redis stopped: added latency and failures, against an instance without a shared cache.
      TokenValidator survivor = instance(server, redis, true);
      awaitConnected(survivor, tokens);
      redis.kill();
      List<String> during = next(tokens, TOKENS);
      AtomicInteger failures = new AtomicInteger();
      long[] down = latencies(during, t -> {
        boolean valid = survivor.validate("Bearer " + t).isValid();
        if (!valid) {
          failures.incrementAndGet();
        }
        return valid;
      });
      long[] baseline = latencies(next(tokens, TOKENS), t -> introspecting.validate("Bearer " + t).isValid());
      report.line("| Redis killed, %,d new tokens on one instance | p50 | p99 | max | failed |", TOKENS)
          .line("|---|---|---|---|---|")
          .line("| shared cache configured, Redis down | %s | %s | %s | %d |", micros(down, 0.50), micros(down, 0.99),
              micros(down, 1.0), failures.get())
          .line("| no shared cache | %s | %s | %s | 0 |", micros(baseline, 0.50), micros(baseline, 0.99),
              micros(baseline, 1.0))
          .line("")
          .line("Health while Redis is down: %s.", survivor.health());
      survivor.close();
      newcomer.close();
      introspecting.close();
      shared.forEach(TokenValidator::close);
      alone.forEach(TokenValidator::close);
    } finally {
      callers.shutdownNow();
    }
    report.write();
  }

  private static List<TokenValidator> fleet(LoopbackAuthorizationServer server, RedisServer redis, boolean shared) {
    List<TokenValidator> fleet = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      fleet.add(instance(server, redis, shared));
    }
    return fleet;
  }

  private static TokenValidator instance(LoopbackAuthorizationServer server, RedisServer redis, boolean shared) {
    TokenValidator.Builder builder = Introspectors.rfc7662(server);
    if (shared) {
      builder.properties(Map.of("tokenvalidator.shared-cache.uri", redis.uri(),
          "tokenvalidator.shared-cache.secret", SECRET));
    }
    return builder.build();
  }

  /** Validates fresh tokens until the instance's store answers (it connects in the background). */
  private static void awaitConnected(TokenValidator validator, Tokens tokens) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      validator.validate("Bearer " + tokens.next());
      Thread.sleep(5);
    }
  }

  private static void warmUp(List<TokenValidator> shared, List<TokenValidator> alone,
      List<SpringCaffeineContender> spring, Tokens tokens, ExecutorService callers) throws Exception {
    for (int round = 0; round < 500; round++) {
      String token = tokens.next();
      for (int i = 0; i < INSTANCES; i++) {
        shared.get(i).validate("Bearer " + token);
        alone.get(i).validate("Bearer " + token);
        spring.get(i).authorize("Bearer " + token, "SCOPE_accessRestricted");
      }
      Thread.sleep(1); // the shared instances connect in the background meanwhile
    }
  }

  private static List<String> next(Tokens tokens, int count) {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(tokens.next());
    }
    return list;
  }

  /** For each token, every instance at once; the server's calls counted. */
  private static long calls(LoopbackAuthorizationServer server, ExecutorService callers, List<String> tokens,
      List<Predicate<String>> instances) throws Exception {
    long before = server.introspectionCount();
    for (String token : tokens) {
      List<CompletableFuture<Boolean>> all = new ArrayList<>();
      for (Predicate<String> instance : instances) {
        all.add(CompletableFuture.supplyAsync(() -> instance.test(token), callers));
      }
      for (CompletableFuture<Boolean> one : all) {
        if (!one.get(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("a valid token was refused");
        }
      }
    }
    return server.introspectionCount() - before;
  }

  private static long[] latencies(List<String> tokens, Predicate<String> validate) {
    long[] nanos = new long[tokens.size()];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      validate.test(tokens.get(i));
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static String micros(long[] sorted, double q) {
    long nanos = q >= 1.0 ? sorted[sorted.length - 1] : Report.quantile(sorted, q);
    return nanos >= 10_000_000 ? String.format("%.1f ms", nanos / 1e6) : String.format("%d µs", nanos / 1000);
  }

  /** Publishes invalidations on one store and times their arrival at another's subscriber. */
  private static String revocationLatency(RedisServer redis) throws Exception {
    SharedCacheConfig config = new SharedCacheConfig(redis.uri(), SECRET, null, Duration.ofMillis(500),
        Duration.ofSeconds(5), "bench:", List.of(), null, Ticker.system());
    try (RedisSharedStore publisher = RedisSharedStore.create(config);
        RedisSharedStore receiver = RedisSharedStore.create(config)) {
      LinkedBlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
      receiver.subscribe(invalidation -> arrivals.add(System.nanoTime()));
      // until both are connected and subscribed
      while (arrivals.poll(20, TimeUnit.MILLISECONDS) == null) {
        publisher.publish(Invalidation.ofSubject("warm-up", "nobody", Instant.now()));
      }
      Thread.sleep(200);
      arrivals.clear();
      int count = 500;
      long[] nanos = new long[count];
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        publisher.publish(Invalidation.ofSubject("https://issuer", "user-" + i, Instant.now()));
        Long arrived = arrivals.poll(5, TimeUnit.SECONDS);
        if (arrived == null) {
          throw new IllegalStateException("an invalidation never arrived");
        }
        nanos[i] = arrived - start;
      }
      Arrays.sort(nanos);
      return String.format("Revocation: an invalidation published by one instance reaches another's subscriber in"
          + " %s (p50), %s (p99), over %d (sealed, pub/sub on loopback); that instance's local cache drops the"
          + " answers as it arrives.", micros(nanos, 0.50), micros(nanos, 0.99), count);
    }
  }
}
