package io.github.tokenvalidator.internal.resource;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Requirement;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.internal.config.DpopSettings;
import io.github.tokenvalidator.internal.config.JwtSettings;
import io.github.tokenvalidator.internal.config.RequestSettings;
import io.github.tokenvalidator.internal.config.ResourceSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.dpop.SenderConstraints;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a route asks of a token beyond the engine's decision, and the challenges that tell a client how to meet
 * it: the route's resource as the audience (RFC 8707, when {@code audience} is not set), RFC 9470 step-up
 * ({@code acr}, {@code auth_time}), and {@code resource_metadata} and {@code scope} in every 401 (RFC 9728,
 * MCP). Immutable and thread-safe.
 */
public final class RouteRules {
  private final List<ProtectedResource> resources;
  private final Map<String, ProtectedResource> byIdentifier = new LinkedHashMap<>();
  /** By issuer name: whether that issuer's audience is the resource (it has no {@code audience} of its own). */
  private final Map<String, Boolean> resourceIsAudience = new LinkedHashMap<>();
  private final Clock clock;
  private final String realm;
  private final List<String> authorizationServers;
  /** DPoP's proof algorithms where an issuer's {@code dpop.mode} offers the scheme; else empty. */
  private final List<String> dpopAlgorithms;
  private final boolean dpopRequired;
  private final String name;
  private final URI documentation;

  /**
   * The rules of one validator.
   *
   * @param config the checked configuration
   */
  public RouteRules(ValidatorConfig config) {
    List<ProtectedResource> list = new ArrayList<>();
    for (String identifier : config.get(ResourceSettings.RESOURCE)) {
      ProtectedResource resource = new ProtectedResource(identifier);
      list.add(resource);
      byIdentifier.put(identifier, resource);
    }
    this.resources = List.copyOf(list);
    for (ValidatorConfig issuer : config.issuers()) {
      resourceIsAudience.put(issuer.issuerName(), issuer.resourceIsAudience());
    }
    this.clock = config.clock();
    this.realm = config.get(RequestSettings.REALM);
    this.authorizationServers = authorizationServers(config);
    boolean offered = false;
    boolean required = true;
    for (ValidatorConfig issuer : config.issuers()) {
      DpopSettings.Mode mode = issuer.get(DpopSettings.MODE);
      offered |= mode == DpopSettings.Mode.ALLOWED || mode == DpopSettings.Mode.REQUIRED;
      required &= mode == DpopSettings.Mode.REQUIRED;
    }
    this.dpopAlgorithms = offered ? SenderConstraints.proofAlgorithms() : List.of();
    this.dpopRequired = offered && required;
    this.name = config.get(ResourceSettings.RESOURCE_NAME);
    this.documentation = config.get(ResourceSettings.RESOURCE_DOCUMENTATION);
  }

  /**
   * The issuers named in {@code authorization_servers}: each configured issuer's {@code issuer}, the default
   * issuer's first, then the groups' in name order; an issuer configured without one (an introspection endpoint
   * alone) is left out, as its identifier is unknown.
   */
  static List<String> authorizationServers(ValidatorConfig config) {
    Set<String> issuers = new LinkedHashSet<>();
    for (ValidatorConfig issuerConfig : config.issuers()) {
      String issuer = issuerConfig.get(JwtSettings.ISSUER);
      if (issuer != null) {
        issuers.add(issuer);
      }
    }
    return List.copyOf(issuers);
  }

  /** {@return whether the {@code resource} setting is set: metadata and its challenge attribute are on} */
  public boolean isOn() {
    return !resources.isEmpty();
  }

  /** {@return the configured resources, the default first} */
  public List<ProtectedResource> resources() {
    return resources;
  }

  /**
   * The resource a requirement names, the default when it names none; null when no resource is configured.
   *
   * @param requirement the route's requirement
   * @return the resource, or null
   * @throws IllegalArgumentException if the requirement names a resource that is not configured
   */
  public ProtectedResource resourceOf(Requirement requirement) {
    String identifier = requirement.resource();
    if (identifier == null) {
      return resources.isEmpty() ? null : resources.get(0);
    }
    ProtectedResource resource = byIdentifier.get(identifier);
    if (resource == null) {
      throw new IllegalArgumentException("the resource " + identifier + " is not one of the resource setting's "
          + (resources.isEmpty() ? "(none is set)" : byIdentifier.keySet().toString()));
    }
    return resource;
  }

  /**
   * The engine's answer for a route, completed: a valid token must also be meant for the route's resource, cover
   * its scope and meet its step-up, in that order (a token for another resource is refused as such, whatever
   * its scope); a refusal gets the route's challenge attributes.
   *
   * @param result the engine's answer for any valid token ({@code Scope.empty()})
   * @param requirement the route's requirement
   * @return the answer to send; {@code result} itself when nothing changes
   */
  public ValidationResult apply(ValidationResult result, Requirement requirement) {
    ProtectedResource resource = resourceOf(requirement);
    if (result.isValid()) {
      AuthenticationError refusal = refusal(result.token(), requirement, resource);
      return refusal == null ? result : ValidationResult.invalid(decorate(refusal, requirement, resource));
    }
    AuthenticationError error = result.error();
    AuthenticationError decorated = decorate(error, requirement, resource);
    return decorated == error ? result : ValidationResult.invalid(decorated);
  }

