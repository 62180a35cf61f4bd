package io.github.tokenvalidator.liberty;

import com.ibm.websphere.crypto.PasswordUtil;
import com.ibm.wsspi.kernel.service.utils.SerializableProtectedString;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.Settings;
import io.github.tokenvalidator.servlet.SecurityRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code usr_tokenValidatorTAI} element of {@code server.xml}, read: the validator's settings, the rules
 * saying which requests the interceptor takes, and the realm of the subjects it makes.
 *
 * <p>The element takes MobileFirst's {@code usr_OAuthTAI} attributes as they were ({@code authorizationURL},
 * {@code clientId}, {@code clientSecret}, {@code cacheSize} and nested {@code <securityConstraint httpMethods
 * scope securedURLs>}), which become core settings and {@link SecurityRules}, plus any {@code tokenvalidator.*}
 * setting, passed to core's parser unchanged. Liberty hands the nested elements over flattened
 * ({@code securityConstraint.0.securedURLs}; the metatype's {@code ibm:flat}). A constraint's {@code issuers},
 * which MobileFirst's element did not have, names the issuer groups its tokens may come from, as a servlet
 * filter rule's {@code issuers=}.
 *
 * <p>Instances are immutable and thread-safe.
 */
final class InterceptorConfiguration {
  /** The element name in {@code server.xml}: the metatype's alias, with Liberty's prefix for user features. */
  static final String ELEMENT = "usr_tokenValidatorTAI";
  /** The realm of the subjects (their unique id {@code user:REALM/name}, groups {@code group:REALM/element}). */
  static final String DEFAULT_SUBJECT_REALM = "tokenvalidator";

  private static final String PREFIX = Settings.PROPERTY_PREFIX;
  private static final Map<String, String> LEGACY_ATTRIBUTES = Map.of(
      "authorizationURL", PREFIX + "server-url",
      "clientId", PREFIX + "client-id",
      "clientSecret", PREFIX + "client-secret",
      "cacheSize", PREFIX + "cache.max-size");
  private static final String SUBJECT_REALM = "subjectRealm";
  private static final String CONSTRAINT = "securityConstraint";
  private static final Pattern CONSTRAINT_KEY = Pattern.compile("securityConstraint\\.(\\d+)\\.(\\w+)");
  private static final Set<String> CONSTRAINT_ATTRIBUTES = Set.of("httpMethods", "scope", "securedURLs", "issuers");
  /** Attributes without a dot that Liberty adds to every configuration. */
  private static final Set<String> LIBERTY_ATTRIBUTES = Set.of("id");

  private final String id;
  private final Map<String, String> settings;
  private final SecurityRules rules;
  private final String subjectRealm;

  private InterceptorConfiguration(String id, Map<String, String> settings, SecurityRules rules,
      String subjectRealm) {
    this.id = id;
    this.settings = settings;
    this.rules = rules;
    this.subjectRealm = subjectRealm;
  }

  /**
   * Reads the properties Liberty's configuration admin hands over for one element.
   *
   * @param properties the element's attributes and Liberty's own ({@code service.pid}, {@code config.id}, …)
   * @return the configuration
   * @throws Unreadable naming the attribute, when one is unknown or malformed; never quoting a secret
   */
  static InterceptorConfiguration from(Map<String, ?> properties) {
    String id = text(properties.get("id"));
    if (id == null) {
      id = Objects.toString(properties.get("service.pid"), ELEMENT);
    }
    String where = ELEMENT + " " + id;
    Map<String, String> settings = new LinkedHashMap<>();
    Map<Integer, Map<String, String>> constraints = new TreeMap<>();
    String subjectRealm = DEFAULT_SUBJECT_REALM;
    for (Map.Entry<String, ?> entry : properties.entrySet()) {
      String key = entry.getKey();
      String value = text(entry.getValue());
      Matcher constraint = CONSTRAINT_KEY.matcher(key);
      if (LEGACY_ATTRIBUTES.containsKey(key)) {
        putOnce(settings, LEGACY_ATTRIBUTES.get(key), value, where, key);
      } else if (key.startsWith(PREFIX)) {
        putOnce(settings, key, value, where, key);
      } else if (key.equals(SUBJECT_REALM)) {
        subjectRealm = checkedRealm(value, where);
      } else if (constraint.matches()) {
        // Liberty also flattens its own bookkeeping (config.referenceType, …) into these keys: only ours count
        if (CONSTRAINT_ATTRIBUTES.contains(constraint.group(2))) {
          constraints.computeIfAbsent(Integer.valueOf(constraint.group(1)), k -> new LinkedHashMap<>())
              .put(constraint.group(2), value);
        }
      } else if (key.indexOf('.') < 0 && !LIBERTY_ATTRIBUTES.contains(key) && !key.equals(CONSTRAINT)) {
        throw new Unreadable(where + " " + printable(key), where + " has no attribute " + printable(key)
            + "; it takes " + String.join(", ", new TreeSet<>(LEGACY_ATTRIBUTES.keySet())) + ", " + SUBJECT_REALM
            + ", tokenvalidator.* settings and nested " + CONSTRAINT + " elements", null);
      }
      // other dotted keys are Liberty's (service.pid, config.source, …)
    }
    return new InterceptorConfiguration(id, settings, rules(constraints, where), subjectRealm);
  }

  private static void putOnce(Map<String, String> settings, String setting, String value, String where,
      String attribute) {
    if (value == null) {
      return;
    }
    String earlier = settings.putIfAbsent(setting, value);
    if (earlier != null) {
      throw new Unreadable(where + " " + attribute, where + ": " + attribute + " and " + setting
          + " say the same thing; keep one", null);
    }
  }

  private static SecurityRules rules(Map<Integer, Map<String, String>> constraints, String where) {
    if (constraints.isEmpty()) {
      throw new Unreadable(where + " " + CONSTRAINT, where + " has no " + CONSTRAINT
          + " element: it would protect nothing (<" + CONSTRAINT + " securedURLs=\"/app/*\" scope=\"…\"/>)", null);
    }
    SecurityRules.Builder builder = SecurityRules.builder();
    int number = 0;
    for (Map<String, String> constraint : constraints.values()) {
      number++;
      String element = where + " " + CONSTRAINT + " " + number;
      String prefix = element + ": ";
      String urls = constraint.get("securedURLs");
      if (urls == null || urls.isBlank()) {
        throw new Unreadable(element + " securedURLs", prefix + "securedURLs is required", null);
      }
      String[] methods = methods(constraint.get("httpMethods"), element);
      Scope scope;
      try {
        scope = Scope.of(Objects.toString(constraint.get("scope"), ""));
      } catch (IllegalArgumentException e) {
        throw new Unreadable(element + " scope", prefix + "scope: " + e.getMessage(), e);
      }
      List<String> issuers = issuers(constraint.get("issuers"));
      for (String url : urls.trim().split("\\s+")) {
        try {
          if (issuers.isEmpty()) {
            builder.require(url, scope, methods);
          } else {
            builder.require(issuers, url, scope, methods);
          }
        } catch (IllegalArgumentException e) {
          throw new Unreadable(element + " securedURLs", prefix + "securedURLs: " + e.getMessage(), e);
        }
      }
    }
    // as the MobileFirst TAI: a request no constraint names is not the interceptor's
    return builder.permitUnmatched().build();
  }

  /** The issuers a constraint accepts (names separated by spaces or commas); none for the default route. */
  private static List<String> issuers(String issuers) {
    return issuers == null || issuers.isBlank() ? List.of() : List.of(issuers.trim().split("[\\s,]+"));
  }

  /** The methods of a constraint: none for every method ({@code ALL}, the default, or blank). */
  private static String[] methods(String httpMethods, String element) {
    if (httpMethods == null || httpMethods.isBlank()) {
      return new String[0];
    }
    List<String> methods = new ArrayList<>();
    for (String method : httpMethods.trim().split("[\\s,]+")) {
      if (method.toUpperCase(Locale.ROOT).equals("ALL")) {
        return new String[0];
      }
      methods.add(method);
    }
    try {
      SecurityRules.builder().permit("/", methods.toArray(new String[0]));
    } catch (IllegalArgumentException e) {
      throw new Unreadable(element + " httpMethods", element + ": httpMethods: " + e.getMessage(), e);
    }
    return methods.toArray(new String[0]);
  }

  private static String checkedRealm(String value, String where) {
    if (value == null || value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/')) {
      throw new Unreadable(where + " " + SUBJECT_REALM, where + ": " + SUBJECT_REALM
          + " must be printable ASCII without spaces or /", null);
    }
    return value;
  }

  /**
   * An attribute's text: Liberty hands {@code ibm:type="password"} attributes over as protected strings, which
   * may still be {@code {xor}} or {@code {aes}} encoded as {@code securityUtility encode} wrote them.
   */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof SerializableProtectedString) {
      char[] chars = ((SerializableProtectedString) value).getChars();
      return chars == null ? null : PasswordUtil.passwordDecode(new String(chars));
    }
    if (value instanceof String[]) {
      return String.join(" ", (String[]) value);
    }
    return value.toString();
  }

  /** The attribute name as it can be quoted in a log: at most 100 characters, control characters as '?'. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints().limit(100).forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
    return out.append(text.length() > 100 ? "…\"" : "\"").toString();
  }

  /** {@return the element's id in {@code server.xml}, else its configuration pid} */
  String id() {
    return id;
  }

  /** {@return the {@code tokenvalidator.*} settings for {@code TokenValidator.fromProperties}} */
  Map<String, String> settings() {
    return settings;
  }

  /** {@return which requests the interceptor takes and the scope each needs; others are permitted} */
  SecurityRules rules() {
    return rules;
  }

  /** {@return the realm of the subjects this interceptor makes} */
  String subjectRealm() {
    return subjectRealm;
  }

  /**
   * An element that cannot be read: its message says what is wrong, {@link #attribute()} only where, so that
   * the latter can be told to any client. Neither quotes a secret.
   */
  static final class Unreadable extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The element and attribute, e.g. {@code usr_tokenValidatorTAI bank securityConstraint 1 securedURLs}. */
    private final String attribute;

    Unreadable(String attribute, String message, Throwable cause) {
      super(message, cause);
      this.attribute = attribute;
    }

    /** {@return the element and the attribute that cannot be read} */
    String attribute() {
      return attribute;
    }
  }
}
