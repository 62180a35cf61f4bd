package io.github.tokenvalidator.internal.config;

import java.util.List;

/** Every setting, in the order of {@code docs/configuration.md}'s table. Thread-safe. */
public final class AllSettings {
  private static final List<Setting<?>> ALL = List.of(
      IntrospectionSettings.SERVER_URL,
      IntrospectionSettings.INTROSPECTION_ENDPOINT,
      IntrospectionSettings.TOKEN_ENDPOINT,
      IntrospectionSettings.CLIENT_ID,
      IntrospectionSettings.CLIENT_SECRET,
      IntrospectionSettings.CLIENT_AUTH,
      IntrospectionSettings.INTROSPECTION_SCOPE,
      RequestSettings.REALM,
      RequestSettings.TRUSTED_PROXIES,
      RequestSettings.EXTERNAL_URL,
      ResourceSettings.RESOURCE,
      ResourceSettings.RESOURCE_NAME,
      ResourceSettings.RESOURCE_DOCUMENTATION,
      TransportSettings.CONNECT_TIMEOUT,
      TransportSettings.REQUEST_TIMEOUT,
      CacheSettings.MAX_SIZE,
      CacheSettings.MAX_TTL,
      CacheSettings.NEGATIVE_TTL,
      CacheSettings.STALE_IF_ERROR,
      SharedCacheSettings.URI,
      SharedCacheSettings.SECRET,
      SharedCacheSettings.OLDER_SECRET,
      SharedCacheSettings.TIMEOUT,
      SharedCacheSettings.FAILURE_BACKOFF,
      SharedCacheSettings.KEY_PREFIX,
      SharedCacheSettings.CLUSTER_NODES,
      SharedCacheSettings.TRUST_STORE,
      SharedCacheSettings.NEGATIVE_TTL,
      TransportSettings.ALLOW_INSECURE_HTTP,
      TransportSettings.PROXY,
      TransportSettings.TRUST_STORE,
      TransportSettings.TRUST_STORE_PASSWORD,
      TransportSettings.TRUST_STORE_TYPE,
      TransportSettings.MAX_RESPONSE_SIZE,
      RequestSettings.MAX_TOKEN_LENGTH,
      ResilienceSettings.MAX_CONCURRENT_INTROSPECTIONS,
      ResilienceSettings.FAILURE_THRESHOLD,
      ResilienceSettings.FAILURE_BACKOFF,
      IntrospectionSettings.RENEWAL_RATIO,
      ResilienceSettings.EAGER_START,
      JwtSettings.TOKEN_FORMAT,
      JwtSettings.ISSUER,
      JwtSettings.JWKS_URI,
      JwtSettings.AUDIENCE,
      JwtSettings.CLOCK_SKEW,
      JwtSettings.ALGORITHMS,
      JwtSettings.PROFILE,
      JwtSettings.MIN_REFETCH_INTERVAL,
      JwtSettings.REFRESH_INTERVAL,
      JwtSettings.MAX_AGE_FLOOR,
      JwtSettings.MAX_AGE_CEILING,
      JwtSettings.OUTAGE_RETENTION,
      DpopSettings.MODE,
      DpopSettings.NONCE,
      DpopSettings.NONCE_SECRET,
      DpopSettings.IAT_WINDOW);

  private AllSettings() {}

  /** {@return every setting, unmodifiable} */
  public static List<Setting<?>> list() {
    return ALL;
  }
}
