package io.github.tokenvalidator.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TestClockTest {
  private static final Instant START = Instant.parse("2026-01-01T09:00:00Z");

  @Test
  void advanceMovesTheClockAndTheTickerTogether() {
    TestClock clock = TestClock.at(START);
    long ticks = clock.read();

    clock.advance(Duration.ofMinutes(90).plusMillis(5));

    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(90).plusMillis(5)));
    assertThat(clock.read() - ticks).isEqualTo(Duration.ofMinutes(90).plusMillis(5).toNanos());
    assertThat(clock.millis()).isEqualTo(clock.instant().toEpochMilli());
  }

  @Test
  void itNeverMovesByItselfNorBackwards() {
    TestClock clock = TestClock.at(START);
    long ticks = clock.read();

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.read()).isEqualTo(ticks);
  }

  @Test
  void aViewInAnotherZoneMovesWithIt() {
    TestClock clock = TestClock.at(START);
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(2));

    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
  }

  @Test
  void startingNowIsTheSystemTimeInWholeSeconds() {
    Instant before = Instant.now().minusSeconds(1);
    TestClock clock = TestClock.startingNow();

    assertThat(clock.instant()).isAfter(before).isBeforeOrEqualTo(Instant.now());
    assertThat(clock.instant().getNano()).isZero();
  }
}
