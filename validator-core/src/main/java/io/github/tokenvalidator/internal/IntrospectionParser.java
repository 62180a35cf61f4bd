package io.github.tokenvalidator.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON answers of the authorization server with jackson-core's streaming parser, within bounds:
 * nesting depth, string and number length, and no duplicate keys. Thread-safe.
 */
final class IntrospectionParser {
  static final int MAX_DEPTH = 32;
  static final int MAX_STRING_LENGTH = 64 * 1024;
  /** Above this, an {@code exp}-like number is taken as milliseconds: 10^11 s is the year 5138. */
  private static final long MILLISECONDS_THRESHOLD = 100_000_000_000L;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(MAX_STRING_LENGTH)
          .maxNumberLength(64)
          .build())
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private IntrospectionParser() {}

  /** Every inactive answer: RFC 7662 says an inactive answer carries nothing else worth keeping. */
  static final TokenInfo INACTIVE = TokenInfo.builder().active(false).build();

  /**
   * An RFC 7662 introspection answer as a {@link TokenInfo}. An active one keeps {@code body} (the
   * server's bytes, not copied) and reads its claims map from it on first use, so a cached answer holds
   * the bytes and the typed claims rather than a tree of maps; an inactive one is {@link #INACTIVE}.
   */
  static TokenInfo parseIntrospection(byte[] body) throws MalformedAnswerException {
    Map<String, Object> claims = parseObject(body);
    Object active = claims.get("active");
    if (!(active instanceof Boolean)) {
      throw new MalformedAnswerException("answer has no boolean \"active\"");
    }
    if (!(Boolean) active) {
      return INACTIVE;
    }
    TokenInfo.Builder builder = TokenInfo.builder()
        .lazyClaims(() -> reparse(body))
        .scope(scope(claims.get("scope")))
        // Client ids, token types and issuers recur in every answer: one shared copy each.
        .clientId(Interner.intern(string(claims, "client_id")))
        .username(string(claims, "username"))
        .subject(string(claims, "sub"))
        .tokenType(Interner.intern(string(claims, "token_type")))
        .issuer(Interner.intern(string(claims, "iss")))
        .expiresAt(instant(claims, "exp"))
        .issuedAt(instant(claims, "iat"))
        .notBefore(instant(claims, "nbf"))
        .audience(audience(claims.get("aud")));
    return builder.build();
  }

  /** {@code body} parsed again; it parsed once, so it parses again. */
  private static Map<String, Object> reparse(byte[] body) {
    try {
      return parseObject(body);
    } catch (MalformedAnswerException e) {
      throw new IllegalStateException("an answer that parsed once failed to parse again", e);
    }
  }

  /** A JSON object answer (token endpoint, error bodies) as parsed values. */
  static Map<String, Object> parseObject(byte[] body) throws MalformedAnswerException {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedAnswerException("answer is not a JSON object");
      }
      Map<String, Object> object = readObject(parser);
      if (parser.nextToken() != null) {
        throw new MalformedAnswerException("answer has content after the JSON object");
      }
      return object;
    } catch (MalformedAnswerException e) {
      throw e;
    } catch (StreamConstraintsException e) {
      throw new MalformedAnswerException("answer exceeds JSON limits (depth, string or number length)");
    } catch (IOException e) {
      // Jackson's message may quote the body, which may hold a token: keep only the kind of failure.
      throw new MalformedAnswerException("answer is not valid JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Map<String, Object> readObject(JsonParser parser) throws IOException {
    Map<String, Object> object = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      object.put(name, readValue(parser));
    }
    if (token != JsonToken.END_OBJECT) {
      throw new MalformedAnswerException("truncated JSON object");
    }
    return Collections.unmodifiableMap(object);
  }

  private static Object readValue(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new MalformedAnswerException("truncated JSON");
    }
    switch (token) {
      case START_OBJECT:
        return readObject(parser);
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          if (parser.currentToken() == null) {
            throw new MalformedAnswerException("truncated JSON array");
          }
          list.add(readValue(parser));
        }
        return Collections.unmodifiableList(list);
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
          case LONG:
            return parser.getLongValue();
          default:
            return parser.getBigIntegerValue();
        }
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new MalformedAnswerException("unexpected JSON token " + token);
    }
  }

  private static String string(Map<String, Object> claims, String name) throws MalformedAnswerException {
    Object value = claims.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw MalformedAnswerException.claim("claim \"" + name + "\" is not a string");
  }

  static Scope scope(Object value) throws MalformedAnswerException {
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

  static List<String> audience(Object value) throws MalformedAnswerException {
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
  static Instant instant(Map<String, Object> claims, String name) throws MalformedAnswerException {
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
