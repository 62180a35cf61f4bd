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
 * Form POSTs and JSON GETs to the authorization server over the JDK's HTTP client, every answer bounded
 * in size and in time, every exchange that ends early taking its connection with it. Thread-safe.
 *
 * <p>One deadline, the request timeout, covers an exchange from sending to the last byte of the body. When
 * it passes, or the body is too large, or the validator closes, the exchange is cancelled while it is still
 * running, which makes the JDK close its connection; the answer then completes on the client's executor,
 * never on a timer or selector thread. {@link #close()} cancels what is in flight, stops every thread this
 * client started and lets go of the {@code HttpClient} (on JDK 21 and later it is also shut down; JDK 17's
 * has no such method, and its selector thread ends once the client is unreachable and idle).
 */
public final class AuthServerClient {
  /** One answer: status, headers, and a body of at most the configured size. */
  public static final class Answer {
    public final int status;
    public final byte[] body;
    private final HttpHeaders headers;

    public Answer(int status, byte[] body, HttpHeaders headers) {
      this.status = status;
      this.body = body;
      this.headers = headers;
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private static final AtomicInteger CLIENTS = new AtomicInteger();
  /** {@code HttpClient.shutdownNow()} on JDK 21 and later; null on JDK 17. */
  private static final Method SHUTDOWN_NOW = method("shutdownNow");
  private static final Method AWAIT_TERMINATION = method("awaitTermination", Duration.class);

  /** Nulled by {@link #close()}: on JDK 17 nothing else may keep the client reachable. */
  private volatile HttpClient http;
  private final Executor executor;
  private final ExecutorService ownExecutor;
  private final ScheduledThreadPoolExecutor deadlines;
  private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
  private final Duration requestTimeout;
  private final long requestTimeoutNanos;
  private final int maxResponseSize;
  private final boolean allowInsecureHttp;
  private volatile boolean closed;

  public AuthServerClient(ValidatorConfig config) {
    this(config.get(TransportSettings.CONNECT_TIMEOUT), config.get(TransportSettings.REQUEST_TIMEOUT), config.get(TransportSettings.MAX_RESPONSE_SIZE), config.get(TransportSettings.ALLOW_INSECURE_HTTP),
        config.sslContext(), config.executor(), config.get(TransportSettings.PROXY));
  }

  public AuthServerClient(Duration connectTimeout, Duration requestTimeout, int maxResponseSize,
      boolean allowInsecureHttp, SSLContext sslContext, Executor executor) {
    this(connectTimeout, requestTimeout, maxResponseSize, allowInsecureHttp, sslContext, executor, null);
  }

  /**
   * @param executor runs the HTTP client's work and completes every answer; null for a pool of this
   *     client's own daemon threads, stopped by {@link #close()}
   * @param proxy the HTTP proxy of every exchange, or null to go direct; never the JVM's proxy properties
   */
  public AuthServerClient(Duration connectTimeout, Duration requestTimeout, int maxResponseSize,
      boolean allowInsecureHttp, SSLContext sslContext, Executor executor, InetSocketAddress proxy) {
    int number = CLIENTS.incrementAndGet();
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    // Without a proxy selector the client would take ProxySelector.getDefault(), which follows the JVM's
    // http(s).proxyHost properties: the setting, not a JVM-wide property, decides where secrets travel.
    builder.proxy(proxy == null ? HttpClient.Builder.NO_PROXY : ProxySelector.of(proxy));
    this.ownExecutor = executor == null
        ? new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
            daemonThreads("tokenvalidator-http-" + number + "-"))
        : null;
    this.executor = executor != null ? executor : ownExecutor;
    builder.executor(this.executor);
    this.deadlines = new ScheduledThreadPoolExecutor(1, daemonThreads("tokenvalidator-timer-" + number + "-"));
    deadlines.setRemoveOnCancelPolicy(true);
    deadlines.setKeepAliveTime(30, TimeUnit.SECONDS);
    deadlines.allowCoreThreadTimeOut(true); // no thread while nothing waits
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
    this.requestTimeout = requestTimeout;
    this.requestTimeoutNanos = saturatedNanos(requestTimeout);
    this.maxResponseSize = maxResponseSize;
    this.allowInsecureHttp = allowInsecureHttp;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger threads = new AtomicInteger();
    ClassLoader library = AuthServerClient.class.getClassLoader();
    return task -> {
      Thread thread = new Thread(task, prefix + threads.incrementAndGet());
      thread.setDaemon(true);
      thread.setContextClassLoader(library);
      return thread;
    };
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE; // beyond 292 years: never, in effect
    }
  }

  private static Method method(String name, Class<?>... parameters) {
    try {
      return HttpClient.class.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      return null; // JDK 17
    }
  }

  /**
   * POSTs {@code form} to {@code endpoint}. Completes with the answer whatever its status, or exceptionally
   * with an {@link AuthServerException} when there is no complete answer within the request timeout.
   */
  public CompletableFuture<Answer> post(URI endpoint, String form, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(endpoint, request);
  }

  /** GETs {@code endpoint} (a key set, a discovery document) as JSON, with the same bounds as {@link #post}. */
  public CompletableFuture<Answer> get(URI endpoint) {
    return send(endpoint, HttpRequest.newBuilder(endpoint).header("Accept", "application/json").GET());
  }

  private CompletableFuture<Answer> send(URI endpoint, HttpRequest.Builder request) {
    String refusal = refusal(endpoint);
    if (refusal != null) {
      return CompletableFuture.failedFuture(new AuthServerException(refusal, false));
    }
    Exchange exchange = new Exchange(endpoint);
    inFlight.add(exchange);
    HttpClient client = http;
    if (closed || client == null) {
      exchange.abort(closedFailure());
      return exchange.answer;
    }
    CompletableFuture<HttpResponse<byte[]>> response;
    try {
      response = client.sendAsync(request.build(), exchange::bodySubscriber);
    } catch (RuntimeException e) {
      exchange.finish(null, e);
      return exchange.answer;
    }
    exchange.started(response);
    return exchange.answer;
  }

  /** Why {@code endpoint} may not be called, or null; redirects are never followed, so this sees every URL. */
  private String refusal(URI endpoint) {
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return null;
    }
    if (!scheme.equals("http")) {
      return "refusing a non-http(s) URL";
    }
    if (!allowInsecureHttp && !TransportSettings.isLoopback(endpoint.getHost())) {
      return "refusing http:// to " + endpoint.getHost() + ", which is not loopback (allow-insecure-http is off)";
    }
    return null;
  }

  /** The executor that completes answers: the caller's, or this client's own daemon pool. */
  public Executor executor() {
    return executor;
  }

  /**
   * Runs {@code task} on {@link #executor()} after {@code delayMillis}, on this client's timer thread
   * (which exists only while something waits); cancel the result when it is no longer needed. After
   * {@link #close()} nothing is scheduled and null is returned.
   */
  public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    try {
      return deadlines.schedule(() -> {
        try {
          executor.execute(task);
        } catch (RejectedExecutionException e) {
          task.run(); // a stopping executor: run it here rather than not at all
        }
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  /**
   * Cancels every exchange in flight (their callers get a failure, their connections close), stops the
   * threads this client started and lets go of the {@code HttpClient}. A caller-supplied executor is left
   * running. Idempotent.
   */
  public void close() {
    closed = true;
    HttpClient client = http;
    http = null;
    AuthServerException closedFailure = closedFailure();
    for (Exchange exchange : inFlight) {
      exchange.abort(closedFailure);
    }
    deadlines.shutdownNow();
    if (client != null && SHUTDOWN_NOW != null) {
      try {
        SHUTDOWN_NOW.invoke(client);
        // Wait briefly for the selector thread, so the executor below is not shut under its last tasks.
        AWAIT_TERMINATION.invoke(client, Duration.ofSeconds(1));
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // closing anyway: the client is unreachable from here on, which is all JDK 17 relies on
      }
    }
    if (ownExecutor != null) {
      // Not shutdownNow: a task that is running (an answer being delivered) finishes; idle threads end now.
      ownExecutor.shutdown();
    }
  }

  private static AuthServerException closedFailure() {
    return AuthServerException.local("the validator is closed");
  }

  /** Runs {@code completion} on the client's executor, or here if that executor no longer takes work. */
  private void deliver(Runnable completion) {
    try {
      executor.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run();
    }
  }

  private AuthServerException describe(URI endpoint, Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String where = endpoint.getHost() + ":" + endpoint.getPort() + endpoint.getPath();
    if (cause instanceof AuthServerException) {
      return (AuthServerException) cause;
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return new AuthServerException("connect to " + where + " timed out", true, cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return timedOut(where, cause);
    }
    if (cause instanceof ConnectException) {
      return new AuthServerException("connection to " + where + " refused", true, cause);
    }
    if (cause instanceof IOException) {
      return new AuthServerException("I/O failure talking to " + where + " (" + cause.getClass().getSimpleName()
          + ")", true, cause);
    }
    return new AuthServerException("failure talking to " + where + " (" + cause.getClass().getSimpleName()
        + ")", true, cause);
  }

  private AuthServerException timedOut(String where, Throwable cause) {
    return new AuthServerException("no complete answer from " + where + " within " + requestTimeout, true, cause);
  }

  /**
   * One request and its answer. Whoever ends it first — the JDK with an answer or a failure, the deadline,
   * the body limit, {@link #close()} — decides how the answer completes; an early end cancels the JDK's
   * future while it is still running, which is what aborts the exchange and closes its connection.
   */
  final class Exchange {
    final CompletableFuture<Answer> answer = new CompletableFuture<>();
    private final URI endpoint;
    private final AtomicReference<AuthServerException> abortedBy = new AtomicReference<>();
    private volatile CompletableFuture<HttpResponse<byte[]>> response;
    private volatile ScheduledFuture<?> deadline;

    Exchange(URI endpoint) {
      this.endpoint = endpoint;
    }

    void started(CompletableFuture<HttpResponse<byte[]>> response) {
      this.response = response;
      response.whenComplete(this::finish);
      if (abortedBy.get() != null) {
        response.cancel(true); // aborted before the JDK's future existed
        return;
      }
      try {
        String where = endpoint.getHost() + ":" + endpoint.getPort() + endpoint.getPath();
        deadline = deadlines.schedule(() -> abort(timedOut(where, null)),
            requestTimeoutNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        abort(closedFailure()); // closed meanwhile
      }
      ScheduledFuture<?> pending = deadline;
      if (pending != null && response.isDone()) {
        pending.cancel(false); // answered before the deadline was set: do not hold the timer thread
      }
    }

    /** Ends the exchange now, for {@code reason}, unless it has already ended. */
    void abort(AuthServerException reason) {
      if (!abortedBy.compareAndSet(null, reason)) {
        return;
      }
      CompletableFuture<HttpResponse<byte[]>> running = response;
      if (running == null) {
        finish(null, reason); // not sent yet; started() cancels what send() starts
      } else {
        try {
          running.cancel(true); // completes it, so finish() runs now
        } catch (RuntimeException e) {
          finish(null, reason);
        }
      }
    }

    void finish(HttpResponse<byte[]> response, Throwable failure) {
      inFlight.remove(this);
      ScheduledFuture<?> pending = deadline;
      if (pending != null) {
        pending.cancel(false);
      }
      AuthServerException aborted = abortedBy.get();
      if (failure == null) {
        Answer value = new Answer(response.statusCode(), response.body(), response.headers());
        deliver(() -> answer.complete(value));
      } else {
        // Once aborted, the JDK's failure (a cancellation, or what the cancellation caused) is the echo.
        AuthServerException error = aborted != null ? aborted : describe(endpoint, failure);
        if (aborted == null) {
          closeConnectionAfter(failure);
        }
        deliver(() -> answer.completeExceptionally(error));
      }
    }

    /**
     * The JDK (17 and 25 alike) fails an exchange whose status line or headers cannot be parsed without
     * closing its connection, which then stays open for as long as the server keeps it so. Cancelling the
     * exchange closes it: the JDK's future is done by now, but a future it derives shares its cancel
     * action, and cancelling an exchange that has failed only closes its connection. On a JDK whose futures
     * do not share it, this cancels a future nobody waits for.
     */
    private void closeConnectionAfter(Throwable failure) {
      CompletableFuture<HttpResponse<byte[]>> failed = response;
      if (failed != null && failure != null) {
        failed.newIncompleteFuture().cancel(true);
      }
    }

    HttpResponse.BodySubscriber<byte[]> bodySubscriber(HttpResponse.ResponseInfo info) {
      long declared = declaredLength(info.headers());
      if (declared == INVALID_LENGTH) {
        abort(new AuthServerException("answer has an invalid Content-Length", true));
        return HttpResponse.BodySubscribers.replacing(new byte[0]);
      }
      if (declared > maxResponseSize) {
        abort(tooLarge());
        return HttpResponse.BodySubscribers.replacing(new byte[0]);
      }
      return new LimitedBody(maxResponseSize, declared, this);
    }

    AuthServerException tooLarge() {
      return new AuthServerException("answer larger than " + maxResponseSize + " bytes", true);
    }
  }

  private static final long INVALID_LENGTH = -2;

  /**
   * The declared body length; -1 when none is declared; {@link #INVALID_LENGTH} for a value that is not
   * one non-negative decimal number of at most 18 digits (the JDK would throw on it, or read until close).
   */
  public static long declaredLength(HttpHeaders headers) {
    List<String> values = headers.allValues("Content-Length");
    if (values.isEmpty()) {
      return -1;
    }
    String first = values.get(0).trim();
    for (String value : values) {
      if (!value.trim().equals(first)) {
        return INVALID_LENGTH;
      }
    }
    if (first.isEmpty() || first.length() > 18) {
      return INVALID_LENGTH;
    }
    long length = 0;
    for (int i = 0; i < first.length(); i++) {
      char c = first.charAt(i);
      if (c < '0' || c > '9') {
        return INVALID_LENGTH;
      }
      length = length * 10 + (c - '0');
    }
    return length;
  }
}
