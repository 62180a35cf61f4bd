package io.github.tokenvalidator;

import io.github.tokenvalidator.internal.config.IssuerGroups;
import io.github.tokenvalidator.internal.config.Setting;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one parser of validator settings, shared by properties, environment variables, servlet
 * init-parameters and the examples; it applies {@link Settings#keys()} to a {@link TokenValidator.Builder},
 * whose setters check each value with the checks below. Stateless and thread-safe.
 *
 * <p>Every check names the setting it refused and never repeats a secret's value.
 */
final class SettingsParser {
  private SettingsParser() {}

  /** Applies every {@code tokenvalidator.*} entry but those under {@code tokenvalidator.spring.}; other keys are ignored. */
  static void applyProperties(TokenValidator.Builder builder, Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    for (Map.Entry<String, String> entry : sortedByName(properties).entrySet()) {
      String name = entry.getKey();
      if (name.startsWith(Settings.PROPERTY_PREFIX) && !name.startsWith(Settings.SPRING_PROPERTY_PREFIX)) {
        String key = name.substring(Settings.PROPERTY_PREFIX.length());
        if (key.startsWith(IssuerGroups.PREFIX)) {
          applyGroupProperty(builder, name, key, entry.getValue());
          continue;
        }
        Settings.Key setting = Settings.key(key).orElseThrow(() -> new InvalidConfigurationException(key,
            "unknown setting" + suggestion(key, Settings.keys().stream().map(Settings.Key::name)
                .collect(Collectors.toList()))));
        apply(builder, setting, name, entry.getValue());
      }
    }
  }

  /** Applies every {@code TOKENVALIDATOR_*} variable but those under {@code TOKENVALIDATOR_SPRING_}; other variables are ignored. */
  static void applyEnvironment(TokenValidator.Builder builder, Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Map<String, Settings.Key> byVariable = new LinkedHashMap<>();
    for (Settings.Key key : Settings.keys()) {
      byVariable.put(key.environmentName(), key);
    }
    for (Map.Entry<String, String> entry : sortedByName(environment).entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(Settings.ENVIRONMENT_PREFIX) || name.startsWith(Settings.SPRING_ENVIRONMENT_PREFIX)) {
        continue;
      }
      Settings.Key key = byVariable.get(name);
      if (key == null && name.startsWith(GROUP_VARIABLE_PREFIX)) {
        applyGroupVariable(builder, name, entry.getValue());
        continue;
      }
      if (key == null) {
        throw new InvalidConfigurationException(null, name + ": unknown setting"
            + suggestion(name, new java.util.ArrayList<>(byVariable.keySet())));
      }
      apply(builder, key, name, entry.getValue());
    }
  }

  /** Issuer groups: {@code tokenvalidator.issuers.<name>.<key>}, {@code <name>} in {@code [a-z0-9]+}. */
  private static void applyGroupProperty(TokenValidator.Builder builder, String name, String key, String value) {
    String rest = key.substring(IssuerGroups.PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0) {
      throw new InvalidConfigurationException(key, name, "unknown setting: an issuer group's settings are "
          + Settings.PROPERTY_PREFIX + IssuerGroups.PREFIX + "<name>.<key>, e.g. " + Settings.PROPERTY_PREFIX
          + IssuerGroups.PREFIX + "partners.issuer");
    }
    String group = rest.substring(0, dot);
    IssuerGroups.checkName(group, key, name);
    String settingName = rest.substring(dot + 1);
    Setting<?> setting = IssuerGroups.setting(settingName).orElseThrow(() -> new InvalidConfigurationException(key,
        name, notAnIssuerSetting(settingName, Settings.key(settingName).isPresent(),
            Settings.PROPERTY_PREFIX + settingName, IssuerGroups.settingNames())));
    applyToGroup(builder, group, setting, name, value);
  }

  /** Issuer groups from the environment: {@code TOKENVALIDATOR_ISSUERS_<NAME>_<KEY>}, {@code <NAME>} in {@code [A-Z0-9]+}. */
  private static void applyGroupVariable(TokenValidator.Builder builder, String name, String value) {
    String rest = name.substring(GROUP_VARIABLE_PREFIX.length());
    int underscore = rest.indexOf('_');
    if (underscore <= 0) {
      throw new InvalidConfigurationException(null, name + ": unknown setting: an issuer group's variables are "
          + GROUP_VARIABLE_PREFIX + "<NAME>_<KEY>, e.g. " + GROUP_VARIABLE_PREFIX + "PARTNERS_ISSUER");
    }
    String written = rest.substring(0, underscore);
    String group = written.toLowerCase(Locale.ROOT);
    if (!written.equals(group.toUpperCase(Locale.ROOT))) {
      group = written; // lower-case letters in a variable's group name: refused as written by checkName
    }
    String variable = rest.substring(underscore + 1);
    Setting<?> setting = IssuerGroups.settingOfVariable(variable).orElse(null);
    String key = setting == null ? null : IssuerGroups.PREFIX + group + "." + setting.name();
    IssuerGroups.checkName(group, key, name);
    if (setting == null) {
      throw new InvalidConfigurationException(null, name + ": " + notAnIssuerSetting(variable,
          Settings.key(variable.toLowerCase(Locale.ROOT).replace('_', '-')).isPresent()
              || Settings.keys().stream().anyMatch(k -> k.environmentName().equals(Settings.ENVIRONMENT_PREFIX + variable)),
          Settings.ENVIRONMENT_PREFIX + variable, IssuerGroups.variableNames()));
    }
    applyToGroup(builder, group, setting, name + " (" + Settings.PROPERTY_PREFIX + key + ")", value);
  }

  private static final String GROUP_VARIABLE_PREFIX = Settings.ENVIRONMENT_PREFIX + IssuerGroups.ENVIRONMENT_PREFIX;

  private static String notAnIssuerSetting(String given, boolean validatorSetting, String validatorSpelling,
      java.util.List<String> known) {
    return validatorSetting
        ? "applies to the whole validator, not to one issuer: set " + validatorSpelling + " once for every issuer"
        : "unknown issuer setting" + suggestion(given, known);
  }

  private static void applyToGroup(TokenValidator.Builder builder, String group, Setting<?> setting, String source,
      String value) {
    String key = IssuerGroups.PREFIX + group + "." + setting.name();
    if (value == null) {
      throw new InvalidConfigurationException(key, source, "has no value");
    }
    try {
      builder.applyToGroup(group, setting, value.trim(), source);
    } catch (IllegalArgumentException e) {
      String detail = e.getMessage();
      String propertyPrefix = Settings.PROPERTY_PREFIX + setting.name() + ": ";
      if (e instanceof InvalidConfigurationException && detail.startsWith(propertyPrefix)) {
        detail = detail.substring(propertyPrefix.length());
      }
      throw new InvalidConfigurationException(key, source, detail);
    }
  }

  /** The entries in name order, so the first fault reported does not depend on the map; a null name is not ours. */
  private static Map<String, String> sortedByName(Map<String, String> settings) {
    Map<String, String> sorted = new TreeMap<>();
    settings.forEach((name, value) -> {
      if (name != null) {
        sorted.put(name, value);
      }
    });
    return sorted;
  }

  private static void apply(TokenValidator.Builder builder, Settings.Key setting, String spelledAs, String value) {
    String key = setting.name();
    // Name the setting as the user wrote it: an environment variable, or the property.
    String source = spelledAs.equals(setting.propertyName()) ? spelledAs : spelledAs + " (" + setting.propertyName() + ")";
    if (value == null) {
      throw new InvalidConfigurationException(key, source, "has no value");
    }
    try {
      // Every value alike, the secret too: a trailing newline from the environment is not part of it.
      setting.apply(builder, value.trim(), source);
    } catch (IllegalArgumentException e) {
      String detail = e.getMessage();
      String propertyPrefix = setting.propertyName() + ": ";
      if (e instanceof InvalidConfigurationException && detail.startsWith(propertyPrefix)) {
        detail = detail.substring(propertyPrefix.length());
      }
      throw new InvalidConfigurationException(key, source, detail);
    }
  }

  /**
   * "; did you mean X?" for the known name nearest to {@code given} (by edit distance, within a third of
   * its length), then every known name.
   */
  static String suggestion(String given, java.util.List<String> known) {
    String nearest = null;
    // The prefix every name shares says nothing of closeness: measure, and bound, what follows it.
    String prefix = given.startsWith(Settings.ENVIRONMENT_PREFIX) ? Settings.ENVIRONMENT_PREFIX : "";
    String rest = given.substring(prefix.length());
    int best = Math.max(2, rest.length() / 3) + 1;
    for (String candidate : known) {
      int distance = editDistance(rest, candidate.substring(Math.min(prefix.length(), candidate.length())), best);
      if (distance < best) {
        best = distance;
        nearest = candidate;
      }
    }
    return (nearest == null ? "" : "; did you mean " + nearest + "?") + " (known: " + String.join(", ", known) + ")";
  }

  /** Levenshtein distance of {@code a} and {@code b}, or {@code limit} once it is certain to reach it. */
  private static int editDistance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) >= limit) {
      return limit;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMinimum = current[0];
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
        rowMinimum = Math.min(rowMinimum, current[j]);
      }
      if (rowMinimum >= limit) {
        return limit;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return Math.min(previous[b.length()], limit);
  }
}
