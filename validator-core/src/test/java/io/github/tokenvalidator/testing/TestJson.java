package io.github.tokenvalidator.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON answer in a test, strictly: one object, no duplicate member, nothing after it. Values are
 * maps, lists, strings, {@code Long}s, {@code Double}s, booleans and nulls. Thread-safe.
 */
public final class TestJson {
  private static final JsonFactory JSON = new JsonFactory();

  private TestJson() {}

  /** The JSON object {@code body}; an {@link AssertionError} quoting it when it is anything else. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String body) {
    try (JsonParser parser = JSON.createParser(body)) {
      Object value = read(parser, parser.nextToken());
      if (!(value instanceof Map) || parser.nextToken() != null) {
        throw new AssertionError("Not one JSON object: " + body);
      }
      return (Map<String, Object>) value;
    } catch (IOException e) {
      throw new AssertionError("Not JSON: " + body, e);
    }
  }

  private static Object read(JsonParser parser, JsonToken token) throws IOException {
    if (token == null) {
      throw new AssertionError("Truncated JSON");
    }
    switch (token) {
      case START_OBJECT: {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          if (object.containsKey(name)) {
            throw new AssertionError("Duplicate member " + name);
          }
          object.put(name, read(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY: {
        List<Object> array = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          array.add(read(parser, next));
        }
        return array;
      }
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return true;
      case VALUE_FALSE:
        return false;
      case VALUE_NULL:
        return null;
      default:
        throw new AssertionError("Unexpected JSON token " + token);
    }
  }
}
