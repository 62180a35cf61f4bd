package io.github.tokenvalidator.examples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenPrincipal;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON bodies every sample app answers, so the servlet, JAX-RS and Spring Boot apps differ only in how they
 * are wired to their framework. Written with jackson-core's streaming generator, which escapes whatever
 * the token carries. Thread-safe.
 */
final class SampleResponses {
  /** The media type of every body here. */
  static final String JSON = "application/json;charset=UTF-8";

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private SampleResponses() {}

  /** {@code /public/hello}: needs no token. */
  static String hello() {
    return write(json -> {
      json.writeStringField("resource", "hello");
      json.writeStringField("message", "Hello! This resource needs no token.");
    });
  }

  /** {@code /api/profile}: any valid token; who called, and with what token. */
  static String profile(TokenPrincipal principal) {
    return write(json -> {
      json.writeStringField("resource", "profile");
      json.writeStringField("name", principal.getName());
      writeToken(json, principal.token());
    });
  }

  /** {@code /api/balance}: a token covering {@code accessRestricted}; made-up account data and the token. */
  static String balance(TokenPrincipal principal) {
    return write(json -> {
      json.writeStringField("resource", "balance");
      json.writeStringField("accountHolder", principal.getName());
      json.writeStringField("balance", "1024.00");
      json.writeStringField("currency", "EUR");
      writeToken(json, principal.token());
    });
  }

  /**
   * What a resource can read from the token: the standard introspection claims (the user as
   * {@code username} and {@code subject}: the principal's name is the first of them that is set) and the
   * MobileFirst application and device it was issued to.
   */
  private static void writeToken(JsonGenerator json, TokenInfo token) throws IOException {
    json.writeObjectFieldStart("token");
    json.writeStringField("username", token.username());
    // a JWT names its user here (RFC 9068 has no username claim); the principal's name falls back to it
    json.writeStringField("subject", token.subject());
    json.writeStringField("clientId", token.clientId());
    json.writeStringField("scope", token.scope().toString());
    if (token.expiresAt() == null) {
      json.writeNullField("expiresAt");
    } else {
      json.writeStringField("expiresAt", token.expiresAt().toString());
    }
    TokenInfo.Application application = token.mobileFirst().application();
    if (application == null) {
      json.writeNullField("application");
    } else {
      json.writeObjectFieldStart("application");
      json.writeStringField("id", application.id());
      json.writeStringField("clientPlatform", application.clientPlatform());
      json.writeStringField("version", application.version());
      json.writeEndObject();
    }
    TokenInfo.Device device = token.mobileFirst().device();
    if (device == null) {
      json.writeNullField("device");
    } else {
      json.writeObjectFieldStart("device");
      json.writeStringField("id", device.id());
      json.writeStringField("platform", device.platform());
      json.writeStringField("status", device.status());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static String write(Fields fields) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      fields.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Writing to a StringWriter failed", e);
    }
    return out.toString();
  }

  private interface Fields {
    void write(JsonGenerator json) throws IOException;
  }
}
