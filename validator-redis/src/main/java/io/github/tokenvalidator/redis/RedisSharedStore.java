package io.github.tokenvalidator.redis;

import io.github.tokenvalidator.Health;
import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.spi.Invalidation;
import io.github.tokenvalidator.spi.RefusedEntryException;
import io.github.tokenvalidator.spi.SharedCacheConfig;
import io.github.tokenvalidator.spi.SharedStore;
import io.github.tokenvalidator.spi.StoreKey;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SharedStore} of a fleet on Redis (standalone, Sentinel or Cluster), through Lettuce: keys are
 * HMACs with the fleet secret, values AES-GCM sealed to their key, every operation bounded by
 * {@code shared-cache.timeout}, the store skipped for {@code shared-cache.failure-backoff} after repeated
 * failures (health DEGRADED), invalidations and released leases sent over pub/sub. Thread-safe.
 *
 * <p>Usually made by the validator from the {@code shared-cache.*} settings (this module registers its
 * provider); in code:
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *     .properties(Map.of(
 *         "tokenvalidator.server-url", "https://mfp.example.com/mfp/api",
 *         "tokenvalidator.client-id", "resource-server",
 *         "tokenvalidator.client-secret", clientSecret,
 *         "tokenvalidator.shared-cache.uri", "rediss://cache.example.com:6380",
 *         "tokenvalidator.shared-cache.secret", fleetSecret))
 *     .build();
 * }</pre>
 *
 * <p>Nothing waits for Redis while it is made: a Redis that is down is connected to later, and until then
 * every operation fails at once (the validator then asks the authorization server, as without a store).
 */
public final class RedisSharedStore implements SharedStore {
  private static final Logger LOG = LoggerFactory.getLogger(RedisSharedStore.class);
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final AbstractRedisClient client;
  /** Null when the client's resources are the application's (Spring Boot's), which it shuts down itself. */
  private final ClientResources ownResources;
  private final boolean ownClient;
  private final Function<RedisCodec<String, byte[]>, CompletionStage<? extends StatefulConnection<String, byte[]>>>
      connector;
  private final Function<RedisCodec<String, byte[]>, CompletionStage<? extends StatefulRedisPubSubConnection<String,
      byte[]>>> pubSubConnector;
  private final EntrySeal seal;
  private final EntrySeal olderSeal;
  private final StoreGate gate;
  private final long retryMillis;
  private final String invalidationChannel;
  private final String releaseChannel;
  private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
  /** Waiters for a lease's release, by the lease's Redis key. */
  private final ConcurrentHashMap<String, CompletableFuture<Void>> released = new ConcurrentHashMap<>();
  private final AtomicBoolean warnedOfForgedMessage = new AtomicBoolean();
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile StatefulConnection<String, byte[]> connection;
  private volatile RedisClusterAsyncCommands<String, byte[]> commands;
  private volatile StatefulRedisPubSubConnection<String, byte[]> pubSub;
  private volatile boolean closed;

  private RedisSharedStore(SharedCacheConfig config, AbstractRedisClient client, ClientResources ownResources,
      boolean ownClient, RedisURI uri) {
    this.client = client;
    this.ownResources = ownResources;
    this.ownClient = ownClient;
    this.seal = new EntrySeal(config.secret(), config.keyPrefix());
    this.olderSeal = config.olderSecret() == null ? null : new EntrySeal(config.olderSecret(), config.keyPrefix());
    this.gate = new StoreGate(config.ticker(), config.failureBackoff());
    this.retryMillis = Math.max(100, Math.min(config.failureBackoff().toMillis(), 5_000));
    this.invalidationChannel = config.keyPrefix() + "invalidations";
    this.releaseChannel = config.keyPrefix() + "released";
    if (client instanceof RedisClusterClient) {
      RedisClusterClient cluster = (RedisClusterClient) client;
      this.connector = cluster::connectAsync;
      this.pubSubConnector = cluster::connectPubSubAsync;
    } else {
      RedisClient standalone = (RedisClient) client;
      this.connector = codec -> standalone.connectAsync(codec, uri);
      this.pubSubConnector = codec -> standalone.connectPubSubAsync(codec, uri);
    }
    connect();
    subscribeChannels();
  }

