package io.github.tokenvalidator.internal.config;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The issuer groups of the settings: {@code tokenvalidator.issuers.<name>.<key>} (environment
 * {@code TOKENVALIDATOR_ISSUERS_<NAME>_<KEY>}), each taking every issuer setting and inheriting none of the
 * default issuer's values. Stateless and thread-safe.
 */
public final class IssuerGroups {
  /** The default issuer's name: the one today's settings describe. A group may not take it. */
  public static final String DEFAULT = "default";
  /** What follows {@code tokenvalidator.} in a group's keys. */
  public static final String PREFIX = "issuers.";
  /** What follows {@code TOKENVALIDATOR_} in a group's environment variables. */
  public static final String ENVIRONMENT_PREFIX = "ISSUERS_";

  private static final Map<String, Setting<?>> BY_NAME = new LinkedHashMap<>();
  private static final Map<String, Setting<?>> BY_VARIABLE = new LinkedHashMap<>();

  static {
    for (Setting<?> setting : AllSettings.list()) {
      if (setting.scope() == Setting.Scope.ISSUER) {
        BY_NAME.put(setting.name(), setting);
        BY_VARIABLE.put(setting.name().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), setting);
      }
    }
  }

  private IssuerGroups() {}

  /**
   * {@return the key of {@code setting} in group {@code group}, without the prefix: {@code issuers.partners.issuer}}
   *
   * @param group the group's name
   * @param setting an issuer setting
   */
  public static String key(String group, Setting<?> setting) {
    return PREFIX + group + "." + setting.name();
  }

  /** {@return the issuer settings' names, in the order of the documentation's table} */
  public static List<String> settingNames() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** {@return the issuer setting of that name (without prefix or group), if there is one} */
  public static Optional<Setting<?>> setting(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /**
   * {@return the issuer setting whose environment spelling, after {@code TOKENVALIDATOR_ISSUERS_<NAME>_}, is
   * {@code variable}, if there is one}
   *
   * @param variable such as {@code TOKEN_FORMAT}
   */
  public static Optional<Setting<?>> settingOfVariable(String variable) {
    return Optional.ofNullable(BY_VARIABLE.get(variable));
  }

  /** {@return the issuer settings' environment spellings, after the group's part} */
  public static List<String> variableNames() {
    return List.copyOf(BY_VARIABLE.keySet());
  }

  /**
   * Checks a group's name: {@code [a-z0-9]+}, and not {@value #DEFAULT}.
   *
   * @param name the name, as it will be stored (lower case)
   * @param key the setting that named it, for messages
   * @param source how the user wrote that setting
   * @throws InvalidConfigurationException naming {@code source}, if the name is not allowed
   */
  public static void checkName(String name, String key, String source) {
    boolean ok = !name.isEmpty();
    for (int i = 0; i < name.length() && ok; i++) {
      char c = name.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
    if (!ok) {
      throw new InvalidConfigurationException(key, source, "an issuer group's name is lower-case letters and digits"
          + " only ([a-z0-9]+), as in " + Settings.PROPERTY_PREFIX + PREFIX + "partners.issuer");
    }
    if (name.equals(DEFAULT)) {
      throw new InvalidConfigurationException(key, source, "'" + DEFAULT + "' names the issuer of the settings"
          + " without a group: set them as " + Settings.PROPERTY_PREFIX + "<key>, or choose another group name");
    }
  }

  /** Two issuers with one {@code issuer} value would make routing by {@code iss} ambiguous: refused naming both. */
  static void checkDistinct(ValidatorConfig.Builder root, List<ValidatorConfig.Builder> groups) {
    Map<String, ValidatorConfig.Builder> seen = new LinkedHashMap<>();
    seen.put(String.valueOf(root.get(JwtSettings.ISSUER)), root);
    if (root.get(JwtSettings.ISSUER) == null) {
      seen.clear();
    }
    for (ValidatorConfig.Builder group : groups) {
      String issuer = group.get(JwtSettings.ISSUER);
      if (issuer == null) {
        continue;
      }
      ValidatorConfig.Builder first = seen.putIfAbsent(issuer, group);
      if (first != null) {
        throw group.invalid(JwtSettings.ISSUER, "names the same issuer as " + first.spelling(JwtSettings.ISSUER)
            + " (" + issuer + "): a token of one issuer must go to one configuration only");
      }
    }
  }
}
