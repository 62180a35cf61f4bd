package io.github.tokenvalidator.internal.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.Claims;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An answer (active, or inactive when a fleet shares those) as bytes for a shared store, and back: its typed fields and every raw claim, as JSON
 * with a version. Whatever comes back is read with the bounded JSON reader and checked like a server's
 * answer; anything else is {@link MalformedAnswerException}. Stateless and thread-safe.
 */
final class AnswerCodec {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int VERSION = 1;

  private AnswerCodec() {}

  static byte[] encode(TokenInfo info) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("v", VERSION);
      if (!info.isActive()) {
        json.writeBooleanField("active", false);
      }
      json.writeStringField("scope", info.scope().toString());
      string(json, "client_id", info.clientId());
      string(json, "username", info.username());
      string(json, "sub", info.subject());
      string(json, "token_type", info.tokenType());
      string(json, "iss", info.issuer());
      time(json, "exp", info.expiresAt());
      time(json, "iat", info.issuedAt());
      time(json, "nbf", info.notBefore());
      json.writeArrayFieldStart("aud");
      for (String audience : info.audience()) {
        json.writeString(audience);
      }
      json.writeEndArray();
      json.writeFieldName("claims");
      value(json, info.claims());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  static TokenInfo decode(byte[] bytes) throws MalformedAnswerException {
    Map<String, Object> answer = BoundedJson.parseObject(bytes);
    if (!Long.valueOf(VERSION).equals(answer.get("v"))) {
      throw new MalformedAnswerException("shared answer of another version");
    }
    Object claims = answer.get("claims");
    if (!(claims instanceof Map)) {
      throw new MalformedAnswerException("shared answer has no claims");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> raw = (Map<String, Object>) claims;
    return TokenInfo.builder()
        .active(!Boolean.FALSE.equals(answer.get("active")))
        .claims(raw)
        .scope(Claims.scope(answer.get("scope")))
        .clientId(Claims.string(answer, "client_id"))
        .username(Claims.string(answer, "username"))
        .subject(Claims.string(answer, "sub"))
        .tokenType(Claims.string(answer, "token_type"))
        .issuer(Claims.string(answer, "iss"))
        .expiresAt(Claims.instant(answer, "exp"))
        .issuedAt(Claims.instant(answer, "iat"))
        .notBefore(Claims.instant(answer, "nbf"))
        .audience(Claims.audience(answer.get("aud")))
        .build();
  }

  private static void string(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }

  /** Epoch milliseconds, which {@link Claims#instant} reads back as milliseconds (they are above 10^11). */
  private static void time(JsonGenerator json, String name, Instant value) throws IOException {
    if (value != null) {
      json.writeNumberField(name, Math.max(value.toEpochMilli(), 100_000_000_000L));
    }
  }

  private static void value(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof String) {
      json.writeString((String) value);
    } else if (value instanceof Boolean) {
      json.writeBoolean((Boolean) value);
    } else if (value instanceof Long || value instanceof Integer) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigInteger) {
      json.writeNumber((BigInteger) value);
    } else if (value instanceof Number) {
      json.writeNumber(((Number) value).doubleValue());
    } else if (value instanceof Map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        json.writeFieldName(String.valueOf(entry.getKey()));
        value(json, entry.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof List) {
      json.writeStartArray();
      for (Object element : (List<?>) value) {
        value(json, element);
      }
      json.writeEndArray();
    } else {
      json.writeString(value.toString());
    }
  }
}
