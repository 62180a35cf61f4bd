package io.github.tokenvalidator;

import io.github.tokenvalidator.internal.config.AllSettings;
import io.github.tokenvalidator.internal.config.Setting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The list of settings that {@link TokenValidator.Builder#properties(Map)} and
 * {@link TokenValidator.Builder#environment(Map)} understand: each key's name, value type, default and
 * description, the same as {@code docs/configuration.md}.
 *
 * <p>For modules that present the settings elsewhere, such as the Spring Boot starter generating IDE
 * metadata. Immutable and thread-safe.
 */
public final class Settings {
  /** Prefix of every property key: {@code tokenvalidator.}. */
  public static final String PROPERTY_PREFIX = "tokenvalidator.";
  /** Prefix of every environment variable: {@code TOKENVALIDATOR_}. */
  public static final String ENVIRONMENT_PREFIX = "TOKENVALIDATOR_";
  /**
   * Keys under {@code tokenvalidator.spring.} belong to the Spring Boot starter: core ignores them, every
   * other unknown {@code tokenvalidator.*} key is refused.
   */
  public static final String SPRING_PROPERTY_PREFIX = PROPERTY_PREFIX + "spring.";
  /** The environment spelling of {@link #SPRING_PROPERTY_PREFIX}: {@code TOKENVALIDATOR_SPRING_}, ignored by core. */
  public static final String SPRING_ENVIRONMENT_PREFIX = ENVIRONMENT_PREFIX + "SPRING_";

  private static final List<Key> KEYS = AllSettings.list().stream().map(Key::new)
      .collect(Collectors.toUnmodifiableList());

  private static final Map<String, Key> BY_NAME = KEYS.stream()
      .collect(Collectors.toMap(Key::name, k -> k, (a, b) -> a, LinkedHashMap::new));

  private Settings() {}

  /**
   * Every key, in the order of {@code docs/configuration.md}.
   *
   * @return every key, unmodifiable
   */
  public static List<Key> keys() {
    return KEYS;
  }

  /**
   * The key of that name, without the prefix (e.g. {@code cache.max-ttl}), if there is one.
   *
   * @param name the key without the {@code tokenvalidator.} prefix
   * @return the key, or empty when no setting has that name
   */
  public static Optional<Key> key(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The environment variable spelling of a key: {@code cache.max-ttl} → {@code TOKENVALIDATOR_CACHE_MAX_TTL}. */
  static String environmentName(String name) {
    return ENVIRONMENT_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** How a setting's text is read. */
  public enum Type {
    /** Text, trimmed. */
    STRING,
    /** An absolute {@code http://} or {@code https://} URL. */
    URL,
    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT30S}); at most 365 days. */
    DURATION,
    /** A whole number; {@code _} may group digits. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A number strictly between 0 and 1. */
    RATIO,
    /** One of {@link Key#allowedValues()}, ignoring case. */
    ENUM
  }

  /** One setting. Immutable. */
  public static final class Key {
    private final Setting<?> setting;

    private Key(Setting<?> setting) {
      this.setting = setting;
    }

    /** {@return the key without the prefix, e.g. {@code cache.max-size}} */
    public String name() {
      return setting.name();
    }

    /** {@return the property spelling, e.g. {@code tokenvalidator.cache.max-size}} */
    public String propertyName() {
      return PROPERTY_PREFIX + setting.name();
    }

    /** {@return the environment variable spelling, e.g. {@code TOKENVALIDATOR_CACHE_MAX_SIZE}} */
    public String environmentName() {
      return Settings.environmentName(setting.name());
    }

    /** {@return the kind of value the setting takes} */
    public Type type() {
      return setting.type();
    }

    /**
     * For {@link Type#ENUM}, the accepted values as written in settings; otherwise empty.
     *
     * @return the accepted values, or an empty list
     */
    public List<String> allowedValues() {
      return setting.allowedValues();
    }

    /**
     * {@return the default as a setting would spell it (e.g. {@code 5m}), or empty when there is none or it follows
     * from other settings (see {@link #description()})}
     */
    public Optional<String> defaultValue() {
      return Optional.ofNullable(setting.defaultText());
    }

    /** {@return one line, in Markdown, as in {@code docs/configuration.md}} */
    public String description() {
      return setting.description();
    }

    /**
     * {@return whether the setting describes one issuer (its format, endpoints, credentials, audience, JWT rules
     * or keys) rather than the validator as a whole}
     */
    public boolean isIssuerScoped() {
      return setting.scope() == Setting.Scope.ISSUER;
    }

    /** {@return the default as {@code docs/configuration.md}'s table states it, in Markdown} */
    String documentedDefault() {
      return setting.documentedDefault();
    }

    /** Sets the value from {@code text}, written by the user as {@code source}. */
    void apply(TokenValidator.Builder builder, String text, String source) {
      builder.apply(setting, text, source);
    }

    @Override
    public String toString() {
      return propertyName();
    }
  }
}
