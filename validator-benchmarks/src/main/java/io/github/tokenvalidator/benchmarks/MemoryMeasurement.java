package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.openjdk.jol.info.GraphLayout;

/**
 * Heap retained per cached answer, through the public API: used heap after a full collection before and
 * after 50,000 distinct 1 KB tokens are validated, first known ones (each answered with the
 * loopback server's MobileFirst body of about 880 bytes, with its {@code mfp-application},
 * {@code mfp-device}, {@code mfp-user} and {@code mfp-checks} objects), then as many unknown ones (each
 * answered {@code {"active":false}}, which the validator caches for its negative TTL). The cache has room
 * for both with 10% headroom, as a deployment would size it. Every token is then validated again to prove
 * that none was evicted (no further introspection may reach the server). JOL then breaks one cached answer
 * down by class, counting only the objects it does not share with another answer; for the negative answers
 * it shows whether two unknown tokens get one shared result.
 *
 * <p>Run it in a JVM of its own with {@code -XX:+UseSerialGC} for an exact used-heap figure. Usage:
 * {@code MemoryMeasurement [results-folder]}; {@code -Dmemory.entries=N} sets the number of tokens of each
 * kind (default 50,000).
 */
public final class MemoryMeasurement {
  /** Tokens of each kind; {@code -Dmemory.entries=N} shrinks a smoke run, whose figures mean nothing. */
  private static final int ENTRIES = Integer.getInteger("memory.entries", 50_000);
  private static final int THREADS = 4;
  /** Longer than filling the cache takes on a busy machine, so that no negative answer expires before the count. */
  private static final Duration NEGATIVE_TTL = Duration.ofMinutes(30);
  private static final String[] MOBILE_FIRST_OBJECTS = {"mfp-application", "mfp-device", "mfp-user", "mfp-checks"};

  private MemoryMeasurement() {}

  public static void main(String[] args) throws InterruptedException {
    Report report = Report.to(args, "memory.md");
    try (LoopbackAuthorizationServer server = LoopbackAuthorizationServer.start(4);
        TokenValidator validator = Introspectors.mobileFirst(server, 0.8)
            .cacheMaxSize(2 * ENTRIES + 2 * ENTRIES / 10)
            .cacheNegativeTtl(NEGATIVE_TTL)
            .build()) {
      // The digests are all the cache keeps; the headers are held here only to validate them again.
      List<List<String>> known = headers(9000, "");
      List<List<String>> unknown = headers(9500, LoopbackAuthorizationServer.UNKNOWN_TOKEN_PREFIX);
      String firstToken = known.get(0).get(0).substring("Bearer ".length());
      int answerBytes = LoopbackAuthorizationServer.activeAnswer(firstToken, Instant.now().getEpochSecond())
          .getBytes(StandardCharsets.UTF_8).length;

      // Warm the validator (own token, connections, classes) on one token of each kind outside the count.
      ValidationResult warm = validator.validate("Bearer " + new Tokens(1).next());
      if (!warm.isValid()) {
        throw new IllegalStateException("the loopback server refused the warm-up token");
      }
      for (String name : MOBILE_FIRST_OBJECTS) {
        if (warm.token().claim(name) == null) {
          throw new IllegalStateException("the loopback server's answer has no " + name + " object");
        }
      }
      if (validator.validate("Bearer " + LoopbackAuthorizationServer.UNKNOWN_TOKEN_PREFIX + "warm").isValid()) {
        throw new IllegalStateException("the loopback server accepted an unknown token");
      }

      long start = server.introspectionCount();
      long before = usedHeapAfterGc();
      int knownRefused = validateAll(validator, known, result -> !result.isValid());
      long afterKnown = usedHeapAfterGc();
      int unknownAccepted = validateAll(validator, unknown, ValidationResult::isValid);
      long afterUnknown = usedHeapAfterGc();
      long filled = server.introspectionCount() - start;
      int failedAgain = validateAll(validator, known, result -> !result.isValid())
          + validateAll(validator, unknown, ValidationResult::isValid);
      long evicted = server.introspectionCount() - start - filled;

      double perKnown = (double) (afterKnown - before) / ENTRIES;
      double perUnknown = (double) (afterUnknown - afterKnown) / ENTRIES;
      report.line("### Memory: heap retained per cached introspection answer")
          .line("")
          .line("%,d distinct %,d-character tokens of each kind; known ones answered with a %,d-byte MobileFirst body "
              + "(`mfp-application`, `mfp-device`, `mfp-user`, `mfp-checks`), unknown ones with `{\"active\":false}` "
              + "(negative TTL %d min for the count). JDK %s, %s.", ENTRIES, Tokens.LENGTH, answerBytes,
              NEGATIVE_TTL.toMinutes(), System.getProperty("java.runtime.version"), collectors())
          .line("")
          .line("| answers cached | introspections | wrong answers | re-validated without a call | heap before "
              + "| heap after | bytes per entry |")
          .line("|---|---|---|---|---|---|---|")
          .line("| %,d active (MobileFirst) | | %d | | %,.1f MiB | %,.1f MiB | **%,.0f** |", ENTRIES, knownRefused,
              before / 1048576.0, afterKnown / 1048576.0, perKnown)
          .line("| %,d inactive (unknown token) | | %d | | %,.1f MiB | %,.1f MiB | **%,.0f** |", ENTRIES,
              unknownAccepted, afterKnown / 1048576.0, afterUnknown / 1048576.0, perUnknown)
          .line("| both | %,d | %d | %,d of %,d | | | |", filled, failedAgain, 2 * ENTRIES - evicted, 2 * ENTRIES)
          .line("")
          .line("Goals (issue 11): ≤ 1,536 bytes per active MobileFirst answer; a negative answer is a shared "
              + "constant (what remains per entry is the cache's node, key and expiry).")
          .line("")
          .line("Spring's introspector keeps no cache (0 bytes per token, a server round trip per request).");
      breakDown(report, validator.validate(known.get(0).get(0)), validator.validate(known.get(0).get(1)));
      negatives(report, validator.validate(unknown.get(0).get(0)), validator.validate(unknown.get(0).get(1)));
    }
    report.write();
  }

