package io.github.tokenvalidator.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for request targets an HTTP client would normalise or refuse
 * ({@code /a/../b}, {@code //b}, {@code ;params}).
 */
final class RawHttp {
  /** A response: the status and everything after the status line, headers and body as text. */
  record Response(int status, String text) {
    boolean reachedServlet(String name) {
      return text.contains("servlet=" + name + "\n");
    }
  }

  private RawHttp() {}

  /** Sends {@code GET target} with {@code Connection: close} and reads the whole answer. */
  static Response get(int port, String target, String authorization) throws IOException {
    StringBuilder request = new StringBuilder()
        .append("GET ").append(target).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n")
        .append("Connection: close\r\n");
    if (authorization != null) {
      request.append("Authorization: ").append(authorization).append("\r\n");
    }
    request.append("\r\n");
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      // guards against a hang only; nothing asserts how long an answer takes
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      String text = answer.toString(StandardCharsets.UTF_8);
      int firstSpace = text.indexOf(' ');
      if (!text.startsWith("HTTP/1.1 ") || firstSpace < 0 || text.length() < firstSpace + 4) {
        throw new IOException("Not an HTTP/1.1 answer: " + text);
      }
      int status = Integer.parseInt(text.substring(firstSpace + 1, firstSpace + 4));
      return new Response(status, text.substring(text.indexOf('\n') + 1));
    }
  }
}
