package io.github.tokenvalidator.internal.jwt;

import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.Claims;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules only a JWT has: accepted algorithms and {@code typ} (the header), the signature, then the claims
 * a JWT must carry ({@code exp}; {@code iss} equal to the issuer; an {@code aud} when audiences are
 * configured) and their reading into a {@link TokenInfo}. Times and the audience's value are the one
 * decision's ({@code TokenDecision}), the same as for introspected tokens. Immutable and thread-safe.
 */
public final class JwtRules {
  /** Default {@code typ} values; the empty string stands for an absent {@code typ}. */
  public static final Set<String> DEFAULT_TYPES = Set.of("", "jwt", "jose", "at+jwt", "application/at+jwt");
  /** RFC 9068 §2.1: access tokens are typed {@code at+jwt}. */
  public static final Set<String> RFC9068_TYPES = Set.of("at+jwt", "application/at+jwt");
  /** JWT times are seconds; this bound (about three million years) keeps the arithmetic far from overflow. */
  private static final double MAX_NUMERIC_DATE = 1e14;

  public final Set<JwsAlgorithm> algorithms;
  private final List<JwtRule> rules;

  public JwtRules(Set<JwsAlgorithm> algorithms, Set<String> types, String issuer, List<String> audiences) {
    this.algorithms = Set.copyOf(algorithms);
    List<JwtRule> composed = new java.util.ArrayList<>(List.of(JwtRule.type(types), JwtRule.required("exp")));
    if (issuer != null) {
      composed.add(JwtRule.issuer(issuer));
    }
    composed.add(JwtRule.audiencePresent(audiences));
    this.rules = List.copyOf(composed);
  }

  /** Splits {@code token} (the algorithm allow-list, {@code crit}, {@code b64}) and runs the header rules. */
  public Jws parse(String token) throws InvalidJwtException {
    Jws jws = Jws.parse(token, algorithms);
    for (JwtRule rule : rules) {
      rule.checkHeader(jws);
    }
    return jws;
  }

  /**
   * Verifies {@code jws}'s signature with {@code key}, then reads its claims: the token as a
   * {@link TokenInfo}, or why it is refused.
   */
  public TokenInfo verify(Jws jws, Jwk key, Instant now) throws InvalidJwtException {
    if (!key.fits(jws.algorithm) || !jws.algorithm.verify(key.key, jws.signingInput, jws.signature)) {
      throw new InvalidJwtException("JWT signature does not verify");
    }
    return claims(jws, now);
  }

  /** The verified token's claims as a {@link TokenInfo}, after the time, issuer and audience checks. */
  private TokenInfo claims(Jws jws, Instant now) throws InvalidJwtException {
    Map<String, Object> claims;
    try {
      claims = BoundedJson.parseObject(jws.payload);
    } catch (MalformedAnswerException e) {
      throw new InvalidJwtException("JWT claims are not a bounded JSON object");
    }
    for (JwtRule rule : rules) {
      rule.checkClaims(claims);
    }
    // Times and the audience's value are the one decision's (TokenDecision), as for introspected tokens.
    Instant expiresAt = numericDate(claims, "exp");
    Instant notBefore = numericDate(claims, "nbf");
    Instant issuedAt = numericDate(claims, "iat");
    Object iss = claims.get("iss");
    List<String> audience;
    Scope scope;
    try {
      audience = Claims.audience(claims.get("aud"));
      // RFC 9068 §2.2.3 names "scope"; Entra and Okta send "scp".
      scope = Claims.scope(claims.containsKey("scope") ? claims.get("scope") : claims.get("scp"));
    } catch (MalformedAnswerException e) {
      throw new InvalidJwtException("JWT " + e.getMessage());
    }
    return TokenInfo.builder()
        .claims(claims)
        .scope(scope)
        .clientId(string(claims, "client_id") != null ? string(claims, "client_id") : string(claims, "azp"))
        .subject(string(claims, "sub"))
        .issuer(iss instanceof String ? (String) iss : null)
        .audience(audience)
        .expiresAt(expiresAt)
        .issuedAt(issuedAt)
        .notBefore(notBefore)
        .build();
  }

  private static String string(Map<String, Object> claims, String name) throws InvalidJwtException {
    Object value = claims.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new InvalidJwtException("JWT claim \"" + name + "\" is not a string");
  }

  /** An RFC 7519 NumericDate: seconds, possibly fractional; never read as milliseconds. */
  private static Instant numericDate(Map<String, Object> claims, String name) throws InvalidJwtException {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Long) {
      long seconds = (Long) value;
      if (seconds < 0 || seconds > MAX_NUMERIC_DATE) {
        throw new InvalidJwtException("JWT claim \"" + name + "\" is out of range");
      }
      return Instant.ofEpochSecond(seconds);
    }
    if (value instanceof Double) {
      double seconds = (Double) value;
      if (!(seconds >= 0) || seconds > MAX_NUMERIC_DATE) {
        throw new InvalidJwtException("JWT claim \"" + name + "\" is out of range");
      }
      long whole = (long) Math.floor(seconds);
      return Instant.ofEpochSecond(whole, (long) ((seconds - whole) * 1_000_000_000L));
    }
    if (value instanceof BigInteger) {
      throw new InvalidJwtException("JWT claim \"" + name + "\" is out of range");
    }
    throw new InvalidJwtException("JWT claim \"" + name + "\" is not a number");
  }
}
