package io.github.tokenvalidator.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/**
 * Releases many threads at once, for the herd and the unknown-kid storm: one daemon thread per task, all
 * started and waiting before any task runs. Stateless.
 */
final class Burst {
  private Burst() {}

  /**
   * Runs {@code task(0..count-1)} on {@code count} threads released together and waits for all; a task
   * that throws is left to count itself (its thread just ends). Returns the milliseconds from the release
   * until the last task ended. Nothing runs a task before this call releases them, so a counter read just
   * before it is read before the burst.
   */
  static long run(String name, int count, IntConsumer task) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(count);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      int number = i;
      Thread thread = new Thread(() -> {
        ready.countDown();
        try {
          go.await();
          task.accept(number);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      }, name + "-" + i);
      thread.setDaemon(true);
      thread.start();
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    done.await();
    return (System.nanoTime() - start) / 1_000_000;
  }
}
