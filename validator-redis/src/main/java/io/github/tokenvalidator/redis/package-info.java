/**
 * The cache a fleet of validators shares, on Redis: {@link io.github.tokenvalidator.redis.RedisSharedStore},
 * found by the validator when {@code tokenvalidator.shared-cache.uri} is set. See {@code docs/shared-cache.md}.
 */
package io.github.tokenvalidator.redis;
