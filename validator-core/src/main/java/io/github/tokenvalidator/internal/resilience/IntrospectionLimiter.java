package io.github.tokenvalidator.internal.resilience;

import io.github.tokenvalidator.internal.transport.AuthServerException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Bounds the introspection calls under way at once; further calls wait in a bounded queue and are refused
 * beyond it, so a burst cannot pile connections onto the authorization server. A waiting call whose
 * result nobody waits for any more (its callers were answered, by a timeout or by {@link #close()}) is
 * dropped before it starts, and so is one whose precondition (the failure gate) no longer holds.
 * Thread-safe.
 */
public final class IntrospectionLimiter {
  private final int maxActive;
  private final int maxWaiting;
  private final Executor executor;
  private final ArrayDeque<Call<?>> waiting = new ArrayDeque<>();
  private int active;
  private boolean closed;

  public IntrospectionLimiter(int maxActive, int maxWaiting, Executor executor) {
    this.maxActive = maxActive;
    this.maxWaiting = maxWaiting;
    this.executor = executor;
  }

  /**
   * Runs {@code call} now or when a slot frees. The returned future is the call's result; completing it
   * from outside (a timeout) before the call starts means it never starts. A call that had to wait asks
   * {@code mayStart} when its turn comes; if that returns a failure, the call completes with it instead.
   */
  public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call, Supplier<RuntimeException> mayStart) {
    Call<T> task = new Call<>(call, mayStart);
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(AuthServerException.local("the validator is closed"));
      }
      if (active >= maxActive) {
        if (waiting.size() >= maxWaiting) {
          return CompletableFuture.failedFuture(AuthServerException.local(
              "too many introspection calls waiting (" + maxWaiting + ")"));
        }
        waiting.add(task);
        return task.result;
      }
      active++;
    }
    task.start(false);
    return task.result;
  }

  /** Fails every waiting call; calls under way finish on their own. Later submissions are refused. */
  public void close() {
    Call<?>[] dropped;
    synchronized (this) {
      closed = true;
      dropped = waiting.toArray(new Call<?>[0]);
      waiting.clear();
    }
    for (Call<?> call : dropped) {
      call.result.completeExceptionally(AuthServerException.local("the validator is closed"));
    }
  }

  private void release() {
    while (true) {
      Call<?> next;
      synchronized (this) {
        next = waiting.poll();
        if (next == null) {
          active--;
          return;
        }
      }
      if (next.result.isDone()) {
        continue; // its callers were answered while it waited: the slot goes to the next one
      }
      // The freed slot passes straight to the next call, started off this (HTTP client) thread; if the
      // executor refuses, the call starts here rather than losing the slot for good.
      try {
        executor.execute(() -> next.start(true));
      } catch (RejectedExecutionException e) {
        next.start(true);
      }
      return;
    }
  }

  private final class Call<T> {
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final Supplier<CompletableFuture<T>> call;
    private final Supplier<RuntimeException> mayStart;

    Call(Supplier<CompletableFuture<T>> call, Supplier<RuntimeException> mayStart) {
      this.call = call;
      this.mayStart = mayStart;
    }

    /**
     * Holds a slot until the call ends; every path releases it and completes the result. A call that
     * {@code waited} is asked {@code mayStart} first, since what allowed it may have changed.
     */
    void start(boolean waited) {
      if (result.isDone()) {
        release(); // answered while it waited: nobody wants this call any more
        return;
      }
      CompletableFuture<T> started;
      try {
        RuntimeException refusal = waited ? mayStart.get() : null;
        started = refusal != null ? CompletableFuture.failedFuture(refusal) : call.get();
        if (started == null) {
          started = CompletableFuture.failedFuture(new IllegalStateException("the call returned no future"));
        }
      } catch (RuntimeException e) {
        started = CompletableFuture.failedFuture(e);
      }
      started.whenComplete((value, failure) -> {
        if (failure != null) {
          result.completeExceptionally(failure);
        } else {
          result.complete(value);
        }
        release();
      });
    }
  }
}
