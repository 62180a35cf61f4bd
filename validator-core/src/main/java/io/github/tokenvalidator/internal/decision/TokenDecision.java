package io.github.tokenvalidator.internal.decision;

import io.github.tokenvalidator.TokenInfo;
import java.time.Duration;
import java.util.List;

/**
 * The one decision for a resolved token, introspected or verified alike: active, within its times (with
 * the clock skew) and, when it names an audience, meant for this resource server. The scope a route needs
 * is the last step, taken per request. Immutable and thread-safe.
 */
public final class TokenDecision {
  private final TimeRule time;
  private final List<TokenRule> rules;

  /**
   * The decision for a validator with {@code skew} and {@code audiences}.
   *
   * @param skew the clock skew
   * @param audiences the configured audiences; empty for no check
   */
  public TokenDecision(Duration skew, List<String> audiences) {
    this.time = new TimeRule(skew);
    this.rules = List.of(new ActiveRule(), time, new AudienceRule(audiences));
  }

  /**
   * Why {@code info} is refused at {@code nowMillis}, or null when it is acceptable.
   *
   * @param info the token's data
   * @param nowMillis the clock's reading
   * @return the first rule's reason, or null
   */
  public String refusal(TokenInfo info, long nowMillis) {
    for (TokenRule rule : rules) {
      String refusal = rule.refusal(info, nowMillis);
      if (refusal != null) {
        return refusal;
      }
    }
    return null;
  }

  /** {@return the time rule, whose bounds a cache entry keeps} */
  public TimeRule time() {
    return time;
  }
}
