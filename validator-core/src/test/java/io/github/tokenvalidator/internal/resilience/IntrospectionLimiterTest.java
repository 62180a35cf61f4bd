package io.github.tokenvalidator.internal.resilience;

import io.github.tokenvalidator.internal.transport.AuthServerException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


class IntrospectionLimiterTest {
  private final List<CompletableFuture<String>> started = new ArrayList<>();

  private CompletableFuture<String> submit(IntrospectionLimiter limiter) {
    return limiter.submit(() -> {
      CompletableFuture<String> call = new CompletableFuture<>();
      started.add(call);
      return call;
    }, () -> null);
  }

  @Test
  void startsAtMostMaxActiveCallsAndQueuesTheRest() {
    IntrospectionLimiter limiter = new IntrospectionLimiter(2, 10, Runnable::run);
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(submit(limiter));
    }
    assertThat(started).hasSize(2);

    started.get(0).complete("first");
    assertThat(results.get(0)).isCompletedWithValue("first");
    assertThat(started).as("the freed slot went to the next waiting call").hasSize(3);

    started.get(1).completeExceptionally(new AuthServerException("down", true));
    assertThat(results.get(1)).isCompletedExceptionally();
    assertThat(started).hasSize(4);
  }

  @Test
  void refusesCallsBeyondTheQueueAtOnce() {
    IntrospectionLimiter limiter = new IntrospectionLimiter(1, 2, Runnable::run);
    submit(limiter);
    submit(limiter);
    submit(limiter);

    CompletableFuture<String> refused = submit(limiter);

    assertThat(refused).isCompletedExceptionally();
    assertThat(started).hasSize(1);
  }

  @Test
  void rejectedHandOverStillCompletesTheAnswerAndKeepsTheSlot() {
    java.util.concurrent.atomic.AtomicBoolean rejectOnce = new java.util.concurrent.atomic.AtomicBoolean(true);
    IntrospectionLimiter limiter = new IntrospectionLimiter(1, 5, task -> {
      if (rejectOnce.getAndSet(false)) {
        throw new java.util.concurrent.RejectedExecutionException("queue full");
      }
      task.run();
    });
    CompletableFuture<String> first = submit(limiter);
    CompletableFuture<String> second = submit(limiter);

    started.get(0).complete("one");

    assertThat(first).isCompletedWithValue("one");
    assertThat(started).as("the waiting call started despite the refusal").hasSize(2);
    started.get(1).complete("two");
    assertThat(second).isCompletedWithValue("two");
    submit(limiter);
    assertThat(started).as("the slot was not lost").hasSize(3);
  }

  @Test
  void aCallThatThrowsReleasesItsSlot() {
    IntrospectionLimiter limiter = new IntrospectionLimiter(1, 5, Runnable::run);
    CompletableFuture<String> failed = limiter.submit(() -> {
      throw new IllegalStateException("boom");
    }, () -> null);
    assertThat(failed).isCompletedExceptionally();
    submit(limiter);
    assertThat(started).hasSize(1);
  }

  @Test
  void aWaitingCallWhoseCallersWereAnsweredNeverStarts() {
    IntrospectionLimiter limiter = new IntrospectionLimiter(1, 5, Runnable::run);
    submit(limiter);
    CompletableFuture<String> abandoned = submit(limiter);
    CompletableFuture<String> wanted = submit(limiter);
    abandoned.completeExceptionally(new java.util.concurrent.TimeoutException());

    started.get(0).complete("one");

    assertThat(started).as("the abandoned call was skipped, the slot went on").hasSize(2);
    started.get(1).complete("three");
    assertThat(wanted).isCompletedWithValue("three");
    submit(limiter);
    assertThat(started).as("no slot was lost to the skipped call").hasSize(3);
  }

  @Test
  void aWaitingCallIsAskedAgainBeforeItStarts() {
    java.util.concurrent.atomic.AtomicReference<RuntimeException> gate = new java.util.concurrent.atomic.AtomicReference<>();
    IntrospectionLimiter limiter = new IntrospectionLimiter(1, 5, Runnable::run);
    CompletableFuture<String> first = limiter.submit(() -> {
      CompletableFuture<String> call = new CompletableFuture<>();
      started.add(call);
      return call;
    }, gate::get);
    CompletableFuture<String> queued = limiter.submit(() -> {
      CompletableFuture<String> call = new CompletableFuture<>();
      started.add(call);
      return call;
    }, gate::get);
    gate.set(AuthServerException.local("failing fast"));

    started.get(0).complete("one");

    assertThat(first).isCompletedWithValue("one");
    assertThat(queued).isCompletedExceptionally();
    assertThat(started).as("the queued call was refused by the gate, not sent").hasSize(1);
  }

  @Test
  void closeFailsEveryWaitingCallAndRefusesNewOnes() {
    IntrospectionLimiter limiter = new IntrospectionLimiter(1, 5, Runnable::run);
    CompletableFuture<String> running = submit(limiter);
    CompletableFuture<String> waiting = submit(limiter);

    limiter.close();

    assertThat(waiting).isCompletedExceptionally();
    assertThat(running).isNotDone();
    assertThat(submit(limiter)).isCompletedExceptionally();
    started.get(0).complete("one");
    assertThat(running).isCompletedWithValue("one");
    assertThat(started).hasSize(1);
  }

  @Test
  void aCallThatReturnsNoFutureStillCompletesItsResult() {
    IntrospectionLimiter limiter = new IntrospectionLimiter(1, 5, Runnable::run);
    CompletableFuture<String> result = limiter.submit(() -> null, () -> null);
    assertThat(result).isCompletedExceptionally();
    submit(limiter);
    assertThat(started).hasSize(1);
  }
}
