package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency of validations over a window in which the validator's own token is renewed, against the same
 * window without renewal, in MobileFirst mode.
 *
 * <p>Two validators run side by side, each against its own loopback server: in the steady one the own
 * token lives an hour, in the other it lives 2 s and is renewed at half its life, so the window holds about
 * ten renewals. Running them at once means both see the same noise from the rest of the machine. Each has
 * two load threads validating new tokens (one introspection each, so each needs the own token) in a closed
 * loop. Introspection takes about 1 ms and the token endpoint 20 ms: a validation that waited for a renewal
 * would show it. Usage: {@code RenewalMeasurement [results-folder]}.
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
    Load steady;
    Load renewing;
    try (LoopbackAuthorizationServer steadyServer = LoopbackAuthorizationServer.start(4);
        LoopbackAuthorizationServer renewingServer = LoopbackAuthorizationServer.start(4)) {
      for (LoopbackAuthorizationServer server : List.of(steadyServer, renewingServer)) {
        server.introspectionDelay(Duration.ofMillis(1)).tokenDelay(Duration.ofMillis(20));
      }
      renewingServer.ownTokenLifetime(SHORT_LIFETIME);
      try (TokenValidator steadyValidator = Introspectors.mobileFirst(steadyServer, RENEWAL_RATIO).build();
          TokenValidator renewingValidator = Introspectors.mobileFirst(renewingServer, RENEWAL_RATIO).build()) {
        sideBySide(new Load(steadyServer, steadyValidator), new Load(renewingServer, renewingValidator), WARM_UP);
        steady = new Load(steadyServer, steadyValidator);
        renewing = new Load(renewingServer, renewingValidator);
        sideBySide(steady, renewing, WINDOW);
      }
    }
    report.line("### Own-token renewal: latency of cold validations, MobileFirst mode, %d s window, "
            + "%d threads per validator", WINDOW.toSeconds(), THREADS)
        .line("")
        .line("Introspection answers in ~1 ms, the token endpoint in 20 ms; with renewals the own token lives "
            + "%d s and is renewed at %.0f%% of its life. Both rows were measured at the same time.",
            SHORT_LIFETIME.toSeconds(), RENEWAL_RATIO * 100)
        .line("")
        .line("| | validations | failed | own-token requests | introspections refused (401) "
            + "| p50 µs | p99 µs | p99.9 µs | max µs |")
        .line("|---|---|---|---|---|---|---|---|---|");
    row(report, "steady (no renewal)", steady);
    row(report, "with renewals", renewing);
    report.line("| with renewals / steady | | | | | %.2f | %.2f | %.2f | %.2f |", ratio(renewing, steady, 0.50),
        ratio(renewing, steady, 0.99), ratio(renewing, steady, 0.999), ratio(renewing, steady, 1));
    report.write();
  }

  private static void row(Report report, String label, Load load) {
    long[] l = load.latencies;
    report.line("| %s | %,d | %d | %d | %d | %.0f | %.0f | %.0f | %.0f |", label, l.length, load.failures,
        load.tokenRequests, load.refused, micros(Report.quantile(l, 0.50)), micros(Report.quantile(l, 0.99)),
        micros(Report.quantile(l, 0.999)), micros(Report.quantile(l, 1)));
  }

  private static double ratio(Load a, Load b, double q) {
    return (double) Report.quantile(a.latencies, q) / Report.quantile(b.latencies, q);
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }

  private static void sideBySide(Load a, Load b, Duration length) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    long end = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    threads.addAll(a.threads(start, end));
    threads.addAll(b.threads(start, end));
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    a.finish();
    b.finish();
  }

  /** One validator under load: its load threads, then their latencies sorted and what the server saw. */
  private static final class Load {
    final LoopbackAuthorizationServer server;
    final TokenValidator validator;
    final long tokenRequestsBefore;
    final long refusedBefore;
    final long[][] samples = new long[THREADS][1 << 20];
    final int[] counts = new int[THREADS];
    final int[] failed = new int[THREADS];
    long[] latencies;
    int failures;
    long tokenRequests;
    long refused;

    Load(LoopbackAuthorizationServer server, TokenValidator validator) {
      this.server = server;
      this.validator = validator;
      this.tokenRequestsBefore = server.tokenRequestCount();
      this.refusedBefore = server.refusedOwnTokenCount();
    }

    List<Thread> threads(CountDownLatch start, long end) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int index = t;
        Tokens tokens = new Tokens(SEEDS.incrementAndGet());
        Thread thread = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          long[] mine = samples[index];
          int n = 0;
          while (System.nanoTime() < end && n < mine.length) {
            String header = "Bearer " + tokens.next();
            long begin = System.nanoTime();
            boolean valid = validator.validate(header).isValid();
            mine[n++] = System.nanoTime() - begin;
            if (!valid) {
              failed[index]++;
            }
          }
          counts[index] = n;
        }, "renewal-load-" + t);
        thread.start();
        threads.add(thread);
      }
      return threads;
    }

    /** Call after the load threads have ended. */
    void finish() {
      int total = Arrays.stream(counts).sum();
      latencies = new long[total];
      int at = 0;
      for (int t = 0; t < THREADS; t++) {
        System.arraycopy(samples[t], 0, latencies, at, counts[t]);
        at += counts[t];
      }
      Arrays.sort(latencies);
      failures = Arrays.stream(failed).sum();
      tokenRequests = server.tokenRequestCount() - tokenRequestsBefore;
      refused = server.refusedOwnTokenCount() - refusedBefore;
    }
  }
}
