package io.github.tokenvalidator.devserver;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} bodies.
 *
 * <p>Stricter than {@link java.net.URLDecoder}: a bad percent escape, bytes that are not UTF-8 and a
 * parameter given twice (RFC 6749 §3.2) are refused with an {@link IllegalArgumentException} whose message
 * is safe to send back (it never repeats a value). Stateless and thread-safe.
 */
final class FormData {
  private FormData() {}

  /**
   * The parameters of a form body, in their order. Empty segments ({@code a=1&&b=2}) are skipped; a
   * segment without {@code =} is a parameter with an empty value.
   *
   * @throws IllegalArgumentException if the body is malformed or repeats a parameter
   */
  static Map<String, String> parse(byte[] body) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int start = 0;
    while (start <= body.length) {
      int end = indexOf(body, (byte) '&', start);
      if (end > start) {
        int equals = indexOf(body, (byte) '=', start, end);
        String name = decode(body, start, equals < 0 ? end : equals);
        String value = equals < 0 ? "" : decode(body, equals + 1, end);
        if (name.isEmpty()) {
          throw new IllegalArgumentException("Form has a parameter without a name");
        }
        if (parameters.putIfAbsent(name, value) != null) {
          throw new IllegalArgumentException("Parameter " + printableName(name) + " is given more than once");
        }
      }
      start = end + 1;
    }
    return Collections.unmodifiableMap(parameters);
  }

  /** Decodes one form-encoded component: {@code +} is a space, {@code %XX} a byte, and the bytes are UTF-8. */
  private static String decode(byte[] bytes, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%') {
        int high = i + 1 < to ? Character.digit(bytes[i + 1], 16) : -1;
        int low = i + 2 < to ? Character.digit(bytes[i + 2], 16) : -1;
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("Form has a malformed percent escape");
        }
        out.write(high << 4 | low);
        i += 2;
      } else {
        out.write(b);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("Form has bytes that are not UTF-8", e);
    }
  }

  private static int indexOf(byte[] bytes, byte target, int from) {
    int found = indexOf(bytes, target, from, bytes.length);
    return found < 0 ? bytes.length : found;
  }

  private static int indexOf(byte[] bytes, byte target, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == target) {
        return i;
      }
    }
    return -1;
  }

  /** The name quoted when it is short and printable ASCII, so an error message can carry it safely. */
  private static String printableName(String name) {
    if (name.length() > 40) {
      return "(a long name)";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
        return "(a name with special characters)";
      }
    }
    return '"' + name + '"';
  }
}