  /** {@code ENTRIES} headers in {@value #THREADS} lists, one per validating thread. */
  private static List<List<String>> headers(long seed, String prefix) {
    List<List<String>> perThread = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Tokens tokens = new Tokens(seed + t);
      List<String> headers = new ArrayList<>(ENTRIES / THREADS);
      for (int i = 0; i < ENTRIES / THREADS; i++) {
        // The prefix replaces the token's first characters, so unknown tokens are 1 KB too.
        headers.add("Bearer " + prefix + tokens.next().substring(prefix.length()));
      }
      perThread.add(headers);
    }
    return perThread;
  }

  /** The objects of {@code one}'s graph that {@code other}'s does not share, by class, largest first. */
  private static void breakDown(Report report, ValidationResult one, ValidationResult other) {
    GraphLayout own = GraphLayout.parseInstance(one).subtract(GraphLayout.parseInstance(other));
    report.line("")
        .line("One cached active answer's own objects (JOL; what it shares with another answer, such as claim "
            + "names, is left out): %,d objects, %,d bytes", own.totalCount(), own.totalSize())
        .line("")
        .line("| class | objects | bytes |")
        .line("|---|---|---|");
    List<Class<?>> classes = new ArrayList<>(own.getClasses());
    classes.sort(Comparator.comparingLong((Class<?> type) -> own.getClassSizes().count(type)).reversed());
    for (Class<?> type : classes) {
      report.line("| `%s` | %d | %d |", type.getTypeName(), own.getClassCounts().count(type),
          own.getClassSizes().count(type));
    }
  }

  /** Whether two unknown tokens' results are one object, and what one holds that the other does not. */
  private static void negatives(Report report, ValidationResult one, ValidationResult other) {
    GraphLayout own = GraphLayout.parseInstance(one).subtract(GraphLayout.parseInstance(other));
    report.line("")
        .line("Two unknown tokens' results: %s; objects of one that the other does not share (JOL): %,d objects, "
            + "%,d bytes.", one == other ? "**the same object**" : "**two objects**", own.totalCount(),
            own.totalSize());
  }

  /** Validates every header on its own thread per list; counts the results {@code wrong} picks. */
  private static int validateAll(TokenValidator validator, List<List<String>> perThread,
      Predicate<ValidationResult> wrong) throws InterruptedException {
    AtomicInteger wrongAnswers = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (List<String> headers : perThread) {
      Thread thread = new Thread(() -> {
        for (String header : headers) {
          if (wrong.test(validator.validate(header))) {
            wrongAnswers.incrementAndGet();
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    return wrongAnswers.get();
  }

  private static String collectors() {
    List<String> names = new ArrayList<>();
    ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> names.add(gc.getName()));
    return String.join(" + ", names);
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
