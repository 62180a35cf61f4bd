package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.redis.RedisSharedStore;
import io.github.tokenvalidator.spi.SharedCacheConfig;
import io.github.tokenvalidator.spi.SharedStore;
import io.github.tokenvalidator.spi.SharedStoreProvider;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The shared cache on Spring Boot's own Redis connection: when validator-redis is on the class path and the
 * application has Boot's {@link LettuceConnectionFactory}, a {@link SharedStoreProvider} that opens the
 * validator's connections through the factory's Lettuce client, to the server (or Sentinel set, or cluster)
 * Boot is configured for. The validator uses it when {@code tokenvalidator.shared-cache.secret} is set and
 * {@code tokenvalidator.shared-cache.uri} is not. Stateless.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"io.github.tokenvalidator.redis.RedisSharedStore",
    "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory"})
class TokenValidatorSharedCacheConfiguration {

  @Bean
  @ConditionalOnBean(LettuceConnectionFactory.class)
  @ConditionalOnMissingBean(SharedStoreProvider.class)
  SharedStoreProvider tokenValidatorSharedStoreProvider(LettuceConnectionFactory factory) {
    return config -> store(config, factory);
  }

  private static SharedStore store(SharedCacheConfig config, LettuceConnectionFactory factory) {
    AbstractRedisClient client = factory.getNativeClient();
    if (client instanceof RedisClusterClient) {
      return RedisSharedStore.using(config, client, null);
    }
    RedisURI uri;
    if (factory.isRedisSentinelAware()) {
      RedisSentinelConfiguration sentinel = factory.getSentinelConfiguration();
      RedisURI.Builder builder = null;
      for (RedisNode node : sentinel.getSentinels()) {
        builder = builder == null
            ? RedisURI.Builder.sentinel(node.getHost(), node.getPort(), sentinel.getMaster().getName())
            : builder.withSentinel(node.getHost(), node.getPort());
      }
      uri = authenticated(builder, sentinel.getUsername(), sentinel.getPassword())
          .withDatabase(sentinel.getDatabase()).withSsl(factory.isUseSsl()).build();
    } else {
      RedisStandaloneConfiguration standalone = factory.getStandaloneConfiguration();
      uri = authenticated(RedisURI.Builder.redis(standalone.getHostName(), standalone.getPort()),
          standalone.getUsername(), standalone.getPassword())
          .withDatabase(standalone.getDatabase()).withSsl(factory.isUseSsl())
          .build();
    }
    uri.setTimeout(config.timeout());
    return RedisSharedStore.using(config, client, uri);
  }

  private static RedisURI.Builder authenticated(RedisURI.Builder builder, String username, RedisPassword password) {
    if (password.isPresent()) {
      return username == null ? builder.withPassword(password.get()) : builder.withAuthentication(username,
          password.get());
    }
    return builder;
  }
}