  /**
   * {@code error} with the attributes of the route's challenge: {@code resource_metadata} and, in a 401,
   * {@code scope}, when metadata is on; unchanged otherwise (the challenges MobileFirst clients parse).
   *
   * @param error the refusal
   * @param requirement the route's requirement
   * @return the refusal to send
   */
  public AuthenticationError decorate(AuthenticationError error, Requirement requirement) {
    return decorate(error, requirement, resourceOf(requirement));
  }

  private static AuthenticationError decorate(AuthenticationError error, Requirement requirement,
      ProtectedResource resource) {
    if (resource == null) {
      return error;
    }
    return error.withChallengeAttributes(requirement.scope(), resource.metadataUrl());
  }

  /** Why a valid token does not meet the route's resource or step-up, or null. */
  private AuthenticationError refusal(TokenInfo token, Requirement requirement, ProtectedResource resource) {
    // an answer without aud passes, as the engine's audience rule has it (introspection answers often lack one;
    // a JWT without one was refused before)
    if (resource != null && isResourceAudience(token) && !token.audience().isEmpty()
        && !token.audience().contains(resource.identifier())) {
      return AuthenticationError.invalidToken(realm, "The access token is not meant for this resource");
    }
    if (!token.scope().covers(requirement.scope())) {
      return AuthenticationError.insufficientScope(realm, requirement.scope());
    }
    if (requirement.acrValues().isEmpty() && requirement.maxAge() == null) {
      return null;
    }
    boolean acrMet = requirement.acrValues().isEmpty() || requirement.acrValues().contains(acr(token));
    boolean ageMet = requirement.maxAge() == null || isRecent(token, requirement.maxAge().getSeconds());
    if (acrMet && ageMet) {
      return null;
    }
    return AuthenticationError.insufficientUserAuthentication(realm, requirement.acrValues(),
        requirement.maxAge());
  }

  /** Whether the issuer that resolved {@code token} takes the resource as its audience. */
  private boolean isResourceAudience(TokenInfo token) {
    Boolean byIssuer = token.issuerGroup() == null ? null : resourceIsAudience.get(token.issuerGroup());
    if (byIssuer == null) {
      byIssuer = resourceIsAudience.values().iterator().next(); // the default issuer's
    }
    return byIssuer;
  }

  private static String acr(TokenInfo token) {
    Object acr = token.claim("acr");
    return acr instanceof String ? (String) acr : null;
  }

  /** Whether the token's {@code auth_time} (seconds) is at most {@code maxAgeSeconds} before now; false without one. */
  private boolean isRecent(TokenInfo token, long maxAgeSeconds) {
    Object authTime = token.claim("auth_time");
    long seconds;
    if (authTime instanceof Long || authTime instanceof Integer) {
      seconds = ((Number) authTime).longValue();
    } else if (authTime instanceof Double || authTime instanceof BigDecimal) {
      double value = ((Number) authTime).doubleValue();
      if (!(value >= 0 && value < 1e14)) {
        return false;
      }
      seconds = (long) Math.ceil(value);
    } else if (authTime instanceof BigInteger) {
      return false; // far beyond any time
    } else {
      return false;
    }
    long ageSeconds = Math.floorDiv(clock.millis(), 1000) - seconds;
    return ageSeconds <= maxAgeSeconds;
  }

  /**
   * The metadata documents for routes: per resource, the scope elements its routes name (wildcard patterns
   * left out: they are not scopes a client could ask for).
   *
   * @param routes every requirement the adapter's rules or annotations make
   * @return the documents by metadata path; the root path serves the default resource unless one has it
   * @throws IllegalArgumentException if a route names a resource that is not configured
   */
  public Map<String, byte[]> documents(Iterable<Requirement> routes) {
    Map<ProtectedResource, Set<String>> scopes = new LinkedHashMap<>();
    for (ProtectedResource resource : resources) {
      scopes.put(resource, new LinkedHashSet<>());
    }
    for (Requirement route : routes) {
      ProtectedResource resource = resourceOf(route);
      if (resource == null) {
        continue;
      }
      for (String element : route.scope().elements()) {
        if (element.indexOf('*') < 0) {
          scopes.get(resource).add(element);
        }
      }
    }
    Map<String, byte[]> documents = new LinkedHashMap<>();
    for (ProtectedResource resource : resources) {
      documents.put(resource.metadataPath(), MetadataDocument.write(resource.identifier(), authorizationServers,
          scopes.get(resource), dpopAlgorithms, dpopRequired, name, documentation));
    }
    if (!resources.isEmpty()) {
      documents.putIfAbsent(ProtectedResource.WELL_KNOWN_PATH, documents.get(resources.get(0).metadataPath()));
    }
    return documents;
  }
}
