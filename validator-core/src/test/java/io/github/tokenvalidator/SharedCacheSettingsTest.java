package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.spi.SharedCacheConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The {@code shared-cache.*} settings: what starts the shared cache, what refuses to. */
class SharedCacheSettingsTest {
  private static final String SECRET = "fleet-secret-0123456789";

  private static Map<String, String> settings(String... pairs) {
    Map<String, String> settings = new HashMap<>();
    settings.put("tokenvalidator.introspection-endpoint", "http://127.0.0.1:9/introspect");
    settings.put("tokenvalidator.client-id", "rs");
    settings.put("tokenvalidator.client-secret", "secret");
    for (int i = 0; i < pairs.length; i += 2) {
      settings.put("tokenvalidator." + pairs[i], pairs[i + 1]);
    }
    return settings;
  }

  @Test
  void aUriWithoutTheSecretRefusesToStart() {
    assertThatThrownBy(() -> TokenValidator.fromProperties(settings("shared-cache.uri", "redis://127.0.0.1:6379")))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("tokenvalidator.shared-cache.secret");
  }

  @Test
  void aSecretWithoutAUriRefusesToStart() {
    assertThatThrownBy(() -> TokenValidator.fromProperties(settings("shared-cache.secret", SECRET)))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("tokenvalidator.shared-cache.uri");
  }

  @Test
  void withoutTheRedisModuleTheUriNamesIt() {
    assertThatThrownBy(() -> TokenValidator.fromProperties(settings("shared-cache.uri", "redis://127.0.0.1:6379",
        "shared-cache.secret", SECRET)))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("validator-redis");
  }

  @Test
  void badValuesAreNamedAndNeverRepeated() {
    assertThatThrownBy(() -> TokenValidator.fromProperties(settings("shared-cache.uri", "http://u:hunter2@redis")))
        .hasMessageStartingWith("tokenvalidator.shared-cache.uri").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> TokenValidator.fromProperties(settings("shared-cache.secret", "short")))
        .hasMessageStartingWith("tokenvalidator.shared-cache.secret").hasMessageNotContaining("short\"");
    assertThatThrownBy(() -> TokenValidator.fromProperties(settings("shared-cache.timeout", "2s")))
        .hasMessageStartingWith("tokenvalidator.shared-cache.timeout");
    assertThatThrownBy(() -> TokenValidator.fromEnvironment(Map.of("TOKENVALIDATOR_SHARED_CACHE_NEGATIVE_TTL", "5m")))
        .hasMessageStartingWith("TOKENVALIDATOR_SHARED_CACHE_NEGATIVE_TTL");
  }

  @Test
  void aProviderGetsTheSettingsAsRead() {
    AtomicReference<SharedCacheConfig> seen = new AtomicReference<>();
    try (TokenValidator validator = TokenValidator.builder()
        .environment(Map.of("TOKENVALIDATOR_INTROSPECTION_ENDPOINT", "http://127.0.0.1:9/introspect",
            "TOKENVALIDATOR_CLIENT_ID", "rs", "TOKENVALIDATOR_CLIENT_SECRET", "secret",
            "TOKENVALIDATOR_SHARED_CACHE_SECRET", SECRET, "TOKENVALIDATOR_SHARED_CACHE_TIMEOUT", "20ms",
            "TOKENVALIDATOR_SHARED_CACHE_CLUSTER_NODES", "a:7000, b:7001"))
        .sharedStoreProvider(config -> {
          seen.set(config);
          return new SharedStoreTest.InMemoryStore();
        }).build()) {
      assertThat(validator.health().status()).isEqualTo(Health.Status.UP);
    }
    assertThat(seen.get().secret()).isEqualTo(SECRET);
    assertThat(seen.get().timeout()).isEqualTo(Duration.ofMillis(20));
    assertThat(seen.get().keyPrefix()).isEqualTo("tokenvalidator:");
    assertThat(seen.get().clusterNodes()).containsExactly("a:7000", "b:7001");
    assertThat(seen.get().toString()).doesNotContain(SECRET);
  }
}
