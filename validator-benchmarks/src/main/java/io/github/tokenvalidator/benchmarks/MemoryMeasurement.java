package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jol.info.GraphLayout;

/**
 * Heap retained per cached answer: used heap after a full collection, before and after 100,000 distinct
 * tokens are validated (each answered with a MobileFirst body of about 800 bytes) into a cache with 10%
 * headroom, as a deployment would size it. Every token is then validated again to prove that none was
 * evicted (no further introspection may reach the server). JOL then breaks one cached answer down by class,
 * counting only the objects it does not share with another answer.
 *
 * <p>Run it in a JVM of its own with {@code -XX:+UseSerialGC} for an exact used-heap figure. Usage:
 * {@code MemoryMeasurement [results-folder]}.
 */
public final class MemoryMeasurement {
  private static final int ENTRIES = 100_000;
  private static final int THREADS = 4;

  private MemoryMeasurement() {}

  public static void main(String[] args) throws InterruptedException {
    Report report = Report.to(args, "memory.md");
    try (LoopbackAuthorizationServer server = LoopbackAuthorizationServer.start(4);
        TokenValidator validator = Introspectors.mobileFirst(server, 0.8).cacheMaxSize(ENTRIES + ENTRIES / 10).build()) {
      List<List<String>> perThread = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Tokens tokens = new Tokens(9000 + t);
        // The digests are all the cache keeps; the headers are held here only to validate them again.
        List<String> headers = new ArrayList<>(ENTRIES / THREADS);
        for (int i = 0; i < ENTRIES / THREADS; i++) {
          headers.add("Bearer " + tokens.next());
        }
        perThread.add(headers);
      }
      // Warm the validator (own token, connections, classes) on one token outside the count.
      if (!validator.validate("Bearer " + new Tokens(1).next()).isValid()) {
        throw new IllegalStateException("the loopback server refused the warm-up token");
      }
      long before = usedHeapAfterGc();
      long introspectionsBefore = server.introspectionCount();
      int failed = validateAll(validator, perThread);
      long after = usedHeapAfterGc();
      long filled = server.introspectionCount() - introspectionsBefore;
      int failedAgain = validateAll(validator, perThread);
      long evicted = server.introspectionCount() - introspectionsBefore - filled;

      double perEntry = (double) (after - before) / ENTRIES;
      report.line("### Memory: heap retained per cached MobileFirst introspection answer")
          .line("")
          .line("| cached answers | introspections to fill | failed | re-validated without a call "
              + "| heap before | heap after | bytes per entry |")
          .line("|---|---|---|---|---|---|---|")
          .line("| %,d | %,d | %d | %,d | %,.1f MiB | %,.1f MiB | %,.0f |", ENTRIES, filled, failed + failedAgain,
              ENTRIES - evicted, before / 1048576.0, after / 1048576.0, perEntry)
          .line("")
          .line("Spring's introspector keeps no cache (0 bytes per token, a server round trip per request).");
      breakDown(report, validator.validate(perThread.get(0).get(0)), validator.validate(perThread.get(0).get(1)));
    }
    report.write();
  }

  /** The objects of {@code one}'s graph that {@code other}'s does not share, by class, largest first. */
  private static void breakDown(Report report, ValidationResult one, ValidationResult other) {
    GraphLayout own = GraphLayout.parseInstance(one).subtract(GraphLayout.parseInstance(other));
    report.line("")
        .line("One cached answer's own objects (JOL; claim names are shared by all answers): %,d objects, %,d bytes",
            own.totalCount(), own.totalSize())
        .line("")
        .line("| class | objects | bytes |")
        .line("|---|---|---|");
    List<Class<?>> classes = new ArrayList<>(own.getClasses());
    classes.sort(Comparator.comparingLong((Class<?> type) -> own.getClassSizes().count(type)).reversed());
    for (Class<?> type : classes) {
      report.line("| %s | %d | %d |", type.getTypeName(), own.getClassCounts().count(type),
          own.getClassSizes().count(type));
    }
  }

  private static int validateAll(TokenValidator validator, List<List<String>> perThread)
      throws InterruptedException {
    AtomicInteger failed = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (List<String> headers : perThread) {
      Thread thread = new Thread(() -> {
        for (String header : headers) {
          if (!validator.validate(header).isValid()) {
            failed.incrementAndGet();
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return failed.get();
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    // Collect until the figure stops falling: finalizers and reference processing can free more.
    for (int i = 0; i < 5; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        break;
      }
      used = now;
    }
    return used;
  }
}
