package io.github.tokenvalidator.internal.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {
  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "255.255.255.255", "10.0.0.1", "::", "::1", "1::", "1:2:3:4:5:6:7:8",
      "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "2001:DB8::FFFF", "fe80::1%eth0", "[::1]", "[fe80::1%25]",
      "::ffff:10.1.2.3", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "0:0:0:0:0:0:0:1", "2001:db8:0:0:1::1"})
  void literalsAreReadAsTheJdkReadsThem(String literal) throws Exception {
    byte[] parsed = IpLiterals.parse(literal);
    String bare = literal.startsWith("[") ? literal.substring(1, literal.length() - 1) : literal;
    // the JDK as the reference, on inputs that are literals (it would look anything else up)
    byte[] expected = InetAddress.getByName(bare.contains("%") ? bare.substring(0, bare.indexOf('%')) : bare)
        .getAddress();

    assertThat(parsed).isNotNull();
    if (expected.length == 4 && parsed.length == 16) {
      assertThat(IpLiterals.isIpv4Mapped(parsed)).isTrue();
    } else {
      assertThat(parsed).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost", "cafe", "beef::g", "1.2.3", "127.1", "1.2.3.4.5", "256.0.0.1", "01.2.3.4",
      "1.2.3.4 ", " 1.2.3.4", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1", "1:", "1:::2", "::1:", "12345::", "::1.2.3",
      "1:2:3:4:5:6:7:1.2.3.4", "[1.2.3.4]", "[::1", "::1]", "fe80::1%", "::ffff:1.2.3.04", "1.2.3.4/8", "[]",
      "\u0661.2.3.4", "\uff11::"})
  void anythingElseIsNotALiteral(String text) {
    assertThat(IpLiterals.parse(text)).isNull();
  }
}
