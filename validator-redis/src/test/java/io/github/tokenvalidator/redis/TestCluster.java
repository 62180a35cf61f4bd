package io.github.tokenvalidator.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A real three-master Redis Cluster for tests: three {@code redis-server} processes with
 * {@code cluster-enabled yes}, each with its cluster config file in {@code dir}, the 16384 slots split
 * between them, met, and {@code cluster_state:ok} on every node before it is handed out. Output in
 * {@code target/redis-logs/}. Not thread-safe.
 */
final class TestCluster implements AutoCloseable {
  private static final int SLOTS = 16384;
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private TestCluster() {}

  static TestCluster start(Path dir, int nodes) {
    TestCluster cluster = new TestCluster();
    try {
      for (int i = 0; i < nodes; i++) {
        cluster.startNode(dir);
      }
      cluster.form();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void startNode(Path dir) {
    String binary = System.getProperty("test.redis-server");
    if (binary == null) {
      throw new IllegalStateException("system property test.redis-server is not set (see the module's pom)");
    }
    int port = freePort();
    Path log = Paths.get("target", "redis-logs", "cluster-" + port + ".log");
    try {
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
      Paths.get(binary).toFile().setExecutable(true);
      Process process = new ProcessBuilder(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--daemonize", "no", "--cluster-enabled", "yes",
          "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toAbsolutePath().toString(),
          "--cluster-node-timeout", "5000", "--cluster-announce-ip", "127.0.0.1",
          "--dir", dir.toAbsolutePath().toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      processes.add(process);
      ports.add(port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.exists(log) || !Files.readString(log).contains("Ready to accept connections")) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("redis-server did not start; see " + log.toAbsolutePath());
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Splits the slots, meets the nodes, waits for {@code cluster_state:ok} everywhere. */
  private void form() {
    int count = ports.size();
    for (int i = 0; i < count; i++) {
      int from = SLOTS * i / count;
      int to = SLOTS * (i + 1) / count;
      int node = i;
      on(node, redis -> redis.clusterAddSlots(IntStream.range(from, to).toArray()));
      if (i > 0) {
        on(node, redis -> redis.clusterMeet("127.0.0.1", ports.get(0)));
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int i = 0; i < count; i++) {
      int node = i;
      while (!on(node, redis -> redis.clusterInfo().contains("cluster_state:ok")
          && redis.clusterNodes().lines().filter(line -> line.contains("connected")).count() == count)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the cluster never became ok: " + on(node, RedisCommands::clusterInfo));
        }
        RedisSharedStoreTest.sleep(50);
      }
    }
  }

  /** Runs {@code work} on a plain connection to node {@code index}. */
  <T> T on(int index, java.util.function.Function<RedisCommands<String, byte[]>, T> work) {
    RedisURI uri = RedisURI.create("127.0.0.1", ports.get(index));
    uri.setTimeout(Duration.ofSeconds(5));
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC)) {
      return work.apply(connection.sync());
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  /** {@return the nodes' ports} */
  List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** {@return the seed nodes as {@code shared-cache.cluster-nodes} takes them} */
  String clusterNodes() {
    return String.join(",", ports.stream().map(port -> "127.0.0.1:" + port).toList());
  }

  private static int freePort() {
    // The cluster bus listens on port + 10000: both must be free.
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (port + 10000 > 65535) {
          continue;
        }
        new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress()).close();
        return port;
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free port pair for a cluster node");
  }

  /** Kills every node (SIGKILL) and waits until it is gone. */
  @Override
  public void close() {
    for (Process process : processes) {
      process.destroyForcibly();
    }
    for (Process process : processes) {
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
