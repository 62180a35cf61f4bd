package io.github.tokenvalidator.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.tokenvalidator.Settings;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IDE metadata the starter's jar carries lists exactly core's keys and the starter's own. */
class ConfigurationMetadataTest {

  @Test
  void metadataNamesEveryKeyOfCoreAndOfTheStarter() throws Exception {
    List<String> expected = new ArrayList<>();
    Settings.keys().forEach(key -> expected.add(key.propertyName()));
    TokenValidatorSettings.STARTER_KEYS.forEach(key -> expected.add(key.name()));

    assertThat(propertyNames()).containsExactlyElementsOf(expected);
  }

  private static List<String> propertyNames() throws Exception {
    List<String> names = new ArrayList<>();
    try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json");
        JsonParser json = new JsonFactory().createParser(in)) {
      assertThat(json.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String section = json.currentName();
        json.nextToken();
        if (!section.equals("properties")) {
          json.skipChildren();
          continue;
        }
        while (json.nextToken() == JsonToken.START_OBJECT) {
          while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if (field.equals("name")) {
              names.add(json.getText());
            } else {
              json.skipChildren();
            }
          }
        }
      }
    }
    return names;
  }
}
