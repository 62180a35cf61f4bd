package io.github.tokenvalidator.examples;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The first challenge of a {@code WWW-Authenticate} header (RFC 7235 §4.1), as a client reads it to learn
 * what a resource wants: {@code Bearer error="insufficient_scope", scope="accessRestricted"} has scheme
 * {@code Bearer} and parameters {@code error} and {@code scope}. Immutable and thread-safe.
 */
final class Challenge {
  private final String scheme;
  private final Map<String, String> parameters;

  private Challenge(String scheme, Map<String, String> parameters) {
    this.scheme = scheme;
    this.parameters = Collections.unmodifiableMap(parameters);
  }

  /**
   * Parses the first challenge of {@code header}: a scheme, then {@code name=value} parameters whose
   * values are tokens or quoted strings with backslash escapes. A later challenge, if any, is ignored.
   *
   * @throws IllegalArgumentException if the header is not a challenge, a parameter is malformed or given
   *     twice, or a quoted string is not closed
   */
  static Challenge parse(String header) {
    if (header == null) {
      throw new IllegalArgumentException("No WWW-Authenticate header");
    }
    Reader reader = new Reader(header);
    reader.skipWhitespace();
    String scheme = reader.token();
    if (scheme.isEmpty()) {
      throw new IllegalArgumentException("The challenge has no scheme");
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    if (!reader.atEnd() && !reader.skipWhitespace()) {
      throw new IllegalArgumentException("Unexpected character after the scheme");
    }
    while (!reader.atEnd()) {
      int start = reader.position;
      String name = reader.token();
      reader.skipWhitespace();
      if (name.isEmpty() || !reader.take('=')) {
        if (!name.isEmpty() && !parameters.isEmpty()) {
          reader.position = start; // the scheme of the next challenge: this one is complete
          break;
        }
        throw new IllegalArgumentException("Malformed parameter at position " + start);
      }
      reader.skipWhitespace();
      boolean quoted = reader.peek() == '"';
      String value = quoted ? reader.quotedString() : reader.token();
      if (!quoted && value.isEmpty()) {
        throw new IllegalArgumentException("Parameter " + name + " has no value");
      }
      if (parameters.put(name.toLowerCase(Locale.ROOT), value) != null) {
        throw new IllegalArgumentException("Parameter " + name + " is given twice");
      }
      reader.skipWhitespace();
      if (reader.atEnd()) {
        break;
      }
      if (!reader.take(',')) {
        throw new IllegalArgumentException("Expected ',' at position " + reader.position);
      }
      do {
        reader.skipWhitespace();
      } while (reader.take(','));
    }
    return new Challenge(scheme, parameters);
  }

  /** The authentication scheme as sent, e.g. {@code Bearer}. */
  String scheme() {
    return scheme;
  }

  /** Whether the scheme is {@code Bearer}, in any ASCII case. */
  boolean isBearer() {
    return scheme.equalsIgnoreCase("Bearer");
  }

  /** A parameter's value, unquoted, by its name in any case; null when absent. */
  String parameter(String name) {
    return parameters.get(name.toLowerCase(Locale.ROOT));
  }

  /** Every parameter, names in lower case, in header order. */
  Map<String, String> parameters() {
    return parameters;
  }

  @Override
  public String toString() {
    return scheme + ' ' + parameters;
  }

  private static final class Reader {
    private final String input;
    private int position;

    Reader(String input) {
      this.input = input;
    }

    boolean atEnd() {
      return position >= input.length();
    }

    char peek() {
      return atEnd() ? '\0' : input.charAt(position);
    }

    boolean take(char expected) {
      if (!atEnd() && peek() == expected) {
        position++;
        return true;
      }
      return false;
    }

    /** Skips spaces and tabs; whether there were any. */
    boolean skipWhitespace() {
      int start = position;
      while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
        position++;
      }
      return position > start;
    }

    /** An RFC 7230 token, possibly empty. */
    String token() {
      int start = position;
      while (!atEnd() && isTokenChar(peek())) {
        position++;
      }
      return input.substring(start, position);
    }

    String quotedString() {
      position++; // the opening quote
      StringBuilder value = new StringBuilder();
      while (!atEnd()) {
        char c = input.charAt(position++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\') {
          if (atEnd()) {
            break;
          }
          c = input.charAt(position++);
        }
        if (c < 0x20 && c != '\t' || c == 0x7f) {
          throw new IllegalArgumentException("Control character in a quoted string");
        }
        value.append(c);
      }
      throw new IllegalArgumentException("Unterminated quoted string");
    }

    private static boolean isTokenChar(char c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }
}
