package io.github.tokenvalidator.spi;

/**
 * Makes the {@link SharedStore} that {@code shared-cache.uri} asks for: the validator finds the provider with
 * {@link java.util.ServiceLoader} (validator-redis registers one), or is given one by a framework that brings
 * its own connection (the Spring Boot starter). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SharedStoreProvider {
  /**
   * A store for {@code config}; it must not wait for the store to answer (a store that is down when the
   * validator starts is tried again later).
   *
   * @param config the {@code shared-cache.*} settings
   * @return the store, which the validator closes when it is closed
   * @throws io.github.tokenvalidator.InvalidConfigurationException naming the setting, if it cannot be used
   */
  SharedStore create(SharedCacheConfig config);
}
