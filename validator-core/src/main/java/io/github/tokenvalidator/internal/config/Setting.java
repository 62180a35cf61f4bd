package io.github.tokenvalidator.internal.config;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Settings;
import java.util.List;
import java.util.Objects;

/**
 * One setting, defined once: its key, how its text is read, its default, its bounds, its documentation,
 * and whether it belongs to an issuer. The settings parser, the builder methods, the Spring metadata and
 * {@code docs/configuration.md}'s table all follow from these definitions. Immutable and thread-safe.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {
  /** Whom a setting describes: the validator as a whole, or one issuer (a later issuer group takes these). */
  public enum Scope {
    /** The validator: request handling, cache, transport, limits. */
    VALIDATOR,
    /** One issuer: its format, endpoints, credentials, audience, JWT rules and keys. */
    ISSUER
  }

  /** Reads a setting's text; throws {@link InvalidConfigurationException} naming {@code key}. */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * The value {@code text} spells.
     *
     * @param key the setting's name, for messages
     * @param text the value as written, trimmed
     * @return the value
     */
    T parse(String key, String text);
  }

  /** Checks a value against the setting's bounds; throws {@link InvalidConfigurationException} naming {@code key}. */
  @FunctionalInterface
  public interface Check<T> {
    /**
     * {@code value} if it is within bounds.
     *
     * @param key the setting's name, for messages
     * @param value the value, not null
     * @return the value, possibly normalised
     */
    T check(String key, T value);
  }

  private final String name;
  private final Settings.Type type;
  private final List<String> allowedValues;
  private final String defaultText;
  private final T defaultValue;
  private final String documentedDefault;
  private final String description;
  private final Scope scope;
  private final boolean secret;
  private final Parser<T> parser;
  private final Check<T> check;

  private Setting(Definition<T> d, String description) {
    this.name = d.name;
    this.type = d.type;
    this.allowedValues = d.allowedValues;
    this.parser = d.parser;
    this.check = d.check;
    this.defaultText = d.defaultText;
    this.defaultValue = d.defaultText == null ? d.defaultValue : check.check(d.name, parser.parse(d.name, d.defaultText));
    this.documentedDefault = d.documentedDefault != null ? d.documentedDefault
        : d.defaultText != null ? "`" + d.defaultText + "`" : "none";
    this.description = description;
    this.scope = d.scope;
    this.secret = d.secret;
  }

  /**
   * Starts the definition of a setting.
   *
   * @param name the key without the {@code tokenvalidator.} prefix
   * @param type how its text is read, as {@link Settings.Type} tells users
   * @param parser reads its text
   * @param <T> the type of the value
   * @return the definition, to be finished by {@link Definition#describe(String)}
   */
  public static <T> Definition<T> define(String name, Settings.Type type, Parser<T> parser) {
    return new Definition<>(name, type, parser);
  }

  /**
   * The value {@code text} spells, checked against the bounds.
   *
   * @param text the setting's text, trimmed
   * @return the value
   * @throws InvalidConfigurationException naming the key, if the text is malformed or out of bounds
   */
  public T parse(String text) {
    return check(parser.parse(name, text));
  }

  /**
   * {@code value}, checked against the bounds.
   *
   * @param value the value
   * @return the value, possibly normalised
   * @throws InvalidConfigurationException naming the key, if the value is out of bounds
   * @throws NullPointerException if {@code value} is null
   */
  public T check(T value) {
    return check.check(name, Objects.requireNonNull(value, name));
  }

  /** {@return the key without the prefix, e.g. {@code cache.max-size}} */
  public String name() {
    return name;
  }

  /** {@return how the text is read} */
  public Settings.Type type() {
    return type;
  }

  /** {@return for enumerations, the accepted values as written; otherwise empty} */
  public List<String> allowedValues() {
    return allowedValues;
  }

  /** {@return the default as a setting would spell it, or null when there is none or it is derived} */
  public String defaultText() {
    return defaultText;
  }

  /** {@return the default value, or null} */
  public T defaultValue() {
    return defaultValue;
  }

  /** {@return the default as the documentation's table states it (Markdown)} */
  public String documentedDefault() {
    return documentedDefault;
  }

  /** {@return one line of Markdown, as in {@code docs/configuration.md}} */
  public String description() {
    return description;
  }

  /** {@return whether the setting belongs to an issuer} */
  public Scope scope() {
    return scope;
  }

  /** {@return whether the value is a secret: never repeated in messages, logs or {@code toString()}} */
  public boolean isSecret() {
    return secret;
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * A setting being defined; {@link #describe(String)} finishes it. Not thread-safe: used once, in a static
   * initialiser.
   *
   * @param <T> the type of the value
   */
  public static final class Definition<T> {
    private final String name;
    private final Settings.Type type;
    private final Parser<T> parser;
    private List<String> allowedValues = List.of();
    private String defaultText;
    private T defaultValue;
    private String documentedDefault;
    private Check<T> check = (key, value) -> value;
    private Scope scope = Scope.VALIDATOR;
    private boolean secret;

    private Definition(String name, Settings.Type type, Parser<T> parser) {
      this.name = name;
      this.type = type;
      this.parser = parser;
    }

    /**
     * The default, as a setting would spell it; parsed and checked like any value.
     *
     * @param text the default's text
     * @return this definition
     */
    public Definition<T> byDefault(String text) {
      this.defaultText = text;
      return this;
    }

    /**
     * A default that no text spells, such as an empty list; documented as "none".
     *
     * @param value the default
     * @return this definition
     */
    public Definition<T> byDefaultValue(T value) {
      this.defaultValue = value;
      return this;
    }

    /**
     * The default as the documentation states it, when it is not a plain value ("from {@code server-url}").
     *
     * @param markdown the table cell
     * @return this definition
     */
    public Definition<T> documentedDefault(String markdown) {
      this.documentedDefault = markdown;
      return this;
    }

    /**
     * The bounds every value is checked against, whether given as text or through the builder.
     *
     * @param check the check
     * @return this definition
     */
    public Definition<T> within(Check<T> check) {
      this.check = check;
      return this;
    }

    /**
     * The values an enumeration accepts, as written in settings.
     *
     * @param values the accepted values
     * @return this definition
     */
    public Definition<T> allowing(List<String> values) {
      this.allowedValues = List.copyOf(values);
      return this;
    }

    /**
     * Marks the setting as one issuer's.
     *
     * @return this definition
     */
    public Definition<T> perIssuer() {
      this.scope = Scope.ISSUER;
      return this;
    }

    /**
     * Marks the value as a secret.
     *
     * @return this definition
     */
    public Definition<T> secret() {
      this.secret = true;
      return this;
    }

    /**
     * Finishes the definition.
     *
     * @param description one line of Markdown for the documentation's table
     * @return the setting
     */
    public Setting<T> describe(String description) {
      return new Setting<>(this, description);
    }
  }
}
