package io.github.tokenvalidator.internal.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.InvalidConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
  private static TrustedProxies of(String... entries) {
    return TrustedProxies.of(TrustedProxies.check("trusted-proxies", List.of(entries)));
  }

  @Test
  void noneTrustsNobody() {
    assertThat(TrustedProxies.NONE.contains("127.0.0.1")).isFalse();
    assertThat(TrustedProxies.of(List.of())).isSameAs(TrustedProxies.NONE);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "10.0.0.0/8, 10.0.0.0, true",
      "10.0.0.0/8, 10.255.255.255, true",
      "10.0.0.0/8, 11.0.0.0, false",
      "10.0.0.0/8, 9.255.255.255, false",
      "192.168.1.128/25, 192.168.1.128, true",
      "192.168.1.128/25, 192.168.1.255, true",
      "192.168.1.128/25, 192.168.1.127, false",
      "192.168.1.128/25, 192.168.0.200, false",
      "172.16.0.0/12, 172.31.255.255, true",
      "172.16.0.0/12, 172.32.0.0, false",
      "10.0.0.1, 10.0.0.1, true",
      "10.0.0.1/32, 10.0.0.2, false",
      "0.0.0.0/0, 203.0.113.9, true",
      "0.0.0.0/0, ::1, false",
      "::/0, ::1, true",
      "::/0, 10.0.0.1, false",
      "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
      "2001:db8::/32, 2001:db9::, false",
      "2001:db8::/32, 2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, false",
      "2001:db8::/127, 2001:db8::1, true",
      "2001:db8::/127, 2001:db8::2, false",
      "fe80::/10, fe80::1%eth0, true",
      "fe80::/10, febf::1, true",
      "fe80::/10, fec0::1, false",
      "::1, 0:0:0:0:0:0:0:1, true",
      "::1, [::1], true",
      "[::1], ::1, true",
      "10.0.0.0/8, ::ffff:10.1.2.3, true",
      "10.0.0.0/8, ::ffff:11.1.2.3, false",
      "::ffff:10.0.0.0/104, ::ffff:10.1.2.3, true",
      "10.0.0.0/8, localhost, false",
      "10.0.0.0/8, 10.1, false",
      "10.0.0.0/8, 010.0.0.1, false",
      "10.0.0.0/8, '', false",
  })
  void rangesContainTheirAddressesOnly(String range, String address, boolean contained) {
    assertThat(of(range).contains(address)).isEqualTo(contained);
  }

  @Test
  void aPeerInAnyEntryIsTrusted() {
    TrustedProxies proxies = of("10.0.0.1", "192.168.0.0/16", "2001:db8::/32");

    assertThat(proxies.contains("10.0.0.1")).isTrue();
    assertThat(proxies.contains("192.168.7.7")).isTrue();
    assertThat(proxies.contains("2001:db8::7")).isTrue();
    assertThat(proxies.contains("10.0.0.2")).isFalse();
    assertThat(proxies.contains(null)).isFalse();
  }

  @Test
  void entriesAreTrimmed() {
    assertThat(TrustedProxies.check("trusted-proxies", List.of(" 10.0.0.1 ", "\t::1")))
        .containsExactly("10.0.0.1", "::1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"proxy.example.com", "localhost", "cafe", "127.1", "010.0.0.1", "10.0.0.256", "10.0.0",
      "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/8/8", "1:2:3:4:5:6:7:8:9",
      "1::2::3", "::1::", "[::1", "[10.0.0.1]", "", "*", "10.0.0.0 - 10.0.0.255"})
  void anythingButAnIpAddressOrCidrRangeIsRefusedNamingTheSetting(String entry) {
    assertThatThrownBy(() -> TrustedProxies.check("trusted-proxies", List.of("10.0.0.1", entry)))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageStartingWith("tokenvalidator.trusted-proxies: ");
  }

  @Test
  void hostNamesAreRefusedSayingWhy() {
    assertThatThrownBy(() -> TrustedProxies.check("trusted-proxies", List.of("proxy.example.com")))
        .hasMessageContaining("\"proxy.example.com\" is not an IP address or CIDR range")
        .hasMessageContaining("never looked up");
  }

  @Test
  void aRangeWithBitsPastItsPrefixIsRefusedAsATypo() {
    assertThatThrownBy(() -> TrustedProxies.check("trusted-proxies", List.of("10.1.2.3/8")))
        .hasMessageContaining("\"10.1.2.3/8\" has bits set past its /8 prefix");
    assertThatThrownBy(() -> TrustedProxies.check("trusted-proxies", List.of("2001:db8::1/64")))
        .hasMessageContaining("/64 prefix");
  }

  @Test
  void controlCharactersAreNotRepeated() {
    assertThatThrownBy(() -> TrustedProxies.check("trusted-proxies", List.of("a\r\nb")))
        .hasMessageContaining("\"a??b\"");
  }
}
