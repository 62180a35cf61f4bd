package io.github.tokenvalidator.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one single-flight mechanism: one call per key, behind a back-off, every caller answered. */
class SingleFlightTest {
  private final AtomicInteger joined = new AtomicInteger();
  private final SingleFlight<String, String> flights = new SingleFlight<>(joined::incrementAndGet);
  private final RecordingBackoff backoff = new RecordingBackoff();

  @Test
  void callersOfOneKeyShareOneCallAndDifferentKeysDoNot() {
    CompletableFuture<String> call = new CompletableFuture<>();
    AtomicInteger started = new AtomicInteger();
    List<CompletableFuture<String>> callers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      callers.add(flights.call("a", backoff, () -> {
        started.incrementAndGet();
        return call;
      }, () -> CompletableFuture.failedFuture(new IllegalStateException("refused"))));
    }
    flights.call("b", backoff, () -> CompletableFuture.completedFuture("b"), CompletableFuture::new);

    assertThat(started).hasValue(1);
    assertThat(joined).hasValue(4);
    call.complete("answer");
    assertThat(callers).allSatisfy(caller -> assertThat(caller.join()).isEqualTo("answer"));
    assertThat(backoff.events).containsExactly("pass", "pass", "succeeded", "succeeded");
  }

  @Test
  void theKeyLeavesBeforeTheCallersAreWokenSoNoneJoinsASettledCall() {
    CompletableFuture<String> call = new CompletableFuture<>();
    CompletableFuture<String> first = flights.call("a", backoff, () -> call, CompletableFuture::new);
    List<Boolean> runningWhenWoken = new ArrayList<>();
    first.whenComplete((value, failure) -> runningWhenWoken.add(flights.isRunning("a")));

    call.complete("answer");

    assertThat(runningWhenWoken).containsExactly(false);
  }

  @Test
  void aRefusingBackoffAnswersWithTheRefusalAndLearnsNothing() {
    backoff.refuse = true;
    CompletableFuture<String> refused = flights.call("a", backoff, () -> {
      throw new AssertionError("must not start");
    }, () -> CompletableFuture.completedFuture("known already"));

    assertThat(refused.join()).isEqualTo("known already");
    assertThat(backoff.events).containsExactly("refused");
    assertThat(flights.isRunning("a")).isFalse();
  }

  @Test
  void whatIsKnownOnceRegisteredAnswersWithoutAskingTheBackoff() {
    CompletableFuture<String> known = flights.call("a", () -> "cached meanwhile", backoff, () -> {
      throw new AssertionError("must not start");
    }, CompletableFuture::new);

    assertThat(known.join()).isEqualTo("cached meanwhile");
    assertThat(backoff.events).isEmpty();
  }

  @Test
  void aStartThatThrowsOrABackoffThatThrowsStillAnswersEveryCaller() {
    CompletableFuture<String> thrown = flights.call("a", backoff, () -> {
      throw new IllegalStateException("boom");
    }, CompletableFuture::new);
    assertThatThrownBy(thrown::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("boom");
    assertThat(backoff.events).containsExactly("pass", "failed");

    backoff.throwOnOutcome = true;
    CompletableFuture<String> answered = flights.call("b", backoff, () -> CompletableFuture.completedFuture("ok"),
        CompletableFuture::new);
    assertThat(answered.join()).isEqualTo("ok");
    assertThat(flights.isRunning("b")).isFalse();
  }

  @Test
  void abandoningFailsEveryCallUnderWayAndForgetsThem() {
    CompletableFuture<String> running = flights.call("a", backoff, CompletableFuture::new, CompletableFuture::new);
    flights.abandonAll(new IllegalStateException("closed"));

    assertThatThrownBy(running::join).hasRootCauseMessage("closed");
    assertThat(flights.isRunning("a")).isFalse();
  }

  /** A back-off that records what it is asked and told. */
  private static final class RecordingBackoff implements SingleFlight.Backoff {
    final List<String> events = new ArrayList<>();
    boolean refuse;
    boolean throwOnOutcome;

    @Override
    public boolean tryPass() {
      events.add(refuse ? "refused" : "pass");
      return !refuse;
    }

    @Override
    public void succeeded() {
      events.add("succeeded");
      if (throwOnOutcome) {
        throw new IllegalStateException("the back-off failed");
      }
    }

    @Override
    public void failed(Throwable cause) {
      events.add("failed");
    }
  }
}
