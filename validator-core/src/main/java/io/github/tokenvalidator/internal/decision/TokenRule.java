package io.github.tokenvalidator.internal.decision;

import io.github.tokenvalidator.TokenInfo;

/**
 * One check of a resolved token, the same whether it was introspected or verified locally; rules compose
 * into a {@link TokenDecision}. Implementations are immutable and thread-safe.
 */
public interface TokenRule {
  /**
   * Why {@code info} is refused at {@code nowMillis}, or null when this rule accepts it.
   *
   * @param info the token's data
   * @param nowMillis the clock's reading, in epoch milliseconds
   * @return the reason, in words without the token, or null
   */
  String refusal(TokenInfo info, long nowMillis);
}
