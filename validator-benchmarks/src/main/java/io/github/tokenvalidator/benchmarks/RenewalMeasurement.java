package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency of validations over a window in which the validator's own token is renewed, against a window in
 * which it is not, in MobileFirst mode.
 *
 * <p>Two load threads validate new tokens (one introspection each, so each needs the own token) in a closed
 * loop. In the steady window the own token lives an hour; in the renewal window it lives 2 s and is renewed
 * at half its life, so the window holds several renewals. The token endpoint takes 20 ms to answer: a
 * validation that waited for a renewal would show it. Usage: {@code RenewalMeasurement [results-folder]}.
 */
public final class RenewalMeasurement {
  private static final int THREADS = 2;
  private static final Duration WARM_UP = Duration.ofSeconds(3);
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Duration SHORT_LIFETIME = Duration.ofSeconds(2);
  private static final double RENEWAL_RATIO = 0.5;
  private static final AtomicLong SEEDS = new AtomicLong(5000);

  private RenewalMeasurement() {}

  public static void main(String[] args) throws InterruptedException {
    Report report = Report.to(args, "renewal.md");
    Window steady;
    Window renewing;
    try (LoopbackAuthorizationServer server = LoopbackAuthorizationServer.start(8)) {
      server.introspectionDelay(Duration.ofMillis(1)).tokenDelay(Duration.ofMillis(20));
      try (TokenValidator validator = Introspectors.mobileFirst(server, RENEWAL_RATIO).build()) {
        run(server, validator, WARM_UP);
        steady = run(server, validator, WINDOW);
      }
      server.ownTokenLifetime(SHORT_LIFETIME);
      try (TokenValidator validator = Introspectors.mobileFirst(server, RENEWAL_RATIO).build()) {
        run(server, validator, WARM_UP);
        renewing = run(server, validator, WINDOW);
      }
    }
    report.line("### Own-token renewal: latency of cold validations, MobileFirst mode, %d threads, %d s windows",
            THREADS, WINDOW.toSeconds())
        .line("")
        .line("Introspection answers in ~1 ms, the token endpoint in 20 ms; in the renewal window the own token "
            + "lives %d s and is renewed at %.0f%% of its life.", SHORT_LIFETIME.toSeconds(), RENEWAL_RATIO * 100)
        .line("")
        .line("| | validations | failed | own-token requests | introspections refused (401) "
            + "| p50 µs | p99 µs | p99.9 µs | max µs |")
        .line("|---|---|---|---|---|---|---|---|---|");
    row(report, "steady (no renewal)", steady);
    row(report, "with renewals", renewing);
    report.line("| renewal / steady | | | | | %.2f | %.2f | %.2f | %.2f |",
        ratio(renewing, steady, 0.50), ratio(renewing, steady, 0.99), ratio(renewing, steady, 0.999),
        (double) renewing.latencies[renewing.latencies.length - 1] / steady.latencies[steady.latencies.length - 1]);
    report.write();
  }

  private static void row(Report report, String label, Window window) {
    long[] l = window.latencies;
    report.line("| %s | %,d | %d | %d | %d | %.0f | %.0f | %.0f | %.0f |", label, l.length, window.failures,
        window.tokenRequests, window.refused, micros(Report.quantile(l, 0.50)), micros(Report.quantile(l, 0.99)),
        micros(Report.quantile(l, 0.999)), micros(l.length == 0 ? 0 : l[l.length - 1]));
  }

  private static double ratio(Window a, Window b, double q) {
    return (double) Report.quantile(a.latencies, q) / Report.quantile(b.latencies, q);
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }

  /** Validates new tokens on {@value #THREADS} threads for {@code length}; the latencies sorted. */
  private static Window run(LoopbackAuthorizationServer server, TokenValidator validator, Duration length)
      throws InterruptedException {
    long tokenRequestsBefore = server.tokenRequestCount();
    long refusedBefore = server.refusedOwnTokenCount();
    long end = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    List<long[]> samples = new ArrayList<>();
    int[] counts = new int[THREADS];
    int[] failures = new int[THREADS];
    for (int t = 0; t < THREADS; t++) {
      int index = t;
      long[] mine = new long[1 << 20];
      samples.add(mine);
      Tokens tokens = new Tokens(SEEDS.incrementAndGet());
      Thread thread = new Thread(() -> {
        int n = 0;
        while (System.nanoTime() < end && n < mine.length) {
          String header = "Bearer " + tokens.next();
          long start = System.nanoTime();
          boolean valid = validator.validate(header).isValid();
          mine[n++] = System.nanoTime() - start;
          if (!valid) {
            failures[index]++;
          }
        }
        counts[index] = n;
      }, "renewal-load-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    int total = 0;
    for (int count : counts) {
      total += count;
    }
    long[] all = new long[total];
    int at = 0;
    int failed = 0;
    for (int t = 0; t < THREADS; t++) {
      System.arraycopy(samples.get(t), 0, all, at, counts[t]);
      at += counts[t];
      failed += failures[t];
    }
    java.util.Arrays.sort(all);
    return new Window(all, failed, server.tokenRequestCount() - tokenRequestsBefore,
        server.refusedOwnTokenCount() - refusedBefore);
  }

  private record Window(long[] latencies, int failures, long tokenRequests, long refused) {}
}
