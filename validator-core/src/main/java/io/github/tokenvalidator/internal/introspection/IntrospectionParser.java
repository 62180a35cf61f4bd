package io.github.tokenvalidator.internal.introspection;

import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.Claims;
import io.github.tokenvalidator.internal.json.Interner;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import java.util.Collections;
import java.util.Map;

/** Reads an RFC 7662 introspection answer into a {@link TokenInfo}. Stateless and thread-safe. */
public final class IntrospectionParser {
  private IntrospectionParser() {}

  /** Every inactive answer: RFC 7662 says an inactive answer carries nothing else worth keeping. */
  public static final TokenInfo INACTIVE = TokenInfo.builder().active(false).build();

  /** What an answer without {@code cnf} reads ahead: one map for all of them, so they cost nothing more. */
  private static final Map<String, Object> NO_CNF = Collections.singletonMap("cnf", null);

  /**
   * An RFC 7662 introspection answer as a {@link TokenInfo}. An active one keeps {@code body} (the
   * server's bytes, not copied) and reads its claims map from it on first use, so a cached answer holds
   * the bytes and the typed claims rather than a tree of maps; an inactive one is {@link #INACTIVE}.
   */
  public static TokenInfo parseIntrospection(byte[] body) throws MalformedAnswerException {
    Map<String, Object> claims = BoundedJson.parseObject(body);
    Object active = claims.get("active");
    if (!(active instanceof Boolean)) {
      throw new MalformedAnswerException("answer has no boolean \"active\"");
    }
    if (!(Boolean) active) {
      return INACTIVE;
    }
    TokenInfo.Builder builder = TokenInfo.builder()
        // cnf read ahead: every answer is checked for it, and the rest can stay unparsed
        .lazyClaims(() -> reparse(body), readAhead(claims.get("cnf")))
        .scope(Claims.scope(claims.get("scope")))
        // Client ids, token types and issuers recur in every answer: one shared copy each.
        .clientId(Interner.intern(Claims.string(claims, "client_id")))
        .username(Claims.string(claims, "username"))
        .subject(Claims.string(claims, "sub"))
        .tokenType(Interner.intern(Claims.string(claims, "token_type")))
        .issuer(Interner.intern(Claims.string(claims, "iss")))
        .expiresAt(Claims.instant(claims, "exp"))
        .issuedAt(Claims.instant(claims, "iat"))
        .notBefore(Claims.instant(claims, "nbf"))
        .audience(Claims.audience(claims.get("aud")));
    return builder.build();
  }

  /** The claims read ahead: {@code cnf}, which the sender constraints check every answer for. */
  private static Map<String, Object> readAhead(Object cnf) {
    return cnf == null ? NO_CNF : Collections.singletonMap("cnf", cnf);
  }

  /** {@code body} parsed again; it parsed once, so it parses again. */
  private static Map<String, Object> reparse(byte[] body) {
    try {
      return BoundedJson.parseObject(body);
    } catch (MalformedAnswerException e) {
      throw new IllegalStateException("an answer that parsed once failed to parse again", e);
    }
  }
}
