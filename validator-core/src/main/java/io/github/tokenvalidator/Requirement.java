package io.github.tokenvalidator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a route needs of a request's token: a scope, and optionally a kind of login (RFC 9470 step-up) and the
 * protected resource it belongs to (RFC 9728). Adapters make one per rule or annotation and hand it to
 * {@link TokenValidator#validate(RequestView, Requirement)}.
 *
 * <pre>{@code
 * Requirement transfer = Requirement.of(Scope.of("payments.write"))
 *     .acrValues("urn:example:mfa")          // the login must have been multi-factor ...
 *     .maxAge(Duration.ofMinutes(5));        // ... and at most five minutes ago
 * }</pre>
 *
 * <p>A token whose {@code acr} claim is none of the {@linkplain #acrValues() acr values}, or whose
 * {@code auth_time} is older than the {@linkplain #maxAge() maximum age} (or absent), is refused with 401
 * {@code insufficient_user_authentication}. The {@linkplain #resource() resource}, one of the {@code resource}
 * setting's identifiers (the first when not named), is the audience its tokens must carry when {@code audience}
 * is not set, and names the metadata document in its challenges.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Requirement {
  private final Scope scope;
  private final List<String> acrValues;
  private final Duration maxAge;
  private final String resource;

  private Requirement(Scope scope, List<String> acrValues, Duration maxAge, String resource) {
    this.scope = scope;
    this.acrValues = acrValues;
    this.maxAge = maxAge;
    this.resource = resource;
  }

  /**
   * A requirement of {@code scope} alone, on the default resource.
   *
   * @param scope the scope the token must cover; {@link Scope#empty()} for any valid token
   * @return the requirement
   */
  public static Requirement of(Scope scope) {
    return new Requirement(Objects.requireNonNull(scope, "scope"), List.of(), null, null);
  }

  /**
   * This requirement, with the login's {@code acr} required to be one of {@code values}.
   *
   * @param values the acceptable authentication context class references, in order of preference
   * @return a new requirement
   * @throws IllegalArgumentException if a value is empty or holds a space, a quote, a backslash or a control
   *     character
   */
  public Requirement acrValues(String... values) {
    List<String> checked = new ArrayList<>();
    for (String value : Objects.requireNonNull(values, "values")) {
      checked.add(checkAcr(value));
    }
    return new Requirement(scope, List.copyOf(checked), maxAge, resource);
  }

  /**
   * This requirement, with the login ({@code auth_time}) required to be at most {@code age} old.
   *
   * @param age the longest time since the user authenticated, in whole seconds
   * @return a new requirement
   * @throws IllegalArgumentException if {@code age} is negative or has a fraction of a second
   */
  public Requirement maxAge(Duration age) {
    Objects.requireNonNull(age, "age");
    if (age.isNegative() || age.getNano() != 0) {
      throw new IllegalArgumentException("max age must be whole seconds, not negative: " + age);
    }
    return new Requirement(scope, acrValues, age, resource);
  }

  /**
   * This requirement, for the protected resource {@code identifier}: one of the {@code resource} setting's.
   *
   * @param identifier the resource identifier, as configured
   * @return a new requirement
   */
  public Requirement resource(String identifier) {
    return new Requirement(scope, acrValues, maxAge, Objects.requireNonNull(identifier, "identifier"));
  }

  /** {@return the scope the token must cover} */
  public Scope scope() {
    return scope;
  }

  /** {@return the acceptable {@code acr} values; empty when any login will do} */
  public List<String> acrValues() {
    return acrValues;
  }

  /** {@return the longest time since the user authenticated, or null for no limit} */
  public Duration maxAge() {
    return maxAge;
  }

  /** {@return the resource identifier named, or null for the default resource} */
  public String resource() {
    return resource;
  }

  private static String checkAcr(String value) {
    Objects.requireNonNull(value, "acr value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("an acr value must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        throw new IllegalArgumentException("an acr value is printable ASCII without spaces, quotes or"
            + " backslashes: " + value.replaceAll("[^\\x21-\\x7E]", "?"));
      }
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Requirement)) {
      return false;
    }
    Requirement other = (Requirement) o;
    return scope.equals(other.scope) && acrValues.equals(other.acrValues) && Objects.equals(maxAge, other.maxAge)
        && Objects.equals(resource, other.resource);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scope, acrValues, maxAge, resource);
  }

  @Override
  public String toString() {
    return "Requirement{scope=" + scope + (acrValues.isEmpty() ? "" : ", acr=" + acrValues)
        + (maxAge == null ? "" : ", maxAge=" + maxAge.getSeconds() + "s")
        + (resource == null ? "" : ", resource=" + resource) + '}';
  }
}
