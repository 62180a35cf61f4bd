package io.github.tokenvalidator.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON answer in a test, strictly: one object, no duplicate member, nothing after it; and writes
 * one. Values are maps, lists, strings, {@code Long}s, {@code Double}s, booleans and nulls. Thread-safe.
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

  /** {@code value} (maps, lists, strings, numbers, booleans, null) as JSON text. */
  public static String write(Object value) {
    try (StringWriter out = new StringWriter();
        JsonGenerator generator = JSON.createGenerator(out)) {
      writeValue(generator, value);
      generator.flush();
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeValue(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof Map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        generator.writeFieldName(entry.getKey().toString());
        writeValue(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof List) {
      generator.writeStartArray();
      for (Object element : (List<?>) value) {
        writeValue(generator, element);
      }
      generator.writeEndArray();
    } else if (value instanceof Boolean) {
      generator.writeBoolean((Boolean) value);
    } else if (value instanceof Double || value instanceof Float) {
      generator.writeNumber(((Number) value).doubleValue());
    } else if (value instanceof Number) {
      generator.writeNumber(((Number) value).longValue());
    } else {
      generator.writeString(value.toString());
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
