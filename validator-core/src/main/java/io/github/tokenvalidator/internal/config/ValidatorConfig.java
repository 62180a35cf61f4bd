package io.github.tokenvalidator.internal.config;

import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Settings;
import io.github.tokenvalidator.Ticker;
import io.github.tokenvalidator.ValidationListener;
import io.github.tokenvalidator.internal.jwt.JwsAlgorithm;
import io.github.tokenvalidator.internal.jwt.JwtRules;
import io.github.tokenvalidator.internal.transport.TrustStores;
import io.github.tokenvalidator.spi.SharedCacheConfig;
import io.github.tokenvalidator.spi.SharedStore;
import io.github.tokenvalidator.spi.SharedStoreProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  private final SharedStoreHolder sharedStore;
  private final boolean resourceIsAudience;
  /** The issuer's name: {@link IssuerGroups#DEFAULT} for the default issuer, else its group's. */
  private final String issuerName;
  /** The default issuer's configuration, then each group's, by name; only the default's holds them all. */
  private final List<ValidatorConfig> issuers;

  private ValidatorConfig(Builder b) {
    this(b, b.sslContext(), null);
  }

  private ValidatorConfig(Builder b, SSLContext sslContext, SharedStoreHolder store) {
    IntrospectionSettings.check(b);
    JwtSettings.check(b);
    DpopSettings.check(b);
    Map<Setting<?>, Object> all = new IdentityHashMap<>();
    for (Setting<?> setting : AllSettings.list()) {
      all.put(setting, b.get(setting));
    }
    // RFC 8707: without an explicit audience, tokens must be meant for this resource
    this.resourceIsAudience = b.get(JwtSettings.AUDIENCE).isEmpty() && !b.get(ResourceSettings.RESOURCE).isEmpty();
    if (resourceIsAudience) {
      all.put(JwtSettings.AUDIENCE, b.get(ResourceSettings.RESOURCE));
    }
    this.values = Collections.unmodifiableMap(all);
    this.introspectionEndpoint = IntrospectionSettings.introspectionEndpoint(b);
    this.tokenEndpoint = IntrospectionSettings.tokenEndpoint(b);
    this.clientAuthentication = IntrospectionSettings.clientAuthentication(b);
    this.jwtAlgorithms = JwtSettings.algorithms(JwtSettings.ALGORITHMS.name(), b.get(JwtSettings.ALGORITHMS));
    this.sslContext = sslContext;
    Builder root = b.parent == null ? b : b.parent;
    this.clock = root.clock;
    this.ticker = root.ticker;
    this.executor = root.executor;
    this.listener = root.listener;
    // The root makes the holder (checking the shared-cache settings, finding the provider); groups share it.
    this.sharedStore = store != null ? store : SharedStoreHolder.of(b);
    this.issuerName = b.groupName == null ? IssuerGroups.DEFAULT : b.groupName;
    if (b.parent != null) {
      this.issuers = List.of(this);
      return;
    }
    List<ValidatorConfig> issuers = new ArrayList<>();
    issuers.add(this);
    for (Builder group : b.groups.values()) {
      issuers.add(new ValidatorConfig(group, sslContext, this.sharedStore));
    }
    IssuerGroups.checkDistinct(b, List.copyOf(b.groups.values()));
    this.issuers = List.copyOf(issuers);
  }

  /** {@return the issuer's name: {@code default} for the default issuer, else its group's name} */
  public String issuerName() {
    return issuerName;
  }

  /**
   * {@return every issuer's configuration: the default issuer's (this one) first, then each group's in name
   * order; a group's holds its own issuer settings and the validator's others}
   */
  public List<ValidatorConfig> issuers() {
    return issuers;
  }

  /**
   * {@return the name of {@code setting} for this issuer, as a message names it: {@code issuer}, or
   * {@code issuers.partners.issuer} in a group}
   *
   * @param setting an issuer setting
   */
  public String keyOf(Setting<?> setting) {
    return IssuerGroups.DEFAULT.equals(issuerName) || setting.scope() != Setting.Scope.ISSUER ? setting.name()
        : IssuerGroups.key(issuerName, setting);
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

  /**
   * {@return whether {@code audience} is the {@code resource} setting's identifiers, because no audience was set:
   * then each route's resource is the audience its tokens must name}
   */
  public boolean resourceIsAudience() {
    return resourceIsAudience;
  }

  /** {@return the store a fleet shares, or null for none} */
  public SharedStore sharedStore() {
    return sharedStore.get();
  }

  /** Every setting, secrets shown as {@code ****}, for logs and {@code toString()}. */
  @Override
  public String toString() {
    if (issuers.size() < 2) {
      return describe(values::get);
    }
    StringBuilder all = new StringBuilder(describe(values::get));
    for (ValidatorConfig group : issuers.subList(1, issuers.size())) {
      StringJoiner joined = new StringJoiner(", ", ", issuers." + group.issuerName + "={", "}");
      for (Setting<?> setting : AllSettings.list()) {
        if (setting.scope() == Setting.Scope.ISSUER) {
          Object shown = group.values.get(setting);
          joined.add(setting.name() + "=" + (setting.isSecret() ? mask(shown) : spelled(shown)));
        }
      }
      all.insert(all.length() - 1, joined);
    }
    return all.toString();
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
    /** For a group: the validator's builder, which holds every setting but the issuer's; else null. */
    private final Builder parent;
    private final String groupName;
    private final Map<String, Builder> groups = new TreeMap<>();

    private Builder() {
      this(null, null);
    }

    private Builder(Builder parent, String groupName) {
      this.parent = parent;
      this.groupName = groupName;
    }

    /**
     * The builder of issuer group {@code name}, made on first use: it takes the issuer settings alone and
     * inherits none of the default issuer's values.
     *
     * @param name the group's name, already checked by {@link IssuerGroups#checkName}
     * @return the group's builder
     */
    public Builder group(String name) {
      if (parent != null) {
        throw new IllegalStateException("a group has no groups");
      }
      return groups.computeIfAbsent(name, n -> new Builder(this, n));
    }

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
      if (parent != null && setting.scope() != Setting.Scope.ISSUER) {
        throw new IllegalArgumentException(setting.name() + " is not an issuer setting");
      }
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
      if (parent != null && setting.scope() != Setting.Scope.ISSUER) {
        return parent.get(setting);
      }
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
      if (parent != null && setting.scope() != Setting.Scope.ISSUER) {
        return parent.invalid(setting, message);
      }
      String key = groupName == null ? setting.name() : IssuerGroups.key(groupName, setting);
      String source = spelledAs.get(setting);
      return source == null ? new InvalidConfigurationException(key, message)
          : new InvalidConfigurationException(key, source, message);
    }

    /** {@return how the user wrote {@code setting} here, as a message names it} */
    String spelling(Setting<?> setting) {
      String source = spelledAs.get(setting);
      return source != null ? source : Settings.PROPERTY_PREFIX
          + (groupName == null ? setting.name() : IssuerGroups.key(groupName, setting));
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

  /**
   * The store a fleet shares, one for the validator and its issuer groups: given to the builder, or made by
   * the provider (given, or found on the class path) when the engine first asks, so that nothing is started
   * for a configuration that fails. Thread-safe.
   */
  private static final class SharedStoreHolder {
    private final SharedStoreProvider provider;
    private final SharedCacheConfig settings;
    private SharedStore store;

    private SharedStoreHolder(SharedStore store, SharedStoreProvider provider, SharedCacheConfig settings) {
      this.store = store;
      this.provider = provider;
      this.settings = settings;
    }

    static SharedStoreHolder of(Builder b) {
      SharedCacheSettings.check(b, b.sharedStore != null, b.sharedStoreProvider != null);
      if (b.sharedStore != null || b.sharedStoreProvider == null && !SharedCacheSettings.requested(b)) {
        return new SharedStoreHolder(b.sharedStore, null, null);
      }
      SharedStoreProvider provider = b.sharedStoreProvider;
      if (provider == null) {
        provider = ServiceLoader.load(SharedStoreProvider.class, ValidatorConfig.class.getClassLoader()).findFirst()
            .orElseThrow(() -> b.invalid(SharedCacheSettings.URI, "is set but no shared cache module is on the class"
                + " path (add io.github.tokenvalidator:validator-redis)"));
      }
      return new SharedStoreHolder(null, provider, SharedCacheSettings.view(b, b.ticker));
    }

    synchronized SharedStore get() {
      if (store == null && provider != null) {
        store = provider.create(settings);
      }
      return store;
    }
  }
}
