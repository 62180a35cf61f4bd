package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tokenvalidator.fuzz.FuzzInput;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the settings as a user writes them, through the public {@code TokenValidator.Builder.properties}
 * and {@code environment} and {@code build()}: a validator, or an {@link InvalidConfigurationException}
 * that names a setting and repeats no secret. Nothing else may escape, whatever a value does when it is
 * used at build time.
 *
 * <p>The input is text, one setting a line: {@code key=value}, where a key without the
 * {@code tokenvalidator.} prefix gets it, and a key in {@code TOKENVALIDATOR_} form is an environment
 * variable. A {@code trust-store} value {@code @p12}, {@code @jks}, {@code @pem}, {@code @empty} or
 * {@code @dir} names a file prepared here (the PKCS12 and JKS stores open with {@code changeit}). Eager
 * start is always turned off, so no value ever makes the validator connect anywhere.
 */
class SettingsFuzzTest {
  private static final List<String> SECRET_KEYS = List.of("client-secret", "trust-store-password");
  private static final Map<String, Path> FILES = new LinkedHashMap<>();
  private static final Pattern KEY_CHARACTERS = Pattern.compile("[a-z0-9.-]*");

  @TempDir
  static Path dir;

  @BeforeAll
  static void prepareFiles() throws Exception {
    FuzzInput.quietLogs();
    HeldCertificate certificate = new HeldCertificate.Builder().commonName("localhost").build();
    for (String type : List.of("PKCS12", "JKS")) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(null, null);
      store.setCertificateEntry("authorization-server", certificate.certificate());
      Path file = dir.resolve("trust." + type.toLowerCase(java.util.Locale.ROOT));
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, "changeit".toCharArray());
      }
      FILES.put(type.equals("JKS") ? "@jks" : "@p12", file);
    }
    FILES.put("@pem", Files.writeString(dir.resolve("cert.pem"), certificate.certificatePem()));
    FILES.put("@empty", Files.createFile(dir.resolve("empty")));
    FILES.put("@dir", Files.createDirectory(dir.resolve("a-directory")));
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "settings.dict")
  void settings(byte[] input) {
    Map<String, String> properties = new LinkedHashMap<>();
    Map<String, String> environment = new LinkedHashMap<>();
    for (String line : FuzzInput.text(input).split("\n", -1)) {
      int equals = line.indexOf('=');
      String key = equals < 0 ? line : line.substring(0, equals);
      String value = equals < 0 ? "" : line.substring(equals + 1);
      if (key.startsWith(Settings.ENVIRONMENT_PREFIX)) {
        environment.put(key, value);
      } else {
        String name = key.startsWith(Settings.PROPERTY_PREFIX) ? key : Settings.PROPERTY_PREFIX + key;
        properties.put(name, name.endsWith("trust-store") ? trustStore(value) : value);
      }
    }
    if (properties.values().stream().anyMatch(SettingsFuzzTest::isSpecialFile)) {
      return; // a device or a pipe (/dev/stdin is the test JVM's own control channel) is no trust store
    }
    List<String> secrets = secrets(properties, environment);
    TokenValidator validator;
    try {
      validator = TokenValidator.builder().properties(properties).environment(environment).eagerStart(false).build();
    } catch (InvalidConfigurationException refused) {
      String message = refused.getMessage();
      assertThat(message.startsWith(Settings.PROPERTY_PREFIX) || message.startsWith(Settings.ENVIRONMENT_PREFIX))
          .as("names the setting: %s", message).isTrue();
      for (String secret : secrets) {
        assertThat(refused.getMessage()).doesNotContain(secret);
      }
      return;
    }
    try {
      for (String secret : secrets) {
        assertThat(validator.toString()).doesNotContain(secret);
      }
      assertThat(validator.validate(null).error().kind()).isEqualTo(AuthenticationError.Kind.MISSING_TOKEN);
      assertThat(validator.health()).isNotNull();
      if (validator.realm() != null) {
        assertThat(validator.realm()).matches("[\\x20-\\x7E]*"); // it goes into every challenge
      }
    } finally {
      validator.close();
    }
  }

  private static String trustStore(String value) {
    Path prepared = FILES.get(value.trim());
    return prepared == null ? value : prepared.toString();
  }

  private static boolean isSpecialFile(String value) {
    try {
      Path path = Path.of(value.trim());
      return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    } catch (InvalidPathException | SecurityException notAPath) {
      return false;
    }
  }

  /**
   * The values of the secret settings that a message must never repeat: those of eight characters or more
   * that appear nowhere else in the input, so a message naming another value cannot contain them by chance,
   * and that are not made of key characters alone, so the list of known keys cannot either.
   */
  private static List<String> secrets(Map<String, String> properties, Map<String, String> environment) {
    List<String> secrets = new java.util.ArrayList<>();
    for (String key : SECRET_KEYS) {
      List<String> candidates = new java.util.ArrayList<>();
      candidates.add(properties.get(Settings.PROPERTY_PREFIX + key));
      String variable = key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
      candidates.add(environment.get(Settings.ENVIRONMENT_PREFIX + variable));
      // an issuer group's secrets too: tokenvalidator.issuers.<name>.<key>, TOKENVALIDATOR_ISSUERS_<NAME>_<KEY>
      properties.forEach((name, value) -> {
        if (name.startsWith(Settings.PROPERTY_PREFIX + "issuers.") && name.endsWith("." + key)) {
          candidates.add(value);
        }
      });
      environment.forEach((name, value) -> {
        if (name.startsWith(Settings.ENVIRONMENT_PREFIX + "ISSUERS_") && name.endsWith("_" + variable)) {
          candidates.add(value);
        }
      });
      for (String candidate : candidates) {
        String secret = candidate == null ? null : candidate.trim();
        if (secret == null || secret.length() < 8 || KEY_CHARACTERS.matcher(secret).matches()) {
          continue;
        }
        long holders = java.util.stream.Stream.concat(
                java.util.stream.Stream.concat(properties.keySet().stream(), properties.values().stream()),
                java.util.stream.Stream.concat(environment.keySet().stream(), environment.values().stream()))
            .filter(text -> text.contains(secret)).count();
        if (holders == 1) {
          secrets.add(secret);
        }
      }
    }
    return secrets;
  }
}
