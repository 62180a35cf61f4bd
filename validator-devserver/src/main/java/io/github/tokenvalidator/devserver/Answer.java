package io.github.tokenvalidator.devserver;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.tokenvalidator.AuthenticationError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer of the dev server: a status, headers and a JSON object body (or none). Every answer
 * carries {@code Cache-Control: no-store}, as RFC 6749 §5.1 requires of token responses, unless it is a
 * published document marked {@link #cacheFor(long) cacheable}. Not thread-safe;
 * made and sent by one request's thread.
 */
final class Answer {
  private static final JsonFactory JSON = new JsonFactory();

  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final byte[] body;
  private String errorCode;

  private Answer(int status, byte[] body) {
    this.status = status;
    this.body = body;
    headers.put("Cache-Control", "no-store");
    headers.put("Pragma", "no-cache");
    if (body.length > 0) {
      headers.put("Content-Type", "application/json; charset=utf-8");
    }
  }

  /** Writes the members of one JSON object. */
  @FunctionalInterface
  interface JsonMembers {
    void write(JsonGenerator json) throws IOException;
  }

  /** An answer whose body is the JSON object {@code members} writes. */
  static Answer json(int status, JsonMembers members) {
    return new Answer(status, jsonObject(members));
  }

  /** The UTF-8 bytes of the JSON object {@code members} writes, for answers and for JWT parts alike. */
  static byte[] jsonObject(JsonMembers members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      members.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      // Writing to memory does not fail for I/O reasons; anything here is a bug.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * An RFC 6749 §5.2 error answer: {@code {"error": code, "error_description": description}}. The
   * description must not carry a secret or a token; the JSON writer escapes whatever it does carry.
   */
  static Answer error(int status, String code, String description) {
    Answer answer = json(status, json -> {
      json.writeStringField("error", code);
      if (description != null) {
        json.writeStringField("error_description", description);
      }
    });
    answer.errorCode = code;
    return answer;
  }

  /**
   * The answer core's validator gives for {@code error}: its status, every header (the RFC 6750 challenge
   * among them) and its JSON body. The dev server formats no challenge of its own.
   */
  static Answer of(AuthenticationError error) {
    Answer answer = new Answer(error.status(), error.jsonBody().getBytes(StandardCharsets.UTF_8));
    answer.headers.putAll(error.headers());
    answer.errorCode = error.kind().errorCode();
    return answer;
  }

  /** An answer without a body. */
  static Answer empty(int status) {
    return new Answer(status, new byte[0]);
  }

  Answer header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /**
   * Lets caches keep this answer for {@code seconds}, in place of {@code no-store}: for published documents
   * (keys, metadata), never for token or introspection answers.
   */
  Answer cacheFor(long seconds) {
    headers.put("Cache-Control", "public, max-age=" + seconds);
    headers.remove("Pragma");
    return this;
  }

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }

  byte[] body() {
    return body;
  }

  /** The RFC 6749 {@code error} code of an error answer, for logs; null otherwise. */
  String errorCode() {
    return errorCode;
  }
}
