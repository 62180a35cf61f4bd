package io.github.tokenvalidator.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A misbehaving HTTP server on a plain loopback {@link ServerSocket}, for what MockWebServer cannot do: a
 * body that stalls for ever, bytes dripped one by one, HTTP/1.0 that never closes, garbage instead of a
 * status line, endless headers, lying lengths. Every connection is watched, so a test can see when the
 * client let go of it (EOF or reset). Thread-safe.
 *
 * <p>Each accepted connection reads one request (head and {@code Content-Length} body), hands it to the
 * {@link Behaviour}, then keeps reading: another request on the same connection is answered the same way,
 * and the end of the stream marks the connection closed by the client. A behaviour that writes for a long
 * time does so with {@link Connection#drip} or {@link Connection#repeat}, which write from their own thread
 * until the connection or the server closes.
 */
public final class RawSocketServer implements AutoCloseable {
  /** What the server writes back to one request. */
  @FunctionalInterface
  public interface Behaviour {
    void answer(Connection connection, String requestHead) throws IOException;
  }

  /** One accepted connection. */
  public static final class Connection {
    private final Socket socket;
    private final OutputStream out;
    private final RawSocketServer server;
    private volatile long closedByClientAtNanos;
    private volatile boolean closedByClient;

    Connection(Socket socket, RawSocketServer server) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.server = server;
    }

    /** Writes {@code text} (ISO-8859-1) at once. */
    public void write(String text) throws IOException {
      write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void write(byte[] bytes) throws IOException {
      synchronized (out) {
        out.write(bytes);
        out.flush();
      }
    }

    /** Writes {@code text} one byte every {@code gap}, from another thread, until done or closed. */
    public void drip(String text, Duration gap) {
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      int[] next = {0};
      background(() -> {
        if (next[0] >= bytes.length) {
          return false;
        }
        write(new byte[] {bytes[next[0]++]});
        sleep(gap);
        return true;
      });
    }

    /** Writes {@code text} again and again, every {@code gap}, from another thread, until closed. */
    public void repeat(String text, Duration gap) {
      background(() -> {
        write(text);
        sleep(gap);
        return true;
      });
    }

    /** Closes the server's side of the connection. */
    public void close() throws IOException {
      socket.close();
    }

    /** Whether the client closed or reset the connection. */
    public boolean isClosedByClient() {
      return closedByClient;
    }

    /** {@link System#nanoTime()} when the client closed the connection, or 0. */
    public long closedByClientAtNanos() {
      return closedByClientAtNanos;
    }

    private void background(IoStep step) {
      Thread writer = new Thread(() -> {
        try {
          while (!server.closed && !socket.isClosed() && step.next()) {
            // each step writes and waits
          }
        } catch (IOException | InterruptedException e) {
          // the client went away: the reader records it
        }
      }, "raw-server-writer");
      writer.setDaemon(true);
      writer.start();
    }

    private void markClosedByClient() {
      if (!closedByClient) {
        closedByClientAtNanos = System.nanoTime();
        closedByClient = true;
      }
    }
  }

  @FunctionalInterface
  private interface IoStep {
    boolean next() throws IOException, InterruptedException;
  }

  private final ServerSocket serverSocket;
  private final Behaviour behaviour;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private RawSocketServer(Behaviour behaviour) throws IOException {
    this.behaviour = behaviour;
    this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "raw-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server on a free loopback port that answers every request with {@code behaviour}. */
  public static RawSocketServer start(Behaviour behaviour) {
    try {
      return new RawSocketServer(behaviour);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + serverSocket.getLocalPort() + path);
  }

  /** Every connection accepted so far. */
  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  /** Connections accepted and not closed by the client. */
  public long openConnections() {
    return connections.stream().filter(c -> !c.isClosedByClient()).count();
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; whether it held. */
  public static boolean await(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Connection connection : connections) {
      try {
        connection.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread handler = new Thread(() -> serve(socket), "raw-server-connection");
      handler.setDaemon(true);
      handler.start();
    }
  }

  private void serve(Socket socket) {
    Connection connection;
    try {
      connection = new Connection(socket, this);
    } catch (IOException e) {
      return;
    }
    connections.add(connection);
    try (socket) {
      InputStream in = socket.getInputStream();
      while (!closed) {
        String head = readRequest(in);
        if (head == null) {
          connection.markClosedByClient();
          return;
        }
        behaviour.answer(connection, head);
      }
    } catch (SocketException e) {
      if (!closed && !socket.isClosed()) {
        connection.markClosedByClient(); // reset by the client
      }
    } catch (IOException e) {
      connection.markClosedByClient();
    }
  }

  /** The request head, its body read and dropped; null at the end of the stream. */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    long length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    for (long i = 0; i < length; i++) {
      if (in.read() < 0) {
        return null;
      }
    }
    return text;
  }

  private static void sleep(Duration gap) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(gap.toMillis());
  }
}
