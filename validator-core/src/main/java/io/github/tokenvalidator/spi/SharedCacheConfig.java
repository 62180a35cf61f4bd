package io.github.tokenvalidator.spi;

import io.github.tokenvalidator.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code shared-cache.*} settings as the validator read them, for the module that makes the
 * {@link SharedStore}: the same keys work from properties, the environment and Spring. Immutable and
 * thread-safe; {@link #toString()} masks the secrets.
 */
public final class SharedCacheConfig {
  private final String uri;
  private final String secret;
  private final String olderSecret;
  private final Duration timeout;
  private final Duration failureBackoff;
  private final String keyPrefix;
  private final List<String> clusterNodes;
  private final Path trustStore;
  private final Ticker ticker;

  /**
   * The settings; the validator makes this from {@code shared-cache.*}, tests and modules may too.
   *
   * @param uri {@code shared-cache.uri}, or null when the store reuses a connection it was given
   * @param secret {@code shared-cache.secret}, required
   * @param olderSecret {@code shared-cache.older-secret}, or null
   * @param timeout {@code shared-cache.timeout}, the bound of each operation
   * @param failureBackoff {@code shared-cache.failure-backoff}
   * @param keyPrefix {@code shared-cache.key-prefix}
   * @param clusterNodes {@code shared-cache.cluster-nodes}, empty for none
   * @param trustStore {@code shared-cache.trust-store}, or null
   * @param ticker the validator's monotonic time, for back-offs
   */
  public SharedCacheConfig(String uri, String secret, String olderSecret, Duration timeout, Duration failureBackoff,
      String keyPrefix, List<String> clusterNodes, Path trustStore, Ticker ticker) {
    this.uri = uri;
    this.secret = Objects.requireNonNull(secret, "secret");
    this.olderSecret = olderSecret;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.failureBackoff = Objects.requireNonNull(failureBackoff, "failureBackoff");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.clusterNodes = List.copyOf(clusterNodes);
    this.trustStore = trustStore;
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /** {@return the Redis URI, or null} */
  public String uri() {
    return uri;
  }

  /** {@return the fleet secret} */
  public String secret() {
    return secret;
  }

  /** {@return the previous fleet secret, accepted for reading, or null} */
  public String olderSecret() {
    return olderSecret;
  }

  /** {@return the longest wait for one operation} */
  public Duration timeout() {
    return timeout;
  }

  /** {@return how long the store is skipped after repeated failures} */
  public Duration failureBackoff() {
    return failureBackoff;
  }

  /** {@return the prefix of every key and channel} */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** {@return the Redis Cluster seed nodes ({@code host:port}), empty when not a cluster} */
  public List<String> clusterNodes() {
    return clusterNodes;
  }

  /** {@return the PEM file of trusted certificates for TLS, or null for the JDK's trust} */
  public Path trustStore() {
    return trustStore;
  }

  /** {@return the monotonic time} */
  public Ticker ticker() {
    return ticker;
  }

  @Override
  public String toString() {
    return "SharedCacheConfig{uri=" + (uri == null ? null : uri.replaceAll("//[^@/]*@", "//****@"))
        + ", secret=****" + (olderSecret == null ? "" : ", older-secret=****") + ", timeout=" + timeout
        + ", failure-backoff=" + failureBackoff + ", key-prefix=" + keyPrefix + ", cluster-nodes=" + clusterNodes
        + "}";
  }
}
