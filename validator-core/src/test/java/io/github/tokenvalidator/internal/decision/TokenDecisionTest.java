package io.github.tokenvalidator.internal.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TokenInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one decision: each rule at its boundary, one second either side, the same for every kind of token. */
class TokenDecisionTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  private static final long NOW_MILLIS = NOW.toEpochMilli();
  private final TokenDecision decision = new TokenDecision(Duration.ofSeconds(30), List.of("api-a", "api-b"));

  private static TokenInfo.Builder active() {
    return TokenInfo.builder().active(true);
  }

  @Test
  void anInactiveTokenIsRefused() {
    assertThat(decision.refusal(TokenInfo.builder().active(false).build(), NOW_MILLIS)).contains("not active");
    assertThat(decision.refusal(active().build(), NOW_MILLIS)).isNull();
  }

  @Test
  void expGetsTheSkew() {
    assertThat(decision.refusal(active().expiresAt(NOW.minusSeconds(29)).build(), NOW_MILLIS)).isNull();
    assertThat(decision.refusal(active().expiresAt(NOW.minusSeconds(30)).build(), NOW_MILLIS)).contains("exp");
    assertThat(decision.refusal(active().expiresAt(NOW.minusSeconds(31)).build(), NOW_MILLIS)).contains("exp");
  }

  @Test
  void nbfGetsTheSkew() {
    assertThat(decision.refusal(active().notBefore(NOW.plusSeconds(30)).build(), NOW_MILLIS)).isNull();
    assertThat(decision.refusal(active().notBefore(NOW.plusSeconds(31)).build(), NOW_MILLIS)).contains("nbf");
  }

  @Test
  void iatInTheFutureBeyondTheSkewIsRefused() {
    assertThat(decision.refusal(active().issuedAt(NOW.plusSeconds(30)).build(), NOW_MILLIS)).isNull();
    assertThat(decision.refusal(active().issuedAt(NOW.plusSeconds(31)).build(), NOW_MILLIS)).contains("iat");
  }

  @Test
  void withoutSkewExpEndsTheTokenExactly() {
    TokenDecision exact = new TokenDecision(Duration.ZERO, List.of());
    assertThat(exact.refusal(active().expiresAt(NOW.plusSeconds(1)).build(), NOW_MILLIS)).isNull();
    assertThat(exact.refusal(active().expiresAt(NOW).build(), NOW_MILLIS)).contains("exp");
  }

  @Test
  void anAudienceWhenPresentMustNameAConfiguredOne() {
    assertThat(decision.refusal(active().audience(List.of("other", "api-b")).build(), NOW_MILLIS)).isNull();
    assertThat(decision.refusal(active().audience(List.of("other")).build(), NOW_MILLIS)).contains("aud");
    assertThat(decision.refusal(active().build(), NOW_MILLIS)).as("no aud: today's rule for introspection").isNull();
    assertThat(new TokenDecision(Duration.ZERO, List.of()).refusal(active().audience(List.of("x")).build(),
        NOW_MILLIS)).as("none configured").isNull();
  }

  @Test
  void theCacheKeepsTheSameBoundsAsTheDecision() {
    TimeRule time = decision.time();
    TokenInfo info = active().expiresAt(NOW).notBefore(NOW).build();
    assertThat(time.usableUntilMillis(info)).isEqualTo(NOW_MILLIS + 30_000);
    assertThat(time.usableFromMillis(info)).isEqualTo(NOW_MILLIS - 30_000);
    assertThat(time.usableUntilMillis(active().build())).isEqualTo(Long.MAX_VALUE);
    assertThat(time.usableFromMillis(active().build())).isEqualTo(Long.MIN_VALUE);
  }
}
