package io.github.tokenvalidator.benchmarks;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the hot-token benchmark with 1 and 2 threads and the cold-token benchmark with 1 thread, and reports
 * ours, Spring's (on two HTTP clients) and the digest floor side by side with their ratios.
 *
 * <p>Usage: {@code JmhSuite [results-folder]}. Raw JMH results go to {@code jmh-*.json} there.
 */
public final class JmhSuite {
  private JmhSuite() {}

  public static void main(String[] args) throws RunnerException {
    Report report = Report.to(args, "jmh.md");
    String folder = args.length > 0 ? args[0] : "results";

    report.line("### Hot token (already validated, 1 KB), throughput in validations per second")
        .line("")
        .line("Spring: its default client (HttpURLConnection); Spring/JDK: on the JDK's HTTP client. "
            + "Floor: SHA-256 of the token plus one ConcurrentHashMap lookup.")
        .line("")
        .line("| threads | ours | Spring | ours / Spring | Spring/JDK | ours / Spring/JDK | floor "
            + "| our cost / floor cost | allocated per call: ours, Spring, Spring/JDK, floor |")
        .line("|---|---|---|---|---|---|---|---|---|");
    for (int threads : new int[] {1, 2}) {
      Map<String, RunResult> hot = run(HotTokenBenchmark.class, threads, folder + "/jmh-hot-" + threads + "t.json");
      double ours = score(hot, "ours");
      double spring = score(hot, "spring");
      double springJdk = score(hot, "springOnJdkClient");
      double floor = score(hot, "digestFloor");
      report.line("| %d | %,.0f | %,.0f | %,.0f× | %,.0f | %,.0f× | %,.0f | %.2f× | %s, %s, %s, %s |", threads, ours,
          spring, ours / spring, springJdk, ours / springJdk, floor, floor / ours, allocated(hot, "ours"),
          allocated(hot, "spring"), allocated(hot, "springOnJdkClient"), allocated(hot, "digestFloor"));
    }

    report.line("")
        .line("### Cold token (never seen: one introspection round trip each), latency in microseconds, 1 thread")
        .line("")
        .line("| statistic | ours | Spring | ours / Spring | Spring/JDK | ours / Spring/JDK |")
        .line("|---|---|---|---|---|---|");
    Map<String, RunResult> cold = run(ColdTokenBenchmark.class, 1, folder + "/jmh-cold-1t.json");
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

  private static Map<String, RunResult> run(Class<?> benchmark, int threads, String resultFile)
      throws RunnerException {
    Options options = new OptionsBuilder()
        .include(benchmark.getName() + "\\.")
        .threads(threads)
        .addProfiler(GCProfiler.class)
        .resultFormat(ResultFormatType.JSON)
        .result(resultFile)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, RunResult> byMethod = new HashMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      byMethod.put(name.substring(name.lastIndexOf('.') + 1), result);
    }
    return byMethod;
  }

  private static double score(Map<String, RunResult> results, String method) {
    return results.get(method).getPrimaryResult().getScore();
  }

  private static Statistics statistics(Map<String, RunResult> results, String method) {
    return results.get(method).getPrimaryResult().getStatistics();
  }

  private static String allocated(Map<String, RunResult> results, String method) {
    Result<?> bytes = results.get(method).getSecondaryResults().get("gc.alloc.rate.norm");
    return bytes == null ? "?" : String.format(java.util.Locale.ROOT, "%,.0f B", bytes.getScore());
  }
}
