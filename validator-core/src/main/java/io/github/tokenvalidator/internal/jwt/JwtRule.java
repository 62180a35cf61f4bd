package io.github.tokenvalidator.internal.jwt;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One check only a JWT has, on its header (before any key is fetched) or on its verified claims; rules
 * compose into {@link JwtRules}, as Spring's {@code OAuth2TokenValidator}s and Nimbus's claims verifier do.
 * What every token has in common (times, the audience's value) is the one decision's, not a JWT rule.
 * Implementations are immutable and thread-safe.
 */
public interface JwtRule {
  /**
   * Checks what the header alone decides.
   *
   * @param jws the parsed token
   * @throws InvalidJwtException naming what is wrong, never the token
   */
  default void checkHeader(Jws jws) throws InvalidJwtException {}

  /**
   * Checks the verified claims.
   *
   * @param claims the claims, parsed
   * @throws InvalidJwtException naming what is wrong, never the token
   */
  default void checkClaims(Map<String, Object> claims) throws InvalidJwtException {}

  /**
   * {@code typ} is one of {@code types} (lower case; the empty string for an absent one).
   *
   * @param types the accepted types
   * @return the rule
   */
  static JwtRule type(Set<String> types) {
    Set<String> accepted = Set.copyOf(types);
    return new JwtRule() {
      @Override
      public void checkHeader(Jws jws) throws InvalidJwtException {
        if (!accepted.contains(jws.type == null ? "" : jws.type.toLowerCase(Locale.ROOT))) {
          throw new InvalidJwtException("JWT type (typ) is not accepted");
        }
      }
    };
  }

  /**
   * {@code claim} is present (RFC 9068 §2.2 requires {@code exp}).
   *
   * @param claim the claim's name
   * @return the rule
   */
  static JwtRule required(String claim) {
    return new JwtRule() {
      @Override
      public void checkClaims(Map<String, Object> claims) throws InvalidJwtException {
        if (claims.get(claim) == null) {
          throw new InvalidJwtException("JWT has no " + claim);
        }
      }
    };
  }

  /**
   * {@code iss} is exactly {@code issuer}.
   *
   * @param issuer the configured issuer
   * @return the rule
   */
  static JwtRule issuer(String issuer) {
    return new JwtRule() {
      @Override
      public void checkClaims(Map<String, Object> claims) throws InvalidJwtException {
        if (!issuer.equals(claims.get("iss"))) {
          throw new InvalidJwtException("JWT issuer (iss) is not the configured issuer");
        }
      }
    };
  }

  /**
   * With audiences configured, the JWT carries an {@code aud} (RFC 9068 §4); which one is the decision's.
   *
   * @param audiences the configured audiences
   * @return the rule
   */
  static JwtRule audiencePresent(List<String> audiences) {
    boolean required = !audiences.isEmpty();
    return new JwtRule() {
      @Override
      public void checkClaims(Map<String, Object> claims) throws InvalidJwtException {
        Object aud = claims.get("aud");
        if (required && (aud == null || (aud instanceof List && ((List<?>) aud).isEmpty()))) {
          throw new InvalidJwtException("JWT has no audience (aud), and audiences are configured");
        }
      }
    };
  }
}
