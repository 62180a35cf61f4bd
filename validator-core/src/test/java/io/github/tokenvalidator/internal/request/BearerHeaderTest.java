package io.github.tokenvalidator.internal.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerHeaderTest {
  @Test
  void largestTokenLengthDoesNotOverflowTheHeaderBound() {
    long located = BearerHeader.locate("Bearer abc", Integer.MAX_VALUE);
    assertThat(located).isNotNegative();
    assertThat(BearerHeader.end(located) - BearerHeader.start(located)).isEqualTo(3);
  }
}
