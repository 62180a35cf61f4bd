package io.github.tokenvalidator.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for tests: the {@code redis-server} binary that the build extracts from the embedded-redis
 * artifact (system property {@code test.redis-server}), started on a free loopback port with no
 * persistence, its output in {@code target/redis-logs/}. The test holds the process, so it can kill,
 * restart, pause ({@code SIGSTOP}) and resume it. {@link #command} speaks RESP for checks and tampering.
 * Not thread-safe; one per test class or test.
 */
public final class RedisServer implements AutoCloseable {
  private final Path binary;
  private final List<String> arguments;
  private final String readyLine;
  private final int port;
  private final boolean tls;
  private final Path log;
  private Process process;

  private RedisServer(List<String> arguments, String readyLine, int port, boolean tls) {
    String binaryPath = System.getProperty("test.redis-server");
    if (binaryPath == null) {
      throw new IllegalStateException("system property test.redis-server is not set (see the module's pom)");
    }
    this.binary = Paths.get(binaryPath);
    this.arguments = arguments;
    this.readyLine = readyLine;
    this.port = port;
    this.tls = tls;
    this.log = Paths.get("target", "redis-logs", "redis-" + port + ".log");
  }

  /** {@return a standalone Redis on a free loopback port} */
  public static RedisServer start() {
    int port = freePort();
    return started(new RedisServer(standalone(port, "--port", String.valueOf(port)), "Ready to accept connections",
        port, false));
  }

  /**
   * A standalone Redis that speaks TLS only.
   *
   * @param certificate the server's certificate, PEM
   * @param key its private key, PEM
   * @param authority the certificate of the authority that issued it, PEM
   * @return the server
   */
  public static RedisServer startTls(Path certificate, Path key, Path authority) {
    int port = freePort();
    return started(new RedisServer(standalone(port, "--port", "0", "--tls-port", String.valueOf(port),
        "--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(),
        "--tls-ca-cert-file", authority.toString(), "--tls-auth-clients", "no"), "Ready to accept connections",
        port, true));
  }

  /**
   * A Sentinel watching {@code master} under {@code masterName}.
   *
   * @param master the master
   * @param masterName the name clients ask the Sentinel for
   * @return the Sentinel
   */
  public static RedisServer startSentinel(RedisServer master, String masterName) {
    int port = freePort();
    Path config = Paths.get("target", "redis-logs", "sentinel-" + port + ".conf");
    try {
      Files.createDirectories(config.getParent());
      Files.writeString(config, "port " + port + "\nbind 127.0.0.1\nsentinel monitor " + masterName + " 127.0.0.1 "
          + master.port() + " 1\nsentinel down-after-milliseconds " + masterName + " 5000\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> arguments = List.of(config.toAbsolutePath().toString(), "--sentinel");
    return started(new RedisServer(arguments, "+monitor master", port, false));
  }

  private static List<String> standalone(int port, String... more) {
    List<String> arguments = new ArrayList<>(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--daemonize", "no"));
    arguments.addAll(List.of(more));
    return arguments;
  }

  private static RedisServer started(RedisServer server) {
    server.startProcess();
    return server;
  }

  private void startProcess() {
    try {
      binary.toFile().setExecutable(true);
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
      List<String> command = new ArrayList<>();
      command.add(binary.toString());
      command.addAll(arguments);
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.exists(log) || !Files.readString(log).contains(readyLine)) {
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

  /** {@return the port} */
  public int port() {
    return port;
  }

  /** {@return {@code redis://127.0.0.1:port}, or {@code rediss://} for a TLS server} */
  public String uri() {
    return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
  }

  /** {@return the process id, while it runs} */
  public long pid() {
    return process.pid();
  }

  /** Kills the process at once (SIGKILL) and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the process again, on the same port, empty. */
  public void restart() {
    if (process.isAlive()) {
      kill();
    }
    startProcess();
  }

  /** Stops the process where it is (SIGSTOP): connections stay open, nothing answers. */
  public void pause() {
    signal("STOP");
  }

  /** Lets a paused process go on (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Sends one command (plain servers only) and returns its reply: a {@code byte[]} for a bulk string, a
   * {@code String} for a simple string or an error ({@code "-ERR …"}), a {@code Long}, a {@code List} for an
   * array, null for a null reply.
   *
   * @param arguments the command and its arguments, each a {@code String} or a {@code byte[]}
   * @return the reply
   */
  public Object command(Object... arguments) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (Object argument : arguments) {
        byte[] bytes = argument instanceof byte[] ? (byte[]) argument
            : String.valueOf(argument).getBytes(StandardCharsets.UTF_8);
        request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(bytes);
        request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(request.toByteArray());
      out.flush();
      return reply(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The reply to a command as text: a bulk string decoded as UTF-8.
   *
   * @param arguments the command and its arguments
   * @return the reply, bulk strings as {@code String}
   */
  public Object commandText(Object... arguments) {
    Object reply = command(arguments);
    return reply instanceof byte[] ? new String((byte[]) reply, StandardCharsets.UTF_8) : reply;
  }

  private static Object reply(InputStream in) throws IOException {
    String line = line(in);
    switch (line.charAt(0)) {
      case '+':
        return line.substring(1);
      case '-':
        return line;
      case ':':
        return Long.parseLong(line.substring(1));
      case '$': {
        int length = Integer.parseInt(line.substring(1));
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length);
        in.readNBytes(2);
        return bytes;
      }
      case '*': {
        int count = Integer.parseInt(line.substring(1));
        if (count < 0) {
          return null;
        }
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          Object element = reply(in);
          elements.add(element instanceof byte[] ? new String((byte[]) element, StandardCharsets.UTF_8) : element);
        }
        return elements;
      }
      default:
        throw new IOException("not a RESP reply: " + line);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      line.append((char) c);
    }
    in.read();
    return line.toString();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resumes a paused process, then kills it. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      resume();
      kill();
    }
  }
}
