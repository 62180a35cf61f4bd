package io.github.tokenvalidator.internal.transport;

import io.github.tokenvalidator.internal.config.TransportSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * Collects a body up to a limit; a longer one, declared or streamed, aborts the whole exchange (not only
 * this subscription), so that its connection is closed whatever the JDK version does with a cancelled
 * subscription.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
  private static final int INITIAL_BUFFER = 64 * 1024;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final int limit;
  private final AuthServerClient.Exchange exchange;
  private Flow.Subscription subscription;
  private byte[] buffer;
  private int size;
  private boolean done;

  LimitedBody(int limit, long declaredLength, AuthServerClient.Exchange exchange) {
    this.limit = limit;
    this.exchange = exchange;
    // Content-Length is the server's word: start small and grow with what actually arrives, so a large
    // max-response-size and a lying length do not allocate the limit up front for every call.
    this.buffer = new byte[(int) Math.min(Math.min(limit, INITIAL_BUFFER), declaredLength >= 0 ? declaredLength : 1024)];
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (done) {
      return;
    }
    for (ByteBuffer item : items) {
      int remaining = item.remaining();
      if ((long) size + remaining > limit) {
        done = true;
        AuthServerException tooLarge = exchange.tooLarge();
        exchange.abort(tooLarge);
        subscription.cancel();
        result.completeExceptionally(tooLarge);
        return;
      }
      if (size + remaining > buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(buffer.length * 2L, size + remaining)));
      }
      item.get(buffer, size, remaining);
      size += remaining;
    }
  }

  @Override
  public void onError(Throwable throwable) {
    done = true;
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    if (!done) {
      done = true;
      result.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
    }
  }
}
