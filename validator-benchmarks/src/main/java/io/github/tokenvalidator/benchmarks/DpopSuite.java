package io.github.tokenvalidator.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;

/**
 * Runs {@link DpopHotTokenBenchmark} and writes {@code dpop.md}: ours against Spring Security's
 * {@code DPoPAuthenticationProvider} on one DPoP-bound token and fresh proofs. JMH options after the results
 * folder override the benchmark's own; raw results go to {@code jmh-dpop-hot-1t.json}.
 */
public final class DpopSuite {
  private DpopSuite() {}

  /** A batch's time and error, per call. */
  private static String perCall(Map<String, RunResult> results, String method) {
    Result<?> result = results.get(method).getPrimaryResult();
    double batch = DpopHotTokenBenchmark.BATCH;
    return String.format(Locale.ROOT, "%,.1f ± %,.1f", result.getScore() / batch, result.getScoreError() / batch);
  }

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Report report = Report.to(args, "dpop.md");
    String folder = args.length > 0 ? args[0] : "results";
    Options overrides = new CommandLineOptions(args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
        : new String[0]);
    Map<String, RunResult> hot = JmhSuite.run(DpopHotTokenBenchmark.class, 1, folder + "/jmh-dpop-hot-1t.json",
        overrides);

    report.line("### DPoP (RS256 JWT with cnf.jkt, fresh ES256 proof per call), average time in microseconds "
            + "per validation, 1 thread")
        .line("")
        .line("JDK: %s (%s %s)", System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
            System.getProperty("java.vm.version"))
        .line("")
        .line("- **ours**: `token-format=jwt`; `validate(RequestView, accessRestricted)` with `Authorization: DPoP …`"
            + " and `DPoP: …`")
        .line("- **Spring**: `DPoPAuthenticationProvider(new ProviderManager(new JwtAuthenticationProvider("
            + "NimbusJwtDecoder)))`; `authenticate(new DPoPAuthenticationToken(token, proof, \"GET\", uri))`")
        .line("")
        .line("Goal (issue 19): ours / Spring ≤ 1.0.")
        .line("")
        .line("| case | ours (µs / call) | Spring (µs / call) | ratio |")
        .line("|---|---|---|---|");
    report.line("| hot DPoP-bound token | %s | %s | **ours / Spring %.2f×** |", perCall(hot, "ours"),
        perCall(hot, "spring"), JmhSuite.score(hot, "ours") / JmhSuite.score(hot, "spring"));
    report.line("")
        .line("Each iteration times a batch of %d calls (JMH single-shot); the figures are per call, ± the "
            + "99.9%% confidence half-width.", DpopHotTokenBenchmark.BATCH);
    report.write();
  }
}
