package io.github.tokenvalidator.internal.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code Forwarded} header (RFC 7239 §4): a list of elements, one per proxy in the order they
 * were added, each of {@code name=value} pairs separated by {@code ;}, a value being a token or a quoted
 * string. Stateless and thread-safe.
 *
 * <p>Only {@code for}, {@code host} and {@code proto} are kept; {@code by} and extensions are read and
 * dropped. Blanks around {@code ,} and {@code ;} are tolerated, as proxies write them. A parameter named
 * twice in one element (RFC 7239 §4: it MUST NOT be) or anything off the grammar makes the whole header
 * malformed: what it says cannot be relied on in part.
 */
final class ForwardedHeader {
  /** One proxy's element; each value unquoted, or null when absent. */
  static final class Element {
    final String forValue;
    final String host;
    final String proto;

    Element(String forValue, String host, String proto) {
      this.forValue = forValue;
      this.host = host;
      this.proto = proto;
    }
  }

  private ForwardedHeader() {}

  /**
   * The elements of every {@code Forwarded} value, in order (several header lines are one list, RFC 9110
   * §5.3).
   *
   * @param values the header's values
   * @return the elements, empty elements left out; or null when a value is malformed
   */
  static List<Element> parse(List<String> values) {
    List<Element> elements = new ArrayList<>();
    for (String value : values) {
      if (!parse(value, elements)) {
        return null;
      }
    }
    return elements;
  }

  private static boolean parse(String value, List<Element> into) {
    int length = value.length();
    int i = 0;
    String forValue = null;
    String host = null;
    String proto = null;
    boolean empty = true; // no pair in the current element yet
    while (true) {
      i = skipBlanks(value, i);
      if (i < length && value.charAt(i) != ',' && value.charAt(i) != ';') {
        // a pair: token "=" ( token / quoted-string )
        int nameStart = i;
        while (i < length && isTokenChar(value.charAt(i))) {
          i++;
        }
        if (i == nameStart || i >= length || value.charAt(i) != '=') {
          return false;
        }
        String name = value.substring(nameStart, i).toLowerCase(Locale.ROOT);
        i++;
        String parameter;
        if (i < length && value.charAt(i) == '"') {
          StringBuilder unquoted = new StringBuilder();
          i++;
          while (i < length && value.charAt(i) != '"') {
            char c = value.charAt(i);
            if (c == '\\') {
              i++;
              if (i >= length) {
                return false;
              }
              c = value.charAt(i);
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
              return false;
            }
            unquoted.append(c);
            i++;
          }
          if (i >= length) {
            return false; // no closing quote
          }
          i++;
          parameter = unquoted.toString();
        } else {
          int valueStart = i;
          while (i < length && isTokenChar(value.charAt(i))) {
            i++;
          }
          if (i == valueStart) {
            return false;
          }
          parameter = value.substring(valueStart, i);
        }
        switch (name) {
          case "for":
            if (forValue != null) {
              return false;
            }
            forValue = parameter;
            break;
          case "host":
            if (host != null) {
              return false;
            }
            host = parameter;
            break;
          case "proto":
            if (proto != null) {
              return false;
            }
            proto = parameter;
            break;
          default:
            break; // "by" and extensions
        }
        empty = false;
        i = skipBlanks(value, i);
      }
      if (i >= length || value.charAt(i) == ',') {
        if (!empty) {
          into.add(new Element(forValue, host, proto));
        }
        if (i >= length) {
          return true;
        }
        forValue = null;
        host = null;
        proto = null;
        empty = true;
        i++;
      } else if (value.charAt(i) == ';') {
        i++;
      } else {
        return false;
      }
    }
  }

  private static int skipBlanks(String value, int i) {
    while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** RFC 9110 §5.6.2 {@code tchar}. */
  private static boolean isTokenChar(char c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
