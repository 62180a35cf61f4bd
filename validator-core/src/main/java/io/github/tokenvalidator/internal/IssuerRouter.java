package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.internal.config.JwtSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import io.github.tokenvalidator.internal.jwt.Base64Url;
import io.github.tokenvalidator.internal.jwt.Jws;
import io.github.tokenvalidator.internal.jwt.JwsAlgorithm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the configured issuer a token goes to, before anything is verified or sent: a JWT whose {@code iss}
 * (read unverified) is a {@code jwt} or {@code auto} issuer's goes to that issuer's keys alone, if the route
 * accepts it; any other token to the route's introspecting issuer — but a JWT-shaped one only to an
 * {@code opaque} issuer (MobileFirst's own tokens are JWTs introspected), never to an {@code auto} one, which
 * would verify it with its own keys and refuse it. A token that no issuer of the route may take is refused
 * with no network call. Immutable and thread-safe.
 */
public final class IssuerRouter {
  /** {@link #route}'s answer for a token no issuer of the route may take. */
  public static final int REFUSED = -1;

  private final List<String> names = new ArrayList<>();
  private final TokenFormat[] formats;
  private final List<Set<JwsAlgorithm>> algorithms = new ArrayList<>();
  /** The {@code jwt} and {@code auto} issuers, by their {@code issuer} value. */
  private final Map<String, Integer> byIssuer = new HashMap<>();
  private final Selection all;

  /**
   * The router of {@code issuers}: the default issuer's configuration first, as {@link ValidatorConfig#issuers()}.
   *
   * @param issuers every issuer's configuration
   */
  public IssuerRouter(List<ValidatorConfig> issuers) {
    this.formats = new TokenFormat[issuers.size()];
    boolean[] accepted = new boolean[issuers.size()];
    for (int i = 0; i < issuers.size(); i++) {
      ValidatorConfig issuer = issuers.get(i);
      names.add(issuer.issuerName());
      formats[i] = issuer.get(JwtSettings.TOKEN_FORMAT);
      algorithms.add(issuer.jwtAlgorithms());
      if (formats[i] != TokenFormat.OPAQUE) {
        byIssuer.put(issuer.get(JwtSettings.ISSUER), i);
      }
      accepted[i] = true;
    }
    // no route named: every JWT issuer by its iss, other tokens to the default issuer if it introspects
    this.all = new Selection(this, accepted, formats[0] == TokenFormat.JWT ? -1 : 0);
  }

  /** {@return the route that names no issuer: every {@code jwt}/{@code auto} issuer, and the default issuer's introspection} */
  public Selection all() {
    return all;
  }

  /** {@return how many issuers there are} */
  public int size() {
    return formats.length;
  }

  /**
   * The route accepting the issuers {@code named}.
   *
   * @param named issuer names: {@code default}, or groups' names
   * @return the route
   * @throws InvalidConfigurationException when a name is no configured issuer, or two introspecting issuers
   *     are named
   * @throws IllegalArgumentException when no issuer is named
   */
  public Selection select(List<String> named) {
    if (named.isEmpty()) {
      throw new IllegalArgumentException("a route names at least one issuer");
    }
    boolean[] accepted = new boolean[formats.length];
    int introspecting = -1;
    for (String name : named) {
      int index = names.indexOf(name);
      if (index < 0) {
        throw new InvalidConfigurationException(null, "a route names issuer '" + name + "', which is not configured"
            + " (configured: " + String.join(", ", names) + ")");
      }
      accepted[index] = true;
      if (formats[index] != TokenFormat.JWT && introspecting != index) {
        if (introspecting >= 0) {
          throw new InvalidConfigurationException(null, "a route names two introspecting issuers, '"
              + names.get(introspecting) + "' and '" + name + "': a token that is no JWT of a named issuer could"
              + " go to either, and a token must never be sent to a server that did not issue it");
        }
        introspecting = index;
      }
    }
    return new Selection(this, accepted, introspecting);
  }

  /**
   * Where the token {@code text[start, end)} goes on {@code route}: {@code index << 1 | 1} for issuer
   * {@code index}'s keys (a JWT routed by its {@code iss}), {@code index << 1} for issuer {@code index}'s
   * introspection, or {@link #REFUSED}. Reads the token alone; allocates only to read a JWT's {@code iss}.
   *
   * @param text the header holding the token
   * @param start the token's first character
   * @param end after the token's last character
   * @param route the route
   * @return where the token goes
   */
  public int route(String text, int start, int end, Selection route) {
    boolean jwtShaped = false;
    int firstDot = dot(text, start, end);
    int secondDot = firstDot < 0 ? -1 : dot(text, firstDot + 1, end);
    if (secondDot >= 0 && dot(text, secondDot + 1, end) < 0) {
      jwtShaped = true;
      if (!byIssuer.isEmpty()) {
        Integer issuer = byIssuer.get(issuer(text, firstDot + 1, secondDot));
        if (issuer != null) {
          return route.accepted[issuer] ? issuer << 1 | 1 : REFUSED;
        }
      }
    }
    int introspecting = route.introspecting;
    if (introspecting < 0) {
      return REFUSED;
    }
    if (jwtShaped && formats[introspecting] == TokenFormat.AUTO
        && Jws.isJwtShaped(text.substring(start, end), algorithms.get(introspecting))) {
      return REFUSED; // auto verifies every JWT-shaped token itself: one of another issuer is refused, as before
    }
    return introspecting << 1;
  }

  /** The unverified {@code iss} of the claims {@code text[start, end)}, or null when they do not read. */
  private static String issuer(String text, int start, int end) {
    byte[] json = Base64Url.decode(text, start, end);
    if (json == null) {
      return null;
    }
    try {
      return BoundedJson.stringMember(json, "iss");
    } catch (MalformedAnswerException e) {
      return null;
    }
  }

  private static int dot(String text, int from, int end) {
    for (int i = from; i < end; i++) {
      if (text.charAt(i) == '.') {
        return i;
      }
    }
    return -1;
  }

  /** The issuers one route accepts, of one router. Immutable and thread-safe. */
  public static final class Selection {
    final IssuerRouter router;
    final boolean[] accepted;
    /** The issuer that takes what is no JWT of an accepted issuer; -1 for none. */
    final int introspecting;
    /**
     * The cache tags ({@link #route}'s answers) whose answers this route may give without routing: each
     * accepted {@code jwt}/{@code auto} issuer's JWTs (only a JWT whose iss is its issuer is ever cached
     * there), then its introspecting issuer's (only tokens routing sends there are).
     */
    final int[] cacheTags;

    Selection(IssuerRouter router, boolean[] accepted, int introspecting) {
      this.router = router;
      this.accepted = accepted;
      this.introspecting = introspecting;
      int[] tags = new int[accepted.length + 1];
      int count = 0;
      for (int i = 0; i < accepted.length; i++) {
        if (accepted[i] && router.formats[i] != TokenFormat.OPAQUE) {
          tags[count++] = i << 1 | 1;
        }
      }
      if (introspecting >= 0) {
        tags[count++] = introspecting << 1;
      }
      this.cacheTags = java.util.Arrays.copyOf(tags, count);
    }
  }
}
