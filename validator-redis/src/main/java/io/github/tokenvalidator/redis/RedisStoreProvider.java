package io.github.tokenvalidator.redis;

import io.github.tokenvalidator.spi.SharedCacheConfig;
import io.github.tokenvalidator.spi.SharedStore;
import io.github.tokenvalidator.spi.SharedStoreProvider;

/**
 * Makes a {@link RedisSharedStore} when {@code shared-cache.uri} is set: registered for
 * {@link java.util.ServiceLoader}, so the validator finds it on the class path. Applications do not call it.
 * Stateless and thread-safe.
 */
public final class RedisStoreProvider implements SharedStoreProvider {
  /** The provider, for {@link java.util.ServiceLoader}. */
  public RedisStoreProvider() {}

  @Override
  public SharedStore create(SharedCacheConfig config) {
    return RedisSharedStore.create(config);
  }
}
