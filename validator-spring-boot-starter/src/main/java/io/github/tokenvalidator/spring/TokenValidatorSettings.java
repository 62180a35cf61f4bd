package io.github.tokenvalidator.spring;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.Settings;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.servlet.SecurityRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
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

  /** The name of a {@code ${name}} or {@code ${name:default}} placeholder. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^${}:]+)");

  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);
  private static final String ISSUERS = "issuers";
  private static final ConfigurationPropertyName ISSUERS_ROOT = ConfigurationPropertyName.of(PREFIX + "." + ISSUERS);
  private static final ConfigurationPropertyName SPRING_ROOT = ConfigurationPropertyName.of(PREFIX + ".spring");

  private TokenValidatorSettings() {}

  /**
   * Core's settings in {@code environment}, with how the user wrote each.
   *
   * @param values the settings for core's parser, keyed {@code tokenvalidator.<canonical key>}; placeholders
   *     resolved as for {@code @ConfigurationProperties}
   * @param unknownVariables the environment variables under {@code TOKENVALIDATOR_} that are no key, as
   *     written: core refuses them as it refuses them in {@link TokenValidator#fromEnvironment}, suggesting
   *     the nearest variable
   * @param writtenNames the name each of {@code values} was written under (an environment variable, a
   *     relaxed property name), by core key without the prefix, for messages
   */
  record CoreSettings(Map<String, String> values, Map<String, String> unknownVariables,
      Map<String, String> writtenNames) {
    /** Hands the settings to core's parser. */
    TokenValidator.Builder applyTo(TokenValidator.Builder builder) {
      return builder.properties(values).environment(unknownVariables);
    }

    /** Whether the shared cache is to reuse Boot's Redis connection: its secret set, its URI not. */
    boolean hasSharedCacheSecretWithoutUri() {
      return values.containsKey(PREFIX + ".shared-cache.secret") && !values.containsKey(PREFIX + ".shared-cache.uri");
    }

    /**
     * Core's refusal of one of these settings, naming the setting as the user wrote it: core was handed
     * Spring's canonical names, so it would name {@code TOKENVALIDATOR_CACHE_MAX_SISE} as
     * {@code tokenvalidator.cache.max.sise}. Any other refusal is returned as it is.
     */
    InvalidConfigurationException asWritten(InvalidConfigurationException refusal) {
      String key = refusal.key();
      String written = key == null ? null : writtenNames.get(key);
      String property = Settings.PROPERTY_PREFIX + key;
      String prefix = property + ": ";
      String message = refusal.getMessage();
      if (written == null || written.equals(property) || message == null || !message.startsWith(prefix)) {
        return refusal;
      }
      // as core names a known key it reads from the environment: the variable, then the property
      String source = Settings.key(key).isPresent() ? written + " (" + property + ")" : written;
      return new InvalidConfigurationException(key, source, message.substring(prefix.length()));
    }
  }

  /**
   * Core's settings in {@code environment}.
   *
   * @throws InvalidConfigurationException naming the setting as written, if a placeholder in the value of one
   *     of core's keys cannot be resolved
   */
  static CoreSettings coreSettings(Environment environment) {
    Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
    // as @ConfigurationProperties binds: Spring's precedence, relaxed names, ${…} placeholders resolved
    Binder binder = Binder.get(environment);
    Map<String, String> settings = new TreeMap<>();
    Map<String, String> unknownVariables = new TreeMap<>();
    Map<String, String> writtenNames = new TreeMap<>();
    List<ConfigurationPropertyName> known = new ArrayList<>();
    List<String> keys = new ArrayList<>(coreKeys());
    // issuer groups: tokenvalidator.issuers.<name>.<key>, each issuer key bound as relaxed as the others
    for (String group : issuerGroups(sources)) {
      for (Settings.Key key : Settings.keys()) {
        if (key.isIssuerScoped()) {
          keys.add(ISSUERS + "." + group + "." + key.name());
        }
      }
    }
    for (String key : keys) {
      ConfigurationPropertyName name = ConfigurationPropertyName.of(PREFIX + "." + key);
      known.add(name);
      SourceProperty source = new SourceProperty();
      binder.bind(name, Bindable.of(String.class), source).ifBound(value -> {
        String written = writtenName(source.property, name);
        checkPlaceholders(environment, source.property, key, written);
        settings.put(PREFIX + "." + key, value);
        writtenNames.put(key, written);
      });
    }
    for (ConfigurationPropertySource source : sources) {
      if (!(source instanceof IterableConfigurationPropertySource)) {
        continue;
      }
      ((IterableConfigurationPropertySource) source).stream()
          .filter(name -> ROOT.isAncestorOf(name) && !SPRING_ROOT.equals(name) && !SPRING_ROOT.isAncestorOf(name))
          .filter(name -> !isKnown(name, known))
          .forEach(name -> {
            // core refuses the name without reading the value; the first source has the precedence
            String key = name.toString().substring(PREFIX.length() + 1);
            if (writtenNames.containsKey(key)) {
              return;
            }
            ConfigurationProperty property = source.getConfigurationProperty(name);
            Object raw = property == null ? null : property.getValue();
            String value = raw == null ? "" : raw.toString();
            String written = writtenName(property, name);
            writtenNames.put(key, written);
            if (written.startsWith(Settings.ENVIRONMENT_PREFIX)) {
              unknownVariables.put(written, value);
            } else {
              settings.put(name.toString(), value);
            }
          });
    }
    return new CoreSettings(settings, unknownVariables, writtenNames);
  }

  /**
   * The names of the issuer groups the sources mention ({@code tokenvalidator.issuers.<name>.…}, from any
   * source and in any relaxed form), when they are valid group names; others are left to core, which refuses
   * them naming them as written.
   */
  private static java.util.Set<String> issuerGroups(Iterable<ConfigurationPropertySource> sources) {
    java.util.Set<String> groups = new java.util.TreeSet<>();
    for (ConfigurationPropertySource source : sources) {
      if (source instanceof IterableConfigurationPropertySource) {
        ((IterableConfigurationPropertySource) source).stream()
            .filter(name -> ISSUERS_ROOT.isAncestorOf(name) && name.getNumberOfElements() > 3)
            .map(name -> name.getElement(2, ConfigurationPropertyName.Form.UNIFORM))
            .filter(group -> group.matches("[a-z0-9]+"))
            .forEach(groups::add);
      }
    }
    return groups;
  }

  /** Remembers the property a bound value came from. Not thread-safe; one per binding. */
  private static final class SourceProperty implements BindHandler {
    ConfigurationProperty property;

    @Override
    public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
      property = context.getConfigurationProperty();
      return result;
    }
  }

  /** A refusal of the starter's own setting {@code name}, naming it as the user wrote it. */
  private static InvalidConfigurationException refusal(Environment environment, String name, String message) {
    ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
    SourceProperty source = new SourceProperty();
    Binder.get(environment).bind(property, Bindable.of(String.class), source);
    String written = writtenName(source.property, property);
    return new InvalidConfigurationException(name.substring(Settings.PROPERTY_PREFIX.length()),
        written.equals(name) ? name : written + " (" + name + ")", message);
  }

  /**
   * The name {@code property} has in its property source: {@code TOKENVALIDATOR_CACHE_MAX_TTL} or
   * {@code tokenvalidator.cache.maxTtl}, where Spring's own name would be {@code tokenvalidator.cache.max.ttl} or
   * {@code tokenvalidator.cache.maxttl}.
   */
  static String writtenName(ConfigurationProperty property, ConfigurationPropertyName name) {
    for (Origin origin = property == null ? null : property.getOrigin(); origin != null; origin = origin.getParent()) {
      if (origin instanceof PropertySourceOrigin) {
        return ((PropertySourceOrigin) origin).getPropertyName();
      }
    }
    return name.toString();
  }

  /**
   * Refuses a value whose {@code ${…}} placeholder nothing resolves: {@code @ConfigurationProperties} would
   * keep the text as it is, and a secret such as {@code ${BANK_BACKEND_SECRET}} sent literally makes every
   * token a 503 while the application starts as if all were well.
   */
  private static void checkPlaceholders(Environment environment, ConfigurationProperty property, String key,
      String written) {
    Object raw = property == null ? null : property.getValue();
    if (!(raw instanceof String) || !((String) raw).contains("${")) {
      return;
    }
    try {
      environment.resolveRequiredPlaceholders((String) raw);
    } catch (IllegalArgumentException e) {
      // name the placeholders, never the rest of the value: it may hold part of a secret
      List<String> missing = new ArrayList<>();
      Matcher placeholder = PLACEHOLDER.matcher((String) raw);
      while (placeholder.find()) {
        if (!environment.containsProperty(placeholder.group(1))) {
          missing.add("${" + placeholder.group(1) + "}");
        }
      }
      String canonical = Settings.PROPERTY_PREFIX + key;
      String source = written.equals(canonical) ? canonical : written + " (" + canonical + ")";
      throw new InvalidConfigurationException(key, source, (missing.isEmpty() ? "a placeholder"
          : String.join(", ", missing)) + " has no value: no property or environment variable of that name");
    }
  }

  /**
   * Refuses a name under {@value #SPRING_PREFIX} that is none of the starter's keys, as core refuses an
   * unknown key of its own.
   *
   * @throws InvalidConfigurationException naming the key as the user wrote it
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
            String written = writtenName(source.getConfigurationProperty(name), name);
            throw new InvalidConfigurationException(null, written, "unknown setting of the Spring Boot starter;"
                + " known: " + STARTER_KEYS.stream().map(StarterKey::name).collect(Collectors.joining(", ")));
          });
    }
  }

  /** Whether the starter is on ({@value #ENABLED}, default true). */
  static boolean enabled(Environment environment) {
    return Binder.get(environment).bind(ENABLED, Boolean.class).orElse(true);
  }

  /**
   * The rules of {@value #RULES} with the policy of {@value #UNMATCHED}, for the servlet filter.
   *
   * @throws InvalidConfigurationException naming the key, if the rules or the unmatched policy are malformed
   */
  static SecurityRules rules(Environment environment) {
    SecurityRules.Builder rules = ruleBuilder(environment);
    if (permitsUnmatched(environment)) {
      rules.permitUnmatched();
    }
    return rules.build();
  }

  /**
   * A builder holding the rules of {@value #RULES}.
   *
   * @throws InvalidConfigurationException naming the key, if the rules are malformed
   */
  static SecurityRules.Builder ruleBuilder(Environment environment) {
    SecurityRules.Builder rules = SecurityRules.builder();
    try {
      rules.rules(Binder.get(environment).bind(RULES, String.class).orElse(""));
    } catch (IllegalArgumentException e) {
      throw refusal(environment, RULES, e.getMessage());
    }
    return rules;
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
      throw refusal(environment, UNMATCHED, e.getMessage());
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
