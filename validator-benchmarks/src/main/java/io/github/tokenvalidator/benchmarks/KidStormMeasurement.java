package io.github.tokenvalidator.benchmarks;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.ValidationResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * An unknown-{@code kid} storm: 1,000 tokens whose headers name made-up key ids (each its own), signed with
 * the real key, arrive at once at a validator that already holds the key set. Counts the key-set requests
 * that reach the key server, for ours and for Spring Security's {@code NimbusJwtDecoder}, over a few rounds,
 * each {@value #PAUSE_SECONDS} s after the warm-up or the round before (longer than ours'
 * {@code jwks.min-refetch-interval}, so a refetch is allowed), and how each answered.
 *
 * <p>The key server holds each answer back 50 ms, as a remote one would, so that the storm arrives while a
 * refetch is under way. Usage: {@code KidStormMeasurement [results-folder]}.
 */
public final class KidStormMeasurement {
  private static final int STORM = 1000;
  private static final int ROUNDS = 3;
  private static final int PAUSE_SECONDS = 6;
  private static final Duration SERVER_DELAY = Duration.ofMillis(50);

  private KidStormMeasurement() {}

  public static void main(String[] args) throws InterruptedException {
    Report report = Report.to(args, "kid-storm.md");
    report.line("### Unknown-kid storm: %,d concurrent tokens with made-up kids (key server answers in %d ms, "
            + "each round %d s after the one before)", STORM, SERVER_DELAY.toMillis(), PAUSE_SECONDS)
        .line("")
        .line("| round | key-set requests: ours | Spring | refused as invalid (401): ours, Spring "
            + "| other answers: ours, Spring | time until all answered: ours, Spring |")
        .line("|---|---|---|---|---|---|");
    try (LoopbackAuthorizationServer server = LoopbackAuthorizationServer.start(8)) {
      JwtTokens minter = JwtTokens.servedBy(server);
      server.keyDelay(SERVER_DELAY);
      try (TokenValidator validator = JwtContenders.ours(server).build()) {
        NimbusJwtDecoder spring = JwtContenders.spring(server);
        // Both fetch the key set once, with a good token, before anything is counted.
        if (!validator.validate("Bearer " + minter.token(0)).isValid()) {
          throw new IllegalStateException("ours refused the good token");
        }
        spring.decode(minter.token(0));
        Function<String, Answer> ours = token -> {
          ValidationResult result = validator.validate("Bearer " + token);
          return result.isValid() ? Answer.ACCEPTED
              : result.error().status() == 401 ? Answer.INVALID : Answer.OTHER;
        };
        Function<String, Answer> theirs = token -> {
          try {
            spring.decode(token);
            return Answer.ACCEPTED;
          } catch (BadJwtException e) {
            return Answer.INVALID;  // Spring's resource server answers 401 invalid_token
          } catch (RuntimeException e) {
            return Answer.OTHER;
          }
        };
        for (int round = 1; round <= ROUNDS; round++) {
          // past ours' min-refetch interval since the warm-up's or the last round's fetch, so each round shows
          // what a storm costs when a refetch is allowed
          Thread.sleep(PAUSE_SECONDS * 1000L);
          Outcome o = storm(server, ours, made(minter, "ours-" + round));
          Outcome t = storm(server, theirs, made(minter, "spring-" + round));
          report.line("| %d | %d | %d | %d, %d | %d, %d | %d ms, %d ms |", round, o.keyRequests, t.keyRequests,
              o.invalid, t.invalid, o.other, t.other, o.millis, t.millis);
        }
      }
    }
    report.line("").line("A made-up kid is never accepted; \"other\" is any answer but 401 (ours: 503 while a "
        + "key fetch fails; Spring: an exception other than `BadJwtException`).");
    report.write();
  }

  private static List<String> made(JwtTokens minter, String round) {
    return IntStream.range(0, STORM).parallel()
        .mapToObj(i -> minter.tokenWithKid("made-up-" + round + "-" + i, i)).toList();
  }

  /** Releases one thread per token at once; counts key-set requests and answers. */
  private static Outcome storm(LoopbackAuthorizationServer server, Function<String, Answer> validate,
      List<String> tokens) throws InterruptedException {
    AtomicInteger invalid = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    long before = server.keyRequestCount();
    long millis = Burst.run("kid-storm", tokens.size(), i -> {
      Answer answer = validate.apply(tokens.get(i));
      if (answer == Answer.ACCEPTED) {
        accepted.incrementAndGet();
      } else if (answer == Answer.INVALID) {
        invalid.incrementAndGet();
      }
    });
    if (accepted.get() > 0) {
      throw new IllegalStateException(accepted.get() + " tokens with made-up kids were accepted");
    }
    return new Outcome(server.keyRequestCount() - before, invalid.get(), tokens.size() - invalid.get(), millis);
  }

  private enum Answer { ACCEPTED, INVALID, OTHER }

  private record Outcome(long keyRequests, int invalid, int other, long millis) {}
}
