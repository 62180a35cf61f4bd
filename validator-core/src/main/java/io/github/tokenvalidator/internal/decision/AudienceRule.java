package io.github.tokenvalidator.internal.decision;

import io.github.tokenvalidator.TokenInfo;
import java.util.List;

/**
 * With audiences configured, a token's {@code aud}, when it has one, must name one of them (RFC 8707, RFC 9068
 * §4). A JWT must also carry one: that is a JWT rule ({@code JwtRules}), since introspection answers often have
 * none. Immutable and thread-safe.
 */
public final class AudienceRule implements TokenRule {
  private final List<String> audiences;

  /**
   * A rule accepting {@code audiences}.
   *
   * @param audiences the configured audiences; empty for no check
   */
  public AudienceRule(List<String> audiences) {
    this.audiences = List.copyOf(audiences);
  }

  @Override
  public String refusal(TokenInfo info, long nowMillis) {
    return info.audience().isEmpty() || accepts(audiences, info.audience()) ? null
        : "its aud names none of the configured audiences";
  }

  /**
   * Whether {@code aud} names one of {@code configured}; always, when none is configured.
   *
   * @param configured the configured audiences
   * @param aud the token's audiences
   * @return whether they meet
   */
  public static boolean accepts(List<String> configured, List<String> aud) {
    if (configured.isEmpty()) {
      return true;
    }
    for (String candidate : aud) {
      if (configured.contains(candidate)) {
        return true;
      }
    }
    return false;
  }
}
