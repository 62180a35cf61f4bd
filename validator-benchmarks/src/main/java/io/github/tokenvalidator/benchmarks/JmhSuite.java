package io.github.tokenvalidator.benchmarks;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the hot-token benchmark with 1 and 2 threads and the cold-token benchmark with 1 thread, and reports
 * ours beside Spring's introspector in a hand-rolled Caffeine cache, the two digest floors and Spring's bare
 * introspector (on two HTTP clients), with the ratios issue 11 judges.
 *
 * <p>Usage: {@code JmhSuite [results-folder [JMH options]]}. JMH options after the folder override the
 * benchmarks' own settings, except the threads and the result file, which the suite sets: e.g.
 * {@code -f 0 -wi 0 -i 1 -r 1s -w 1s} for a smoke run that measures nothing worth reporting. The forks run on
 * the JVM that runs the suite (unless {@code -jvm} says otherwise); the report names it. Raw JMH results go
 * to {@code jmh-*.json} in the folder.
 */
public final class JmhSuite {
  private JmhSuite() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Report report = Report.to(args, "jmh.md");
    String folder = args.length > 0 ? args[0] : "results";
    String[] jmhArgs = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[0];
    Options overrides = new CommandLineOptions(jmhArgs);
    String jvm = overrides.getJvm().orElse(System.getProperty("java.home") + "/bin/java");

