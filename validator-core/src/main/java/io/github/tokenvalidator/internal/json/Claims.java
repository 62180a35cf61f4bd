package io.github.tokenvalidator.internal.json;

import io.github.tokenvalidator.Scope;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the claims that introspection answers and JWTs share (RFC 7662 §2.2, RFC 7519 §4.1) from parsed
 * JSON into their types, refusing values of the wrong shape. Stateless and thread-safe.
 */
public final class Claims {
  /** Above this, an {@code exp}-like number is taken as milliseconds: 10^11 s is the year 5138. */
  private static final long MILLISECONDS_THRESHOLD = 100_000_000_000L;

  private Claims() {}

  public static String string(Map<String, Object> claims, String name) throws MalformedAnswerException {
    Object value = claims.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw MalformedAnswerException.claim("claim \"" + name + "\" is not a string");
  }

  public static Scope scope(Object value) throws MalformedAnswerException {
    try {
      if (value == null) {
        return Scope.empty();
      }
      if (value instanceof String) {
        return Scope.of((String) value);
      }
      if (value instanceof List) {
        List<String> elements = new ArrayList<>();
        for (Object element : (List<?>) value) {
          if (!(element instanceof String)) {
            throw MalformedAnswerException.claim("claim \"scope\" has a non-string element");
          }
          elements.add((String) element);
        }
        return Scope.of(elements);
      }
    } catch (IllegalArgumentException e) {
      throw MalformedAnswerException.claim("claim \"scope\" has an element RFC 6749 does not allow");
    }
    throw MalformedAnswerException.claim("claim \"scope\" is neither a string nor an array");
  }

  public static List<String> audience(Object value) throws MalformedAnswerException {
    if (value == null) {
      return List.of();
    }
    if (value instanceof String) {
      return List.of((String) value);
    }
    if (value instanceof List) {
      List<String> audience = new ArrayList<>();
      for (Object element : (List<?>) value) {
        if (!(element instanceof String)) {
          throw MalformedAnswerException.claim("claim \"aud\" has a non-string element");
        }
        audience.add((String) element);
      }
      return audience;
    }
    throw MalformedAnswerException.claim("claim \"aud\" is neither a string nor an array");
  }

  /** A NumericDate in seconds or, as some MobileFirst versions send, milliseconds since the epoch. */
  public static Instant instant(Map<String, Object> claims, String name) throws MalformedAnswerException {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Long) {
      long number = (Long) value;
      if (number < 0) {
        throw MalformedAnswerException.claim("claim \"" + name + "\" is negative");
      }
      return number >= MILLISECONDS_THRESHOLD ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
    }
    if (value instanceof Double) {
      double number = (Double) value;
      if (!(number >= 0) || number > 1e15) {
        throw MalformedAnswerException.claim("claim \"" + name + "\" is out of range");
      }
      return number >= MILLISECONDS_THRESHOLD ? Instant.ofEpochMilli((long) number)
          : Instant.ofEpochMilli((long) (number * 1000));
    }
    if (value instanceof BigInteger) {
      throw MalformedAnswerException.claim("claim \"" + name + "\" is out of range");
    }
    throw MalformedAnswerException.claim("claim \"" + name + "\" is not a number");
  }
}
