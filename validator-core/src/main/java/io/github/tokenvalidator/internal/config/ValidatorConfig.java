package io.github.tokenvalidator.internal.config;

import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.internal.jwt.JwsAlgorithm;
import io.github.tokenvalidator.internal.jwt.JwtRules;
import io.github.tokenvalidator.internal.transport.TrustStores;
import io.github.tokenvalidator.spi.SharedStore;
import io.github.tokenvalidator.spi.SharedStoreProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * The validator's complete, checked configuration: a value for every {@link Setting}, and the objects only
 * the builder can give (clock, ticker, executor, listener, SSL context). Immutable and thread-safe.
 *
 * <p>Made once per validator by {@code TokenValidator.Builder} through {@link #builder()}. Each component
 * reads the settings it owns with {@link #get(Setting)}; nothing outside the engine can read a value back,
 * the secrets least of all, and {@link #toString()} masks them.
 */
public final class ValidatorConfig {
  private final Map<Setting<?>, Object> values;
  private final URI introspectionEndpoint;
  private final URI tokenEndpoint;
  private final ClientAuthentication clientAuthentication;
  private final Set<JwsAlgorithm> jwtAlgorithms;
  private final SSLContext sslContext;
  private final Clock clock;
  private final Ticker ticker;
  private final Executor executor;
  private final ValidationListener listener;
  private final SharedStore sharedStore;

  private ValidatorConfig(Builder b) {
    IntrospectionSettings.check(b);
    JwtSettings.check(b);
    Map<Setting<?>, Object> all = new IdentityHashMap<>();
    for (Setting<?> setting : AllSettings.list()) {
      all.put(setting, b.get(setting));
    }
    this.values = Collections.unmodifiableMap(all);
    this.introspectionEndpoint = IntrospectionSettings.introspectionEndpoint(b);
    this.tokenEndpoint = IntrospectionSettings.tokenEndpoint(b);
    this.clientAuthentication = IntrospectionSettings.clientAuthentication(b);
    this.jwtAlgorithms = JwtSettings.algorithms(JwtSettings.ALGORITHMS.name(), b.get(JwtSettings.ALGORITHMS));
    this.sslContext = b.sslContext();
    this.clock = b.clock;
    this.ticker = b.ticker;
    this.executor = b.executor;
    this.listener = b.listener;
    SharedCacheSettings.check(b, b.sharedStore != null, b.sharedStoreProvider != null);
    this.sharedStore = b.sharedStore != null ? b.sharedStore : sharedStore(b);
  }

  /** The store {@code shared-cache.*} asks for, from the given provider or the one on the class path; or null. */
  private static SharedStore sharedStore(Builder b) {
    if (b.sharedStoreProvider == null && !SharedCacheSettings.requested(b)) {
      return null;
    }
    SharedStoreProvider provider = b.sharedStoreProvider;
    if (provider == null) {
      provider = ServiceLoader.load(SharedStoreProvider.class, ValidatorConfig.class.getClassLoader()).findFirst()
          .orElseThrow(() -> b.invalid(SharedCacheSettings.URI,
              "is set but no shared cache module is on the class path (add io.github.tokenvalidator:validator-redis)"));
    }
    return provider.create(SharedCacheSettings.view(b, b.ticker));
  }

  /**
   * The value of {@code setting}: as set, or its default (null for a setting without one).
   *
   * @param setting a setting of {@link AllSettings}
   * @param <T> its type
   * @return the value, or null
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting);
  }

  /** {@return the introspection endpoint, set or derived from {@code server-url}; null in {@code jwt} format} */
  public URI introspectionEndpoint() {
    return introspectionEndpoint;
  }

  /** {@return the token endpoint, set or derived from {@code server-url}; null when there is none} */
  public URI tokenEndpoint() {
    return tokenEndpoint;
  }

  /** {@return how the validator authenticates to the introspection endpoint, set or derived} */
  public ClientAuthentication clientAuthentication() {
    return clientAuthentication;
  }

  /** {@return the JWS algorithms accepted} */
  public Set<JwsAlgorithm> jwtAlgorithms() {
    return jwtAlgorithms;
  }

  /** {@return the accepted {@code typ} values, lower case, the empty string for an absent one} */
  public Set<String> jwtTypes() {
    return "rfc9068".equals(get(JwtSettings.PROFILE)) ? JwtRules.RFC9068_TYPES : JwtRules.DEFAULT_TYPES;
  }

  /** {@return the SSL context for {@code https://} endpoints, or null for the JDK's default} */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** {@return the clock compared with {@code exp}, {@code nbf} and {@code iat}} */
  public Clock clock() {
    return clock;
  }

  /** {@return the monotonic time of every duration} */
  public Ticker ticker() {
    return ticker;
  }

  /** {@return the application's executor, or null for the validator's own} */
  public Executor executor() {
    return executor;
  }

  /** {@return the listener, never null} */
  public ValidationListener listener() {
    return listener;
  }

  /** {@return the store a fleet shares, or null for none} */
  public SharedStore sharedStore() {
    return sharedStore;
  }

  /** Every setting, secrets shown as {@code ****}, for logs and {@code toString()}. */
  @Override
  public String toString() {
    return describe(values::get);
  }

  private static String describe(java.util.function.Function<Setting<?>, Object> value) {
    StringJoiner joined = new StringJoiner(", ", "{", "}");
    for (Setting<?> setting : AllSettings.list()) {
      Object shown = value.apply(setting);
      joined.add(setting.name() + "=" + (setting.isSecret() ? mask(shown) : spelled(shown)));
    }
    return joined.toString();
  }

  /** A value as a setting would spell it where its {@code toString()} does not. */
  private static Object spelled(Object value) {
    if (value instanceof ClientAuthentication) {
      return ((ClientAuthentication) value).settingValue();
    }
    if (value instanceof io.github.tokenvalidator.TokenFormat) {
      return ((io.github.tokenvalidator.TokenFormat) value).settingValue();
    }
    return value;
  }

  /**
   * {@code ****} for a secret that is set, {@code null} otherwise.
   *
   * @param secret the secret, or null
   * @return its masked form
   */
  public static String mask(Object secret) {
    return secret == null ? "null" : "****";
  }

  /**
   * A builder with every default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects the values for one {@link ValidatorConfig}; {@code TokenValidator.Builder} keeps one privately
   * and checks each value with its {@link Setting} before it gets here. Not thread-safe.
   */
  public static final class Builder {
    private final Map<Setting<?>, Object> values = new IdentityHashMap<>();
    /** How the user wrote a setting that came as text (an environment variable, a property), for messages. */
    private final Map<Setting<?>, String> spelledAs = new IdentityHashMap<>();
    private SSLContext sslContext;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private Executor executor;
    private ValidationListener listener = ValidationListener.NONE;
    private SharedStore sharedStore;
    private SharedStoreProvider sharedStoreProvider;

    private Builder() {}

    /**
     * Sets a checked value.
     *
     * @param setting the setting
     * @param value its value, already checked by {@link Setting#check}
     * @param source how the user wrote the setting, or null when it came through a builder method
     * @param <T> its type
     * @return this builder
     */
    public <T> Builder set(Setting<T> setting, T value, String source) {
      values.put(setting, value);
      if (source == null) {
        spelledAs.remove(setting);
      } else {
        spelledAs.put(setting, source);
      }
      return this;
    }

    /**
     * The value set so far, or the default.
     *
     * @param setting the setting
     * @param <T> its type
     * @return the value, or null
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
      return values.containsKey(setting) ? (T) values.get(setting) : setting.defaultValue();
    }

    /**
     * A configuration error naming {@code setting} as the user wrote it.
     *
     * @param setting the setting at fault
     * @param message what is wrong, without the key
     * @return the exception, to throw
     */
    public InvalidConfigurationException invalid(Setting<?> setting, String message) {
      String source = spelledAs.get(setting);
      return source == null ? new InvalidConfigurationException(setting.name(), message)
          : new InvalidConfigurationException(setting.name(), source, message);
    }

    void require(Setting<?> setting) {
      if (get(setting) == null) {
        throw invalid(setting, "is required");
      }
    }

    /**
     * Custom trust for {@code https://} endpoints.
     *
     * @param value the context
     * @return this builder
     */
    public Builder sslContext(SSLContext value) {
      sslContext = Objects.requireNonNull(value, "sslContext");
      return this;
    }

    /**
     * The clock compared with {@code exp}, {@code nbf} and {@code iat}.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * The monotonic time of every duration.
     *
     * @param value the ticker
     * @return this builder
     */
    public Builder ticker(Ticker value) {
      ticker = Objects.requireNonNull(value, "ticker");
      return this;
    }

    /**
     * The executor for HTTP work and callbacks.
     *
     * @param value the executor
     * @return this builder
     */
    public Builder executor(Executor value) {
      executor = Objects.requireNonNull(value, "executor");
      return this;
    }

    /**
     * The listener for metrics and audit.
     *
     * @param value the listener
     * @return this builder
     */
    public Builder listener(ValidationListener value) {
      listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    /**
     * The store a fleet shares, behind the validator's own cache.
     *
     * @param value the store
     * @return this builder
     */
    public Builder sharedStore(SharedStore value) {
      sharedStore = Objects.requireNonNull(value, "sharedStore");
      return this;
    }

    /**
     * Makes the shared store from the {@code shared-cache.*} settings, instead of the provider on the class path;
     * it needs {@code shared-cache.secret}, not {@code shared-cache.uri} (it may bring its own connection).
     *
     * @param value the provider
     * @return this builder
     */
    public Builder sharedStoreProvider(SharedStoreProvider value) {
      sharedStoreProvider = Objects.requireNonNull(value, "sharedStoreProvider");
      return this;
    }

    /** The SSL context: the builder's, or one read from the trust-store settings; both is an error. */
    private SSLContext sslContext() {
      Path trustStore = get(TransportSettings.TRUST_STORE);
      String password = get(TransportSettings.TRUST_STORE_PASSWORD);
      if (password != null && trustStore == null) {
        throw invalid(TransportSettings.TRUST_STORE_PASSWORD, "is set, but trust-store is not");
      }
      if (trustStore == null) {
        return sslContext;
      }
      if (sslContext != null) {
        throw invalid(TransportSettings.TRUST_STORE, "set either trust-store or the builder's sslContext, not both");
      }
      return TrustStores.sslContext(trustStore, password, get(TransportSettings.TRUST_STORE_TYPE));
    }

    /**
     * The checked configuration.
     *
     * @return the configuration
     * @throws InvalidConfigurationException naming the setting, if the settings do not make a whole
     */
    public ValidatorConfig build() {
      return new ValidatorConfig(this);
    }

    /** The settings so far, secrets masked. */
    @Override
    public String toString() {
      return describe(this::get);
    }
  }
}
