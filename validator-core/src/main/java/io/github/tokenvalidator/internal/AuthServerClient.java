package io.github.tokenvalidator.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Form POSTs to the authorization server over the JDK's HTTP client, every answer bounded in size and time.
 * Thread-safe.
 */
final class AuthServerClient {
  /** One answer: status and a body of at most the configured size. */
  static final class Answer {
    final int status;
    final byte[] body;
    private final java.net.http.HttpHeaders headers;

    Answer(int status, byte[] body) {
      this(status, body, null);
    }

    Answer(int status, byte[] body, java.net.http.HttpHeaders headers) {
      this.status = status;
      this.body = body;
      this.headers = headers;
    }

    /** The first value of header {@code name}, or null. */
    String header(String name) {
      return headers == null ? null : headers.firstValue(name).orElse(null);
    }
  }

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final HttpClient http;
  private final ExecutorService ownExecutor;
  private final Duration requestTimeout;
  private final int maxResponseSize;

  AuthServerClient(ValidatorConfig config) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1);
    if (config.sslContext() != null) {
      builder.sslContext(config.sslContext());
    }
    this.ownExecutor = config.executor() == null ? newDaemonPool() : null;
    builder.executor(config.executor() != null ? config.executor() : ownExecutor);
    // Threads the client starts inherit the creating thread's context class loader; in a web container
    // that is the application's, which a lingering thread would then keep from being unloaded.
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    current.setContextClassLoader(AuthServerClient.class.getClassLoader());
    try {
      this.http = builder.build();
    } finally {
      current.setContextClassLoader(previous);
    }
    this.requestTimeout = config.requestTimeout();
    this.maxResponseSize = config.maxResponseSize();
  }

  private static ExecutorService newDaemonPool() {
    int client = CLIENTS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ClassLoader library = AuthServerClient.class.getClassLoader();
    return Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "tokenvalidator-http-" + client + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      thread.setContextClassLoader(library);
      return thread;
    });
  }

  /** Stops the threads this client started itself; a caller-supplied executor is left alone. */
  void close() {
    if (ownExecutor != null) {
      ownExecutor.shutdownNow();
    }
  }

  /**
   * POSTs {@code form} to {@code endpoint}. Completes with the answer whatever its status, or exceptionally
   * with an {@link AuthServerException} when there is no complete answer within the request timeout.
   */
  CompletableFuture<Answer> post(URI endpoint, String form, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return exchange(endpoint, request);
  }

  /** GETs {@code endpoint} (key sets, metadata), bounded as {@link #post}. */
  CompletableFuture<Answer> get(URI endpoint) {
    return exchange(endpoint, HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Accept", "application/json")
        .GET());
  }

  private CompletableFuture<Answer> exchange(URI endpoint, HttpRequest.Builder request) {
    CompletableFuture<HttpResponse<byte[]>> exchange;
    try {
      exchange = http.sendAsync(request.build(), info -> new LimitedBody(maxResponseSize,
          info.headers().firstValueAsLong("Content-Length").orElse(-1)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new AuthServerException(
          "could not send to " + endpoint.getHost() + " (" + e.getClass().getSimpleName() + ")", true));
    }
    // The client's own timeout stops at the headers; a body that trickles in is cut off here.
    CompletableFuture<Answer> answer = exchange
        .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((response, failure) -> {
          if (failure != null) {
            exchange.cancel(true);
            throw describe(endpoint, failure);
          }
          return new Answer(response.statusCode(), response.body(), response.headers());
        });
    return answer;
  }

  private AuthServerException describe(URI endpoint, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    String where = endpoint.getHost() + ":" + endpoint.getPort() + endpoint.getPath();
    if (cause instanceof AuthServerException) {
      return (AuthServerException) cause;
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new AuthServerException("connect to " + where + " timed out", true);
    }
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return new AuthServerException("no complete answer from " + where + " within " + requestTimeout, true);
    }
    if (cause instanceof ConnectException) {
      return new AuthServerException("connection to " + where + " refused", true);
    }
    if (cause instanceof IOException) {
      return new AuthServerException("I/O failure talking to " + where + " (" + cause.getClass().getSimpleName()
          + ")", true);
    }
    return new AuthServerException("failure talking to " + where + " (" + cause.getClass().getSimpleName()
        + ")", true);
  }

  /** Collects a body up to a limit, refusing a longer one as soon as it shows (declared or streamed). */
  static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private static final int INITIAL_BUFFER = 64 * 1024;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final int limit;
    private final long declaredLength;
    private Flow.Subscription subscription;
    private byte[] buffer;
    private int size;
    private boolean done;

    LimitedBody(int limit, long declaredLength) {
      this.limit = limit;
      this.declaredLength = declaredLength;
      // Content-Length is the server's word: start small and grow with what actually arrives, so a large
      // max-response-size and a lying length do not allocate the limit up front for every call.
      this.buffer = new byte[(int) Math.min(Math.min(limit, INITIAL_BUFFER), declaredLength > 0 ? declaredLength : 1024)];
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      if (declaredLength > limit) {
        tooLarge();
        return;
      }
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
          tooLarge();
          return;
        }
        if (size + remaining > buffer.length) {
          buffer = java.util.Arrays.copyOf(buffer, Math.min(limit, Math.max(buffer.length * 2, size + remaining)));
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
        result.complete(size == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, size));
      }
    }

    private void tooLarge() {
      done = true;
      subscription.cancel();
      result.completeExceptionally(new AuthServerException("answer larger than " + limit + " bytes", true));
    }
  }
}
