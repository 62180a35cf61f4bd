package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;

/**
 * A thundering herd: 200 requests carrying the same new token arrive at once. Counts the introspection
 * calls that reach the authorization server, for ours and for Spring's introspector, over a few rounds.
 *
 * <p>The server holds each introspection answer back 50 ms, as a loaded server would, so that the whole
 * herd arrives while the first call is under way. Usage: {@code HerdMeasurement [results-folder]}.
 */
public final class HerdMeasurement {
  private static final int HERD = 200;
  private static final int ROUNDS = 5;
  private static final Duration SERVER_DELAY = Duration.ofMillis(50);

  private HerdMeasurement() {}

  public static void main(String[] args) throws InterruptedException {
    Report report = Report.to(args, "herd.md");
    report.line("### Herd: %d concurrent first requests for one new token (server answers in %d ms)", HERD,
            SERVER_DELAY.toMillis())
        .line("")
        .line("| round | calls reaching the server: ours | Spring | ours / Spring "
            + "| failed: ours, Spring | time until all answered: ours, Spring |")
        .line("|---|---|---|---|---|---|");
    try (LoopbackAuthorizationServer server = LoopbackAuthorizationServer.start(32)) {
      server.introspectionDelay(SERVER_DELAY);
      Tokens tokens = new Tokens(7);
      try (TokenValidator validator = Introspectors.rfc7662(server).build()) {
        SpringOpaqueTokenIntrospector spring = Introspectors.spring(server);
        // One round each to start both clients' connection pools and JIT before counting.
        herd(server, token -> validator.validate("Bearer " + token).isValid(), tokens.next());
        herd(server, token -> spring.introspect(token) != null, tokens.next());
        long worstOurs = 0;
        for (int round = 1; round <= ROUNDS; round++) {
          Outcome ours = herd(server, token -> validator.validate("Bearer " + token).isValid(), tokens.next());
          Outcome theirs = herd(server, token -> spring.introspect(token) != null, tokens.next());
          worstOurs = Math.max(worstOurs, ours.calls);
          report.line("| %d | %d | %d | %.3f | %d, %d | %d ms, %d ms |", round, ours.calls, theirs.calls,
              (double) ours.calls / theirs.calls, ours.failures, theirs.failures, ours.millis, theirs.millis);
        }
        report.line("").line("Worst round, ours: %d call(s) for %d requests.", worstOurs, HERD);
      }
    }
    report.write();
  }

  /** Releases {@value #HERD} threads at once, each validating {@code token}; counts server calls. */
  private static Outcome herd(LoopbackAuthorizationServer server, Predicate<String> validate, String token)
      throws InterruptedException {
    AtomicInteger successes = new AtomicInteger();
    long before = server.introspectionCount();
    long millis = Burst.run("herd", HERD, i -> {
      if (validate.test(token)) {
        successes.incrementAndGet();
      }
    });
    return new Outcome(server.introspectionCount() - before, HERD - successes.get(), millis);
  }

  private record Outcome(long calls, int failures, long millis) {}
}
