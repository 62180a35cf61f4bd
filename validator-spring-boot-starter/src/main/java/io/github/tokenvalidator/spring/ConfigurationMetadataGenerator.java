package io.github.tokenvalidator.spring;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.tokenvalidator.Settings;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code META-INF/spring-configuration-metadata.json}, which IDEs read to complete and document the
 * {@code tokenvalidator.*} keys, from core's one list of keys ({@link Settings#keys()}) and the starter's own
 * ({@link TokenValidatorSettings#STARTER_KEYS}). Run at build time by the starter's pom (exec-maven-plugin,
 * phase {@code process-classes}), so the metadata cannot drift from the parser. Public only for that
 * build step; not an API, and not used at run time.
 */
public final class ConfigurationMetadataGenerator {
  private ConfigurationMetadataGenerator() {}

  /** {@code args[0]}: the class output directory, such as {@code target/classes}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ConfigurationMetadataGenerator <classes directory>");
    }
    Path file = Path.of(args[0], "META-INF", "spring-configuration-metadata.json");
    Files.createDirectories(file.getParent());
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out);
    }
  }

  static void write(Writer out) throws IOException {
    try (JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      json.writeStartObject();
      json.writeArrayFieldStart("groups");
      group(json, "tokenvalidator", "Token validator settings, read by core's parser (docs/configuration.md).");
      group(json, "tokenvalidator.spring", "Settings of the Spring Boot starter itself (docs/spring-boot.md).");
      json.writeEndArray();

      json.writeArrayFieldStart("properties");
      for (Settings.Key key : Settings.keys()) {
        json.writeStartObject();
        json.writeStringField("name", key.propertyName());
        json.writeStringField("type", javaType(key.type()));
        json.writeStringField("description", plain(key.description()));
        json.writeStringField("sourceType", "io.github.tokenvalidator.TokenValidator");
        if (key.defaultValue().isPresent()) {
          writeDefault(json, key.type(), key.defaultValue().get());
        }
        json.writeEndObject();
      }
      for (TokenValidatorSettings.StarterKey key : TokenValidatorSettings.STARTER_KEYS) {
        json.writeStartObject();
        json.writeStringField("name", key.name());
        json.writeStringField("type", javaType(key.type()));
        json.writeStringField("description", key.description());
        json.writeStringField("sourceType", TokenValidatorAutoConfiguration.class.getName());
        if (key.defaultValue() != null) {
          writeDefault(json, key.type(), key.defaultValue());
        }
        json.writeEndObject();
      }
      json.writeEndArray();

      json.writeArrayFieldStart("hints");
      for (Settings.Key key : Settings.keys()) {
        if (!key.allowedValues().isEmpty()) {
          hint(json, key.propertyName(), key.allowedValues());
        }
      }
      for (TokenValidatorSettings.StarterKey key : TokenValidatorSettings.STARTER_KEYS) {
        if (!key.allowedValues().isEmpty()) {
          hint(json, key.name(), key.allowedValues());
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    out.write('\n');
  }

  private static void group(JsonGenerator json, String name, String description) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeStringField("description", description);
    json.writeEndObject();
  }

  private static void hint(JsonGenerator json, String name, List<String> values) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeArrayFieldStart("values");
    for (String value : values) {
      json.writeStartObject();
      json.writeStringField("value", value);
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeDefault(JsonGenerator json, Settings.Type type, String value) throws IOException {
    switch (type) {
      case BOOLEAN:
        json.writeBooleanField("defaultValue", Boolean.parseBoolean(value));
        break;
      case INTEGER:
        json.writeNumberField("defaultValue", Long.parseLong(value.replace("_", "")));
        break;
      case RATIO:
        json.writeNumberField("defaultValue", Double.parseDouble(value));
        break;
      default:
        json.writeStringField("defaultValue", value);
        break;
    }
  }

  /** The type an IDE checks values against; Spring's duration syntax ({@code 500ms}, {@code 5m}, ISO-8601) is ours. */
  static String javaType(Settings.Type type) {
    switch (type) {
      case DURATION:
        return "java.time.Duration";
      case INTEGER:
        return "java.lang.Long";
      case BOOLEAN:
        return "java.lang.Boolean";
      case RATIO:
        return "java.lang.Double";
      default:
        return "java.lang.String";
    }
  }

  /** Markdown's code spans read as plain text in an IDE's tooltip. */
  private static String plain(String markdown) {
    return markdown.replace("`", "");
  }
}
