package io.github.tokenvalidator.internal.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import java.time.Instant;

/**
 * Fuzzes an introspection answer's body, as an authorization server (or whatever answers in its place)
 * sends it: {@link IntrospectionParser} refuses it with {@link MalformedAnswerException} or reads it into a
 * {@link TokenInfo} whose every accessor, the lazily parsed claims and the MobileFirst view included, then
 * works. Any other exception is a finding.
 */
class IntrospectionAnswerFuzzTest {
  @FuzzTest
  void answer(byte[] body) {
    TokenInfo info;
    try {
      info = IntrospectionParser.parseIntrospection(body);
    } catch (MalformedAnswerException expected) {
      assertThat(expected.getMessage()).isNotNull();
      return;
    }
    if (!info.isActive()) {
      assertThat(info).isSameAs(IntrospectionParser.INACTIVE);
      return;
    }
    assertThat(info.scope()).isNotNull();
    assertThat(info.audience()).doesNotContainNull();
    info.isUsableAt(Instant.EPOCH);
    info.isUsableAt(Instant.MAX);
    assertThat(info.claims()).containsKey("active");
    TokenInfo.MobileFirst mobileFirst = info.mobileFirst();
    mobileFirst.application();
    mobileFirst.device();
    mobileFirst.user();
    assertThat(mobileFirst.checks()).isNotNull();
    assertThat(mobileFirst.toString()).isNotNull();
    assertThat(info.toString()).isNotNull();
    assertThat(info).isEqualTo(info.newBuilder().build());
    info.hashCode();
  }
}
