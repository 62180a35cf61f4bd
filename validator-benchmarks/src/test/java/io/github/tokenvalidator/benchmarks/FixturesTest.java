package io.github.tokenvalidator.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The token source and the digest floor do what the benchmarks assume of them. */
class FixturesTest {

  @Test
  void tokensAreDistinctOneKilobyteB64Tokens() {
    Tokens tokens = new Tokens(42);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String token = tokens.next();
      assertThat(token).hasSize(Tokens.LENGTH).matches("[A-Za-z0-9_-]+");
      seen.add(token);
    }
    assertThat(seen).hasSize(10_000);
    assertThat(new Tokens(1).next()).isNotEqualTo(new Tokens(2).next());
  }

  @Test
  void digestFloorFindsOnlyTheTokenItHolds() {
    Tokens tokens = new Tokens(7);
    String held = tokens.next();
    DigestFloor floor = new DigestFloor();
    floor.put(held, "answer");

    assertThat(floor.get(new String(held.toCharArray()))).isEqualTo("answer");
    assertThat(floor.getFromHeader("Bearer " + held)).isEqualTo("answer");
    assertThat(floor.get(tokens.next())).isNull();
    assertThat(floor.getFromHeader("Bearer " + tokens.next())).isNull();
  }
}