    report.line("### Hot token (already validated, 1 KB), average time in nanoseconds per validation")
        .line("")
        .line("JDK: %s (%s %s, `%s`)%s", System.getProperty("java.runtime.version"),
            System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), jvm,
            overrides.getJvm().hasValue() ? ", forks on the -jvm given" : "")
        .line("")
        .line("- **ours**: `validate(header, accessRestricted)` (digest-keyed cache, no raw token kept)")
        .line("- **Spring+Caffeine**: `SpringOpaqueTokenIntrospector` in a Caffeine cache keyed by the raw token "
            + "(`maximumSize(%,d)`, `expireAfterWrite(5 min)`, `cache.get(token, introspector::introspect)`), "
            + "the token cut by `header.substring(7)` on every call, `%s` looked up among the principal's authorities",
            HotTokenBenchmark.CACHE_SIZE, HotTokenBenchmark.REQUIRED_AUTHORITY)
        .line("- **floor (header)**: `header.substring(7)`, SHA-256 of it, one `ConcurrentHashMap` lookup")
        .line("- **floor (hash only)**: SHA-256 of a token already cut, one `ConcurrentHashMap` lookup")
        .line("- **Spring** / **Spring/JDK**: the bare introspector (no cache: a round trip per call) on its default "
            + "client (`HttpURLConnection`) / on the JDK's HTTP client")
        .line("")
        .line("Goals (issue 11): ours / Spring+Caffeine ≤ 1.00, ours / floor (header) ≤ 1.30.")
        .line("")
        .line("| threads | ours | Spring+Caffeine | **ours / Spring+Caffeine** | floor (header) "
            + "| **ours / floor (header)** | floor (hash only) | ours / floor (hash only) | Spring | Spring/JDK "
            + "| allocated per call: ours, Spring+Caffeine, floor (header), floor (hash only) |")
        .line("|---|---|---|---|---|---|---|---|---|---|---|");
    for (int threads : new int[] {1, 2}) {
      Map<String, RunResult> hot =
          run(HotTokenBenchmark.class, threads, folder + "/jmh-hot-" + threads + "t.json", overrides);
      double ours = score(hot, "ours");
      double springCaffeine = score(hot, "springCaffeine");
      double floorFromHeader = score(hot, "floorFromHeader");
      double floorHashOnly = score(hot, "floorHashOnly");
      report.line("| %d | %s | %s | %.2f× | %s | %.2f× | %s | %.2f× | %s | %s | %s, %s, %s, %s |", threads,
          withError(hot, "ours"), withError(hot, "springCaffeine"), ours / springCaffeine,
          withError(hot, "floorFromHeader"), ours / floorFromHeader, withError(hot, "floorHashOnly"),
          ours / floorHashOnly, withError(hot, "spring"), withError(hot, "springOnJdkClient"),
          allocated(hot, "ours"), allocated(hot, "springCaffeine"), allocated(hot, "floorFromHeader"),
          allocated(hot, "floorHashOnly"));
    }
    report.line("")
        .line("Ratios are of cost (ns per call): below 1.00 ours is cheaper. "
            + "± is JMH's 99.9%% confidence half-width.");

    report.line("")
        .line("### Cold token (never seen: one introspection round trip each), latency in microseconds, 1 thread")
        .line("")
        .line("| statistic | ours | Spring | ours / Spring | Spring/JDK | ours / Spring/JDK |")
        .line("|---|---|---|---|---|---|");
    Map<String, RunResult> cold = run(ColdTokenBenchmark.class, 1, folder + "/jmh-cold-1t.json", overrides);
    Statistics ours = statistics(cold, "ours");
    Statistics spring = statistics(cold, "spring");
    Statistics springJdk = statistics(cold, "springOnJdkClient");
    report.line("| mean | %.0f | %.0f | %.2f | %.0f | %.2f |", ours.getMean(), spring.getMean(),
        ours.getMean() / spring.getMean(), springJdk.getMean(), ours.getMean() / springJdk.getMean());
    for (double p : new double[] {50, 90, 99, 99.9}) {
      report.line("| p%s | %.0f | %.0f | %.2f | %.0f | %.2f |", p == 99.9 ? "99.9" : String.valueOf((int) p),
          ours.getPercentile(p), spring.getPercentile(p), ours.getPercentile(p) / spring.getPercentile(p),
          springJdk.getPercentile(p), ours.getPercentile(p) / springJdk.getPercentile(p));
    }
    report.line("| allocated per call | %s | %s | | %s | |", allocated(cold, "ours"), allocated(cold, "spring"),
        allocated(cold, "springOnJdkClient"));
    report.write();
  }

  static Map<String, RunResult> run(Class<?> benchmark, int threads, String resultFile, Options overrides)
      throws RunnerException {
    return run(new OptionsBuilder().parent(overrides), benchmark, threads, resultFile);
  }

  /** Runs {@code benchmark} with {@code options} (which may set more), keyed by method name. */
  static Map<String, RunResult> run(ChainedOptionsBuilder options, Class<?> benchmark, int threads,
      String resultFile) throws RunnerException {
    options.include(benchmark.getName() + "\\.")
        .threads(threads)
        .addProfiler(GCProfiler.class)
        .resultFormat(ResultFormatType.JSON)
        .result(resultFile);
    Collection<RunResult> results = new Runner(options.build()).run();
    Map<String, RunResult> byMethod = new HashMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      byMethod.put(name.substring(name.lastIndexOf('.') + 1), result);
    }
    return byMethod;
  }

  static double score(Map<String, RunResult> results, String method) {
    return results.get(method).getPrimaryResult().getScore();
  }

  /** The score with its error, e.g. {@code 1,460 ± 179}; no error when JMH had too few iterations for one. */
  static String withError(Map<String, RunResult> results, String method) {
    Result<?> result = results.get(method).getPrimaryResult();
    double error = result.getScoreError();
    String score = String.format(Locale.ROOT, "%,.0f", result.getScore());
    return Double.isNaN(error) ? score : score + String.format(Locale.ROOT, " ± %,.0f", error);
  }

  private static Statistics statistics(Map<String, RunResult> results, String method) {
    return results.get(method).getPrimaryResult().getStatistics();
  }

  static String allocated(Map<String, RunResult> results, String method) {
    Result<?> bytes = results.get(method).getSecondaryResults().get("gc.alloc.rate.norm");
    return bytes == null ? "?" : String.format(Locale.ROOT, "%,.0f B", bytes.getScore());
  }
}
