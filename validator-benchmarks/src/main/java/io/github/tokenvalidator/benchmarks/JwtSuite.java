package io.github.tokenvalidator.benchmarks;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JWT benchmarks (first sight and hot, one thread) and reports ours beside Spring Security's
 * {@code NimbusJwtDecoder} on the same RS256 token and key set, with the ratios issue 10 judges.
 *
 * <p>Usage: {@code JwtSuite [results-folder [JMH options]]}, the options as for {@link JmhSuite}, except
 * that the first-sight benchmark keeps its 200 ms iterations (its token pool must outlast each one): a
 * smoke run is {@code -f 0 -wi 0 -i 1 -r 1s -w 1s -p pool=2000}. Raw JMH results go to {@code jmh-jwt-*.json}.
 */
public final class JwtSuite {
  private JwtSuite() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Report report = Report.to(args, "jwt.md");
    String folder = args.length > 0 ? args[0] : "results";
    Options overrides = new CommandLineOptions(args.length > 1 ? Arrays.copyOfRange(args, 1, args.length)
        : new String[0]);
    String jvm = overrides.getJvm().orElse(System.getProperty("java.home") + "/bin/java");

    TimeValue iteration = new TimeValue(200, TimeUnit.MILLISECONDS);
    Map<String, RunResult> first = JmhSuite.run(new OptionsBuilder().parent(overrides)
        .warmupTime(iteration).measurementTime(iteration), JwtFirstSightBenchmark.class, 1,
        folder + "/jmh-jwt-first-sight-1t.json");
    Map<String, RunResult> hot = JmhSuite.run(JwtHotTokenBenchmark.class, 1, folder + "/jmh-jwt-hot-1t.json",
        overrides);

    report.line("### JWT (RS256, about 940 characters, same token and key set for both), average time in "
            + "nanoseconds per validation, 1 thread")
        .line("")
        .line("JDK: %s (%s %s, `%s`)", System.getProperty("java.runtime.version"),
            System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), jvm)
        .line("")
        .line("- **ours**: `token-format=jwt`, `issuer`, `jwks-uri`, `audience`; "
            + "`validate(header, accessRestricted)`")
        .line("- **Spring**: `NimbusJwtDecoder.withJwkSetUri(jwksUri).build()` with "
            + "`JwtValidators.createDefaultWithIssuer(issuer)` and Spring Boot's audience validator; `decode(token)`")
        .line("- **first sight**: a token never seen (ours: digest miss, verification, cache insert; a fresh "
            + "validator each 200 ms iteration, tokens signed beforehand); **hot**: the same token again")
        .line("")
        .line("Goals (issue 10): first sight ours / Spring ≤ 1.00; hot Spring / ours ≥ 20.")
        .line("")
        .line("| case | ours | Spring | ratio | allocated per call: ours, Spring |")
        .line("|---|---|---|---|---|");
    report.line("| first sight | %s | %s | **ours / Spring %.2f×** | %s, %s |", JmhSuite.withError(first, "ours"),
        JmhSuite.withError(first, "spring"), JmhSuite.score(first, "ours") / JmhSuite.score(first, "spring"),
        JmhSuite.allocated(first, "ours"), JmhSuite.allocated(first, "spring"));
    report.line("| hot | %s | %s | **Spring / ours %.0f×** | %s, %s |", JmhSuite.withError(hot, "ours"),
        JmhSuite.withError(hot, "spring"), JmhSuite.score(hot, "spring") / JmhSuite.score(hot, "ours"),
        JmhSuite.allocated(hot, "ours"), JmhSuite.allocated(hot, "spring"));
    report.line("")
        .line("± is JMH's 99.9%% confidence half-width.");
    report.write();
  }
}
