package io.github.tokenvalidator.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP proxy on a loopback port, recording the request line of every exchange it carries. Thread-safe.
 *
 * <p>{@code CONNECT host:port} opens a tunnel (how clients reach {@code https://} through a proxy); an
 * absolute-form request ({@code POST http://host:port/path HTTP/1.1}) is forwarded in origin form, one
 * request per connection ({@code Connection: close} both ways). Enough for a client's proxy setting to be
 * tested against a real proxy; no caching, no authentication, no keep-alive.
 */
public final class TestProxy implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "test-proxy");
    thread.setDaemon(true);
    return thread;
  });
  private final List<String> requestLines = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private TestProxy(ServerSocket server) {
    this.server = server;
    threads.execute(this::accept);
  }

  /** A proxy on a free loopback port. */
  public static TestProxy start() {
    try {
      return new TestProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:port}, as the validator's {@code proxy} setting takes it. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** The request line of every exchange so far, in arrival order. */
  public List<String> requestLines() {
    return List.copyOf(requestLines);
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        open.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      String requestLine = readLine(in);
      if (requestLine == null || requestLine.isEmpty()) {
        return;
      }
      requestLines.add(requestLine);
      List<String> headers = readHeaders(in);
      String[] parts = requestLine.split(" ", 3);
      if (parts[0].equals("CONNECT")) {
        tunnel(client, in, parts[1]);
      } else {
        forward(client, in, parts, headers);
      }
    } catch (IOException | RuntimeException e) {
      // the exchange ends with its connection; the client sees the closed socket
    } finally {
      open.remove(client);
    }
  }

  private void tunnel(Socket client, InputStream in, String target) throws IOException {
    int colon = target.lastIndexOf(':');
    try (Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)))) {
      open.add(upstream);
      OutputStream out = client.getOutputStream();
      out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      threads.execute(() -> {
        try {
          in.transferTo(upstream.getOutputStream());
          upstream.shutdownOutput();
        } catch (IOException e) {
          // either side closed
        }
      });
      upstream.getInputStream().transferTo(out);
    } finally {
      open.removeIf(Socket::isClosed);
    }
  }

  private void forward(Socket client, InputStream in, String[] parts, List<String> headers) throws IOException {
    URI target = URI.create(parts[1]);
    String path = target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    if (target.getRawQuery() != null) {
      path += "?" + target.getRawQuery();
    }
    try (Socket upstream = new Socket(target.getHost(), target.getPort() < 0 ? 80 : target.getPort())) {
      open.add(upstream);
      StringBuilder head = new StringBuilder(parts[0] + " " + path + " " + parts[2] + "\r\n");
      long length = withoutConnectionHeaders(headers, head);
      head.append("Connection: close\r\n\r\n");
      OutputStream up = upstream.getOutputStream();
      up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      copy(in, up, length);
      up.flush();

      InputStream down = new BufferedInputStream(upstream.getInputStream());
      StringBuilder answer = new StringBuilder(readLine(down) + "\r\n");
      long answerLength = withoutConnectionHeaders(readHeaders(down), answer);
      answer.append("Connection: close\r\n\r\n");
      OutputStream out = client.getOutputStream();
      out.write(answer.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (answerLength >= 0) {
        copy(down, out, answerLength);
      } else {
        down.transferTo(out);
      }
      out.flush();
    } finally {
      open.removeIf(Socket::isClosed);
    }
  }

  /** Appends every header but the hop-by-hop connection ones; returns the Content-Length, or -1. */
  private static long withoutConnectionHeaders(List<String> headers, StringBuilder to) {
    long length = -1;
    for (String header : headers) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("connection:") || lower.startsWith("proxy-connection:") || lower.startsWith("keep-alive:")) {
        continue;
      }
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(header.substring("content-length:".length()).trim());
      }
      to.append(header).append("\r\n");
    }
    return length;
  }

  private static List<String> readHeaders(InputStream in) throws IOException {
    List<String> headers = new ArrayList<>();
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      headers.add(line);
    }
    return headers;
  }

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[8192];
    long left = Math.max(length, 0);
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new IOException("body ended early");
      }
      out.write(buffer, 0, read);
      left -= read;
    }
  }

  /** One CRLF-terminated line of a message head, without the CRLF; null at the end of the stream. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (line.size() > 16 * 1024) {
        throw new IOException("head line too long");
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.shutdownNow();
  }
}
