package io.github.tokenvalidator.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.RedisServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The starter and the shared cache in real (non-web) Boot applications against a real Redis: on
 * {@code shared-cache.uri}, or on Boot's own Redis connection when only {@code shared-cache.secret} is set.
 */
class SharedCacheAutoConfigurationTest {
  private static final String SECRET = "fleet-secret-0123456789";
  private static RedisServer redis;
  private static MockAuthorizationServer server;

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({RedisAutoConfiguration.class, TokenValidatorAutoConfiguration.class})
  static class Application {}

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    server = MockAuthorizationServer.start().activeToken("boot-token", "read", "alice");
  }

  @AfterAll
  static void stop() {
    server.close();
    redis.close();
  }

  private static SpringApplicationBuilder application(String... properties) {
    return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
        .properties("tokenvalidator.server-url=" + server.serverUrl(), "tokenvalidator.client-id=test",
            "tokenvalidator.client-secret=test", "tokenvalidator.shared-cache.timeout=500ms")
        .properties(properties);
  }

  private static void awaitAnswersInRedis(long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((Long) redis.command("DBSIZE") < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(redis.command("DBSIZE")).isEqualTo(count);
  }

  /** Validates until the store, which connects in the background, has shared the answer. */
  private static void validateUntilShared(TokenValidator validator) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      assertThat(validator.validate("Bearer boot-token", "read").isValid()).isTrue();
      Thread.sleep(50);
      if ((Long) redis.command("DBSIZE") > 0) {
        break;
      }
      validator.revokeToken("boot-token"); // not shared yet (not connected): the next validation resolves again
    }
    awaitAnswersInRedis(1);
  }

  @Test
  void bootsOwnRedisConnectionIsReusedWhenOnlyTheSecretIsSet() throws Exception {
    redis.command("FLUSHALL");
    try (ConfigurableApplicationContext context = application("spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=" + redis.port(), "tokenvalidator.shared-cache.secret=" + SECRET).run()) {
      validateUntilShared(context.getBean(TokenValidator.class));
      assertThat((String) redis.commandText("CLIENT", "LIST")).contains("cmd=");
    }
  }

  @Test
  void theUriStartsTheSharedCacheOnItsOwnConnection() throws Exception {
    redis.command("FLUSHALL");
    try (ConfigurableApplicationContext context = application("tokenvalidator.shared-cache.uri=" + redis.uri(),
        "tokenvalidator.shared-cache.secret=" + SECRET, "spring.data.redis.port=1").run()) {
      validateUntilShared(context.getBean(TokenValidator.class));
    }
  }

  @Test
  void withoutTheSecretTheApplicationRefusesToStart() {
    assertThatThrownBy(() -> application("tokenvalidator.shared-cache.uri=" + redis.uri(),
        "logging.level.root=off").run())
        .rootCause().isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("tokenvalidator.shared-cache.secret");
  }

  @Test
  void withoutTheSecretBootsRedisIsNotUsed() throws Exception {
    redis.command("FLUSHALL");
    try (ConfigurableApplicationContext context = application("spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=" + redis.port()).run()) {
      TokenValidator validator = context.getBean(TokenValidator.class);
      assertThat(validator.validate("Bearer boot-token", "read").isValid()).isTrue();
      Thread.sleep(100);
      assertThat(redis.command("DBSIZE")).isEqualTo(0L);
    }
  }
}
