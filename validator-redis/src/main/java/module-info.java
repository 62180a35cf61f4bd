/**
 * The cache a fleet of validators shares, on Redis through Lettuce: {@code RedisSharedStore}, provided to
 * the validator for {@code shared-cache.uri}.
 */
// Lettuce ships no module-info; its Automatic-Module-Name (lettuce.core) is stable.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.tokenvalidator.redis {
  // RedisSharedStore.using names Lettuce's client types
  requires transitive io.github.tokenvalidator;
  requires transitive lettuce.core;
  requires org.slf4j;

  exports io.github.tokenvalidator.redis;

  provides io.github.tokenvalidator.spi.SharedStoreProvider with io.github.tokenvalidator.redis.RedisStoreProvider;
}
