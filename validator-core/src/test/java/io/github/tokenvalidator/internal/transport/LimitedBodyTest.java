package io.github.tokenvalidator.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class LimitedBodyTest {
  private static final int LARGEST_LIMIT = 64 * 1024 * 1024;

  private final AuthServerClient client = new AuthServerClient(java.time.Duration.ofSeconds(1),
      java.time.Duration.ofSeconds(1), LARGEST_LIMIT, false, null, Runnable::run);
  private final AuthServerClient.Exchange exchange = client.new Exchange(java.net.URI.create("http://127.0.0.1/"));

  @org.junit.jupiter.api.AfterEach
  void close() {
    client.close();
  }

  /** 500 calls whose server claims 64 MiB bodies must not hold 32 GiB before a byte has come. */
  @Test
  void declaredLengthDoesNotAllocateTheLimitUpFront() {
    List<LimitedBody> pending = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      pending.add(new LimitedBody(LARGEST_LIMIT, LARGEST_LIMIT, exchange));
    }
    assertThat(pending).hasSize(500);
  }

  @Test
  void bodyLongerThanTheFirstBufferIsCollectedWhole() {
    LimitedBody body = new LimitedBody(LARGEST_LIMIT, 200_000, exchange);
    body.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {}

      @Override
      public void cancel() {}
    });
    String chunk = "x".repeat(50_000);
    for (int i = 0; i < 4; i++) {
      body.onNext(List.of(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.US_ASCII))));
    }
    body.onComplete();
    assertThat(body.getBody().toCompletableFuture().join()).hasSize(200_000);
  }
}
