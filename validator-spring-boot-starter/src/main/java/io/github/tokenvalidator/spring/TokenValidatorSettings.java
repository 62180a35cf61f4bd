package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Settings;
import io.github.tokenvalidator.servlet.SecurityRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * The {@code tokenvalidator.*} settings of a Spring {@link Environment}: core's keys as one flat map with
 * their canonical names, for core's one parser, and the starter's own keys under {@value #SPRING_PREFIX}.
 *
 * <p>Spring's relaxed forms are accepted wherever Spring accepts them ({@code tokenvalidator.cache.maxTtl} in
 * YAML, {@code TOKENVALIDATOR_CACHE_MAX_TTL} or {@code TOKENVALIDATOR_CACHE_MAXTTL} in the environment), and
 * Spring's precedence decides between sources. A {@code tokenvalidator.*} name that is no known key is passed
 * to core as written, so that core's parser refuses it and names it. Stateless and thread-safe.
 */
final class TokenValidatorSettings {
  static final String PREFIX = "tokenvalidator";
  /** The starter's own keys; core's parser leaves them alone. */
  static final String SPRING_PREFIX = Settings.SPRING_PROPERTY_PREFIX;

  static final String ENABLED = SPRING_PREFIX + "enabled";
  static final String RULES = SPRING_PREFIX + "rules";
  static final String UNMATCHED = SPRING_PREFIX + "unmatched";
  static final String FILTER_ORDER = SPRING_PREFIX + "filter-order";

  /** One of the starter's own keys, as the configuration metadata describes it. */
  record StarterKey(String name, Settings.Type type, List<String> allowedValues, String defaultValue,
      String description) {}

  /** The starter's keys, in documentation order. */
  static final List<StarterKey> STARTER_KEYS = List.of(
      new StarterKey(ENABLED, Settings.Type.BOOLEAN, List.of(), "true",
          "Whether the starter configures the validator at all."),
      new StarterKey(RULES, Settings.Type.STRING, List.of(), null,
          "Scope rules by method and path in the text form of SecurityRules, one per line or ';', e.g. "
              + "'GET,POST /api/balance accessRestricted; /health permit'."),
      new StarterKey(UNMATCHED, Settings.Type.ENUM, List.of("authenticated", "permit"), "authenticated",
          "What a request no rule matches needs: 'authenticated' (a valid token) or 'permit', in any letter case."),
      new StarterKey(FILTER_ORDER, Settings.Type.INTEGER, List.of(), "-100",
          "Order of the BearerTokenFilter registration when Spring Security is absent."));

  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);
  private static final ConfigurationPropertyName SPRING_ROOT = ConfigurationPropertyName.of(PREFIX + ".spring");

  private TokenValidatorSettings() {}

  /** Core's settings in {@code environment}, keyed {@code tokenvalidator.<canonical key>}. */
  static Map<String, String> coreSettings(Environment environment) {
    Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
    Binder binder = new Binder(sources);
    Map<String, String> settings = new TreeMap<>();
    List<ConfigurationPropertyName> known = new ArrayList<>();
    for (String key : coreKeys()) {
      ConfigurationPropertyName name = ConfigurationPropertyName.of(PREFIX + "." + key);
      known.add(name);
      binder.bind(name, Bindable.of(String.class)).ifBound(value -> settings.put(PREFIX + "." + key, value));
    }
    for (ConfigurationPropertySource source : sources) {
      if (!(source instanceof IterableConfigurationPropertySource)) {
        continue;
      }
      ((IterableConfigurationPropertySource) source).stream()
          .filter(name -> ROOT.isAncestorOf(name) && !SPRING_ROOT.equals(name) && !SPRING_ROOT.isAncestorOf(name))
          .filter(name -> !isKnown(name, known))
          .forEach(name -> {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            Object value = property == null ? null : property.getValue();
            settings.putIfAbsent(name.toString(), value == null ? "" : value.toString());
          });
    }
    return settings;
  }

  /**
   * Refuses a name under {@value #SPRING_PREFIX} that is none of the starter's keys, as core refuses an
   * unknown key of its own.
   *
   * @throws InvalidConfigurationException naming the key
   */
  static void checkStarterKeys(Environment environment) {
    List<ConfigurationPropertyName> known = new ArrayList<>();
    for (StarterKey key : STARTER_KEYS) {
      known.add(ConfigurationPropertyName.of(key.name()));
    }
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource)) {
        continue;
      }
      ((IterableConfigurationPropertySource) source).stream()
          .filter(SPRING_ROOT::isAncestorOf)
          .filter(name -> !isKnown(name, known))
          .findFirst()
          .ifPresent(name -> {
            throw new InvalidConfigurationException(null, name.toString(), "unknown setting of the Spring Boot"
                + " starter; known: " + STARTER_KEYS.stream().map(StarterKey::name).collect(Collectors.joining(", ")));
          });
    }
  }

  /** Whether the starter is on ({@value #ENABLED}, default true). */
  static boolean enabled(Environment environment) {
    return Binder.get(environment).bind(ENABLED, Boolean.class).orElse(true);
  }

  /**
   * The rules of {@value #RULES}; unmatched requests need a valid token unless {@value #UNMATCHED} is
   * {@code permit} and {@code honourUnmatched}.
   *
   * @throws InvalidConfigurationException naming the key, if the rules or the unmatched policy are malformed
   */
  static SecurityRules rules(Environment environment, boolean honourUnmatched) {
    Binder binder = Binder.get(environment);
    SecurityRules.Builder rules = SecurityRules.builder();
    String text = binder.bind(RULES, String.class).orElse("");
    try {
      rules.rules(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("spring.rules", e.getMessage());
    }
    if (honourUnmatched && permitsUnmatched(environment)) {
      rules.permitUnmatched();
    }
    return rules.build();
  }

  /**
   * Whether {@value #UNMATCHED} is {@code permit}, in any letter case ({@link SecurityRules.Builder#unmatched}).
   *
   * @throws InvalidConfigurationException if it is neither {@code authenticated} nor {@code permit}
   */
  static boolean permitsUnmatched(Environment environment) {
    String policy = Binder.get(environment).bind(UNMATCHED, String.class).orElse("authenticated");
    try {
      // the servlet module's reader of the word, so that web.xml and Boot read it alike; rules with none but
      // the policy answer for an unmatched request
      return SecurityRules.builder().unmatched(policy).build().requiredScope("GET", "/") == null;
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException("spring.unmatched", e.getMessage());
    }
  }

  /** The order of the servlet filter registration ({@value #FILTER_ORDER}). */
  static int filterOrder(Environment environment) {
    return Binder.get(environment).bind(FILTER_ORDER, Integer.class).orElse(-100);
  }

  /** Core's keys without the prefix, such as {@code cache.max-ttl}. */
  static List<String> coreKeys() {
    return Settings.keys().stream().map(Settings.Key::name).collect(Collectors.toList());
  }

  private static boolean isKnown(ConfigurationPropertyName name, List<ConfigurationPropertyName> known) {
    // The environment's TOKENVALIDATOR_CACHE_MAX_TTL arrives as tokenvalidator.cache.max.ttl: '-' and '.' alike.
    String flat = name.toString().replace('-', '.');
    for (ConfigurationPropertyName candidate : known) {
      if (candidate.equals(name) || candidate.toString().replace('-', '.').equals(flat)) {
        return true;
      }
    }
    return false;
  }
}
