package io.github.tokenvalidator.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one bounded JSON reader: answers of the authorization server, JWT headers and claims, key sets and
 * metadata, read with jackson-core's streaming parser within bounds (nesting depth, string and number
 * length, no duplicate keys). Stateless and thread-safe.
 */
public final class BoundedJson {
  public static final int MAX_DEPTH = 32;
  public static final int MAX_STRING_LENGTH = 64 * 1024;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(MAX_STRING_LENGTH)
          .maxNumberLength(64)
          .build())
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private BoundedJson() {}

  /** A JSON object answer (token endpoint, error bodies) as parsed values. */
  public static Map<String, Object> parseObject(byte[] body) throws MalformedAnswerException {
    return read(body, parser -> {
      Map<String, Object> object = readObject(parser);
      if (parser.nextToken() != null) {
        throw new MalformedAnswerException("answer has content after the JSON object");
      }
      return object;
    });
  }

  /** What one reading makes of an object, its first token read. */
  @FunctionalInterface
  private interface ObjectReader<T> {
    T read(JsonParser parser) throws IOException;
  }

  /** {@code reader}'s reading of {@code body}, which must start a JSON object; every failure in words alone. */
  private static <T> T read(byte[] body, ObjectReader<T> reader) throws MalformedAnswerException {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedAnswerException("answer is not a JSON object");
      }
      return reader.read(parser);
    } catch (MalformedAnswerException e) {
      throw e;
    } catch (StreamConstraintsException e) {
      throw new MalformedAnswerException("answer exceeds JSON limits (depth, string or number length)");
    } catch (IOException e) {
      // Jackson's message may quote the body, which may hold a token: keep only the kind of failure.
      throw new MalformedAnswerException("answer is not valid JSON (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The string value of member {@code name} of a JSON object, or null when it is absent or no string: the
   * object is read whole, under the same limits and duplicate-key refusal, but nothing else of it is kept
   * (what routing a JWT by its {@code iss} reads, per request).
   *
   * @param body the JSON text
   * @param name the member's name
   * @return its string value, or null
   * @throws MalformedAnswerException when the body is no JSON object within the limits
   */
  public static String stringMember(byte[] body, String name) throws MalformedAnswerException {
    return read(body, parser -> {
      String found = null;
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        boolean wanted = name.equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (wanted && value == JsonToken.VALUE_STRING) {
          found = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new MalformedAnswerException("answer is not one JSON object");
      }
      return found;
    });
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
}
