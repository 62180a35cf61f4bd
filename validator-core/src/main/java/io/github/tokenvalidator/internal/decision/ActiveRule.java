package io.github.tokenvalidator.internal.decision;

import io.github.tokenvalidator.TokenInfo;

/** An inactive token (RFC 7662 {@code active: false}, or a JWT that failed a check) is refused. Thread-safe. */
public final class ActiveRule implements TokenRule {
  @Override
  public String refusal(TokenInfo info, long nowMillis) {
    return info.isActive() ? null : "the token is not active";
  }
}
