package io.github.tokenvalidator.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Bounds the introspection calls under way at once; further calls wait in a bounded queue and are refused
 * beyond it, so a burst cannot pile connections onto the authorization server. Thread-safe.
 */
final class IntrospectionLimiter {
  private final int maxActive;
  private final int maxWaiting;
  private final Executor executor;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int active;

  IntrospectionLimiter(int maxActive, int maxWaiting, Executor executor) {
    this.maxActive = maxActive;
    this.maxWaiting = maxWaiting;
    this.executor = executor;
  }

  <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable task = () -> {
      CompletableFuture<T> started;
      try {
        started = call.get();
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
    };
    synchronized (this) {
      if (active >= maxActive) {
        if (waiting.size() >= maxWaiting) {
          return CompletableFuture.failedFuture(new AuthServerException(
              "too many introspection calls waiting (" + maxWaiting + ")", false));
        }
        waiting.add(task);
        return result;
      }
      active++;
    }
    task.run();
    return result;
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        active--;
      }
    }
    if (next != null) {
      // The freed slot passes straight to the next call, started off this (HTTP client) thread; if the
      // executor refuses, the call starts here rather than losing the slot for good.
      try {
        executor.execute(next);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        next.run();
      }
    }
  }
}