  /**
   * A store as the {@code shared-cache.*} settings describe it, with a client and threads of its own (two
   * I/O threads), closed with it.
   *
   * @param config the settings; {@link SharedCacheConfig#uri()} is required
   * @return the store, connecting in the background
   * @throws InvalidConfigurationException naming {@code shared-cache.uri} if Lettuce cannot read it
   */
  public static RedisSharedStore create(SharedCacheConfig config) {
    Objects.requireNonNull(config, "config");
    RedisURI uri = uri(config);
    ClientResources resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
        .reconnectDelay(Delay.constant(Duration.ofMillis(Math.max(100, Math.min(
            config.failureBackoff().toMillis(), 1_000))))).build();
    return new RedisSharedStore(config, client(config, resources, uri), resources, true, uri);
  }

  /**
   * A store on a connection the application configured (Spring Boot's): its own connections through
   * {@code client}, to {@code uri}; the client and its resources stay the application's to shut down.
   *
   * @param config the settings ({@link SharedCacheConfig#uri()} is ignored)
   * @param client the application's Lettuce client: a {@link RedisClient} or a {@link RedisClusterClient}
   * @param uri the server or Sentinel set, for a {@link RedisClient}; ignored for a cluster
   * @return the store, connecting in the background
   */
  public static RedisSharedStore using(SharedCacheConfig config, AbstractRedisClient client, RedisURI uri) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(client, "client");
    if (client instanceof RedisClient) {
      Objects.requireNonNull(uri, "uri");
    } else if (!(client instanceof RedisClusterClient)) {
      throw new IllegalArgumentException("not a RedisClient or RedisClusterClient: " + client.getClass().getName());
    }
    return new RedisSharedStore(config, client, null, false, uri);
  }

  private static RedisURI uri(SharedCacheConfig config) {
    if (config.uri() == null) {
      throw new InvalidConfigurationException("shared-cache.uri", "is required");
    }
    RedisURI uri;
    try {
      uri = RedisURI.create(config.uri());
    } catch (RuntimeException e) {
      // Never Lettuce's message: it may repeat the URI and its password.
      throw new InvalidConfigurationException("shared-cache.uri", "is not a Redis URI Lettuce can read");
    }
    uri.setTimeout(config.timeout());
    return uri;
  }

  private static AbstractRedisClient client(SharedCacheConfig config, ClientResources resources, RedisURI uri) {
    SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(config.timeout());
    SslOptions ssl = config.trustStore() == null ? null
        : SslOptions.builder().jdkSslProvider().trustManager(config.trustStore().toFile()).build();
    if (config.clusterNodes().isEmpty()) {
      ClientOptions.Builder options = ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
          .autoReconnect(true).requestQueueSize(10_000)
          // While disconnected, a command fails at once rather than waiting in a queue.
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
      if (ssl != null) {
        options.sslOptions(ssl);
      }
      RedisClient client = RedisClient.create(resources, uri);
      client.setOptions(options.build());
      return client;
    }
    List<RedisURI> seeds = new ArrayList<>();
    for (String node : config.clusterNodes()) {
      int colon = node.lastIndexOf(':');
      RedisURI seed;
      try {
        seed = RedisURI.create(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
      } catch (RuntimeException e) {
        throw new InvalidConfigurationException("shared-cache.cluster-nodes", "each node is host:port");
      }
      seed.setSsl(uri.isSsl());
      seed.setVerifyPeer(uri.getVerifyMode());
      seed.setCredentialsProvider(uri.getCredentialsProvider());
      seed.setTimeout(config.timeout());
      seeds.add(seed);
    }
    ClusterClientOptions.Builder options = ClusterClientOptions.builder().socketOptions(socket)
        .timeoutOptions(timeouts).autoReconnect(true).requestQueueSize(10_000)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    if (ssl != null) {
      options.sslOptions(ssl);
    }
    RedisClusterClient client = RedisClusterClient.create(resources, seeds);
    client.setOptions(options.build());
    return client;
  }

  /** Connects the commands' connection, again after {@link #retryMillis} while it fails. */
  private void connect() {
    if (closed || !connecting.compareAndSet(false, true)) {
      return;
    }
    try {
      connector.apply(CODEC).whenComplete((made, failure) -> {
        connecting.set(false);
        if (failure != null) {
          gate.failed(failure);
          LOG.debug("Connecting to the shared cache failed: {}", failure.toString());
          later(this::connect);
        } else if (closed) {
          made.closeAsync();
        } else {
          connection = made;
          commands = made instanceof StatefulRedisClusterConnection
              ? ((StatefulRedisClusterConnection<String, byte[]>) made).async()
              : ((StatefulRedisConnection<String, byte[]>) made).async();
        }
      });
    } catch (RuntimeException e) {
      connecting.set(false);
      gate.failed(e);
      later(this::connect);
    }
  }

  private void subscribeChannels() {
    if (closed) {
      return;
    }
    try {
      pubSubConnector.apply(CODEC).whenComplete((made, failure) -> {
        if (failure != null) {
          LOG.debug("Subscribing to the shared cache's channels failed: {}", failure.toString());
          later(this::subscribeChannels);
          return;
        }
        if (closed) {
          made.closeAsync();
          return;
        }
        made.addListener(new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, byte[] message) {
            received(channel, message);
          }
        });
        // Lettuce subscribes again after each reconnection.
        made.async().subscribe(invalidationChannel, releaseChannel).whenComplete((done, failed) -> {
          if (failed != null) {
            LOG.debug("Subscribing failed: {}", failed.toString());
            made.closeAsync();
            later(this::subscribeChannels);
          } else {
            pubSub = made;
          }
        });
      });
    } catch (RuntimeException e) {
      later(this::subscribeChannels);
    }
  }

  private void later(Runnable task) {
    if (!closed) {
      CompletableFuture.delayedExecutor(retryMillis, TimeUnit.MILLISECONDS).execute(task);
    }
  }

  /** The commands if operations may go to Redis now, else null. */
  private RedisClusterAsyncCommands<String, byte[]> commands() {
    if (closed || gate.isSkipping()) {
      return null;
    }
    return commands;
  }

  /** Runs an operation through the gate: a failure counts, a success resets; skipped or not connected fails at once. */
  private <T> CompletableFuture<T> run(Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> op) {
    RedisClusterAsyncCommands<String, byte[]> redis = commands();
    if (redis == null) {
      return CompletableFuture.failedFuture(new IllegalStateException(closed ? "closed"
          : connection == null ? "shared cache not connected" : "shared cache skipped after failures"));
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      op.apply(redis).whenComplete((value, failure) -> {
        if (failure != null) {
          gate.failed(failure);
          result.completeExceptionally(failure);
        } else {
          gate.succeeded();
          result.complete(value);
        }
      });
    } catch (RuntimeException e) {
      gate.failed(e);
      result.completeExceptionally(e);
    }
    return result;
  }

  @Override
  public CompletionStage<byte[]> get(StoreKey key) {
    String redisKey = seal.key(key);
    CompletableFuture<byte[]> current = run(redis -> redis.get(redisKey)).thenApply(value ->
        value == null ? null : seal.open(redisKey, value));
    if (olderSeal == null) {
      return current;
    }
    // While the secret is rotated, an entry the older secret made is read too.
    String olderKey = olderSeal.key(key);
    return current.thenCompose(value -> value != null ? CompletableFuture.completedFuture(value)
        : run(redis -> redis.get(olderKey)).thenApply(older -> older == null ? null : olderSeal.open(olderKey, older)));
  }

  @Override
  public CompletionStage<Void> put(StoreKey key, byte[] value, Duration timeToLive) {
    String redisKey = seal.key(key);
    byte[] sealed = seal.seal(redisKey, value);
    return run(redis -> redis.set(redisKey, sealed, SetArgs.Builder.px(millis(timeToLive)))).thenApply(ok -> null);
  }

  @Override
  public CompletionStage<Boolean> putIfAbsent(StoreKey key, byte[] value, Duration timeToLive) {
    String redisKey = seal.key(key);
    byte[] sealed = seal.seal(redisKey, value);
    return run(redis -> redis.set(redisKey, sealed, SetArgs.Builder.nx().px(millis(timeToLive))))
        .thenApply("OK"::equals);
  }

  @Override
  public CompletionStage<Void> delete(StoreKey key) {
    String redisKey = seal.key(key);
    CompletableFuture<Void> deleted = run(redis -> redis.del(keys(key))).thenApply(count -> null);
    if (key.kind() != StoreKey.Kind.LEASE) {
      return deleted;
    }
    // Pipelined after the DEL: whoever waits for this lease reads the answer once the message arrives.
    return deleted.thenCombine(run(redis -> redis.publish(releaseChannel, redisKey.getBytes(StandardCharsets.UTF_8))),
        (a, b) -> null);
  }

  @Override
  public CompletionStage<Void> awaitDelete(StoreKey key, Duration bound) {
    String redisKey = seal.key(key);
    CompletableFuture<Void> waiter = released.computeIfAbsent(redisKey, k -> {
      CompletableFuture<Void> created = new CompletableFuture<>();
      created.completeOnTimeout(null, bound.toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((done, failure) -> released.remove(k, created));
      return created;
    });
    if (pubSub == null) {
      waiter.complete(null); // no notification can come: read at once
      return waiter;
    }
    // The lease may have gone between the caller's SET NX and this registration.
    run(redis -> redis.exists(redisKey)).whenComplete((count, failure) -> {
      if (failure != null || count == 0) {
        waiter.complete(null);
      }
    });
    return waiter;
  }

  @Override
  public CompletionStage<Void> publish(Invalidation invalidation) {
    byte[] message = seal.seal(invalidationChannel, InvalidationCodec.encode(invalidation));
    // For a token, the DEL goes first on the connection: an instance told of the invalidation must not read
    // the entry again between the message and its removal.
    CompletableFuture<Void> deleted = invalidation.kind() == Invalidation.Kind.TOKEN
        ? run(redis -> redis.del(keys(invalidation.token()))).thenApply(count -> null) : DONE;
    return deleted.thenCombine(run(redis -> redis.publish(invalidationChannel, message)), (a, b) -> null);
  }

  @Override
  public AutoCloseable subscribe(Consumer<Invalidation> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void received(String channel, byte[] message) {
    if (releaseChannel.equals(channel)) {
      CompletableFuture<Void> waiter = released.remove(new String(message, StandardCharsets.UTF_8));
      if (waiter != null) {
        waiter.complete(null);
      }
      return;
    }
    Invalidation invalidation;
    try {
      invalidation = InvalidationCodec.decode(openMessage(message));
    } catch (RuntimeException e) {
      if (warnedOfForgedMessage.compareAndSet(false, true)) {
        LOG.warn("An invalidation on the shared cache's channel was refused ({}); ignored. Further ones are logged"
            + " at DEBUG", e.getMessage());
      } else {
        LOG.debug("Invalidation refused: {}", e.getMessage());
      }
      return;
    }
    for (Consumer<Invalidation> listener : listeners) {
      try {
        listener.accept(invalidation);
      } catch (RuntimeException e) {
        LOG.warn("An invalidation listener failed: {}", e.toString());
      }
    }
  }

  private byte[] openMessage(byte[] message) {
    try {
      return seal.open(invalidationChannel, message);
    } catch (RefusedEntryException e) {
      if (olderSeal == null) {
        throw e;
      }
      return olderSeal.open(invalidationChannel, message);
    }
  }

  /** The Redis keys of {@code key}: under the secret, and under the older secret too. */
  private String[] keys(StoreKey key) {
    return olderSeal == null ? new String[] {seal.key(key)} : new String[] {seal.key(key), olderSeal.key(key)};
  }

  private static long millis(Duration timeToLive) {
    return Math.max(1, timeToLive.toMillis());
  }

  /** Whether the channels are subscribed (invalidations and releases arrive); for tests. */
  boolean isSubscribed() {
    return pubSub != null;
  }

  @Override
  public Health health() {
    return gate.health();
  }

  /** Closes the connections and, if they are its own, the client and its threads; waits at most 2 s. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    released.values().forEach(waiter -> waiter.complete(null));
    List<CompletableFuture<?>> closing = new ArrayList<>();
    if (connection != null) {
      closing.add(connection.closeAsync());
    }
    if (pubSub != null) {
      closing.add(pubSub.closeAsync());
    }
    try {
      CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(2, TimeUnit.SECONDS);
      if (ownClient) {
        client.shutdownAsync(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
      }
      if (ownResources != null) {
        ownResources.shutdown(0, 2, TimeUnit.SECONDS); // its threads end within the 2 s
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("Closing the shared cache's connections failed: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "RedisSharedStore{" + health() + "}";
  }
}
