package io.github.tokenvalidator.internal.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TestRequestView;
import java.net.URI;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The URI the client sent: external URL, then trusted forwarded headers, then the container's. */
class RequestUrisTest {
  private static final String PROXY = "10.0.0.1";
  private static final String CONTAINER = "http://10.0.0.7:8080/bank/accounts";

  private static RequestUris trusting(String... proxies) {
    return new RequestUris(null, TrustedProxies.of(TrustedProxies.check("trusted-proxies", List.of(proxies))));
  }

  /** A request that reached the container as {@link #CONTAINER} from {@code peer}. */
  private static TestRequestView fromPeer(String peer) {
    return TestRequestView.get("http", "10.0.0.7", 8080, "/bank/accounts").from(peer);
  }

  private static String uri(RequestUris uris, TestRequestView request) {
    return uris.of(request).toString();
  }

  @Test
  void withoutSettingsTheContainersViewIsTheUriAndQueryIsLeftOut() {
    RequestUris uris = new RequestUris(null, TrustedProxies.NONE);
    TestRequestView request = fromPeer(PROXY).query("page=2")
        .header("Forwarded", "proto=https;host=api.example.com")
        .header("X-Forwarded-Host", "api.example.com").header("X-Forwarded-Proto", "https");

    assertThat(uri(uris, request)).isEqualTo(CONTAINER);
  }

  @Test
  void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
    RequestUris uris = trusting("10.0.0.0/24");
    TestRequestView request = fromPeer("10.0.1.1")
        .header("Forwarded", "proto=https;host=api.example.com")
        .header("X-Forwarded-Host", "api.example.com").header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Prefix", "/edge");

    assertThat(uri(uris, request)).isEqualTo(CONTAINER);
  }

  @Test
  void aPeerTheFrameworkDoesNotReportOrThatIsNoIpLiteralIsNotTrusted() {
    RequestUris uris = trusting("0.0.0.0/0", "::/0");

    assertThat(uri(uris, fromPeer(null).header("X-Forwarded-Host", "api.example.com"))).isEqualTo(CONTAINER);
    assertThat(uri(uris, fromPeer("localhost").header("X-Forwarded-Host", "api.example.com"))).isEqualTo(CONTAINER);
    assertThat(uri(uris, fromPeer("cafe").header("X-Forwarded-Host", "api.example.com"))).isEqualTo(CONTAINER);
  }

  @Test
  void forwardedFromATrustedPeerGivesSchemeAndHostAndTheSchemesDefaultPort() {
    TestRequestView request = fromPeer(PROXY).header("Forwarded", "for=198.51.100.17;proto=https;host=api.example.com");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("https://api.example.com/bank/accounts");
  }

  @Test
  void forwardedValuesMayBeQuotedAndNamesAnyCase() {
    TestRequestView request = fromPeer(PROXY)
        .header("Forwarded", "For=\"[2001:db8:cafe::17]:4711\"; Proto=HTTPS; Host=\"API.Example.com:8443\"");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("https://api.example.com:8443/bank/accounts");
  }

  @Test
  void forwardedIpv6HostKeepsItsBrackets() {
    TestRequestView request = fromPeer(PROXY).header("Forwarded", "proto=https;host=\"[2001:DB8::1]:8443\"");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("https://[2001:db8::1]:8443/bank/accounts");
    assertThat(uris(trusting(PROXY), request).getHost()).isEqualTo("[2001:db8::1]");
    assertThat(uris(trusting(PROXY), request).getPort()).isEqualTo(8443);
  }

  private static URI uris(RequestUris uris, TestRequestView request) {
    return uris.of(request);
  }

  @Test
  void onlyAProtoKeepsTheContainersHostButNotItsPort() {
    TestRequestView request = fromPeer(PROXY).header("Forwarded", "proto=https");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("https://10.0.0.7/bank/accounts");
  }

  @Test
  void xForwardedHeadersFromATrustedPeer() {
    TestRequestView request = fromPeer(PROXY).header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "api.example.com").header("X-Forwarded-Port", "8443");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("https://api.example.com:8443/bank/accounts");
  }

  @Test
  void xForwardedPortWinsOverTheForwardedHostsPortAndADefaultPortIsLeftOut() {
    TestRequestView request = fromPeer(PROXY).header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "api.example.com:8443").header("X-Forwarded-Port", "443");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("https://api.example.com/bank/accounts");
  }

  @Test
  void onlyAnXForwardedPortKeepsTheContainersSchemeAndHost() {
    TestRequestView request = fromPeer(PROXY).header("X-Forwarded-Port", "9090");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("http://10.0.0.7:9090/bank/accounts");
  }

  @Test
  void forwardedWinsOverXForwardedHeaders() {
    TestRequestView request = fromPeer(PROXY).header("Forwarded", "proto=https;host=api.example.com")
        .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "other.example.com")
        .header("X-Forwarded-Port", "8080");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("https://api.example.com/bank/accounts");
  }

  @Test
  void theLastValueOfAnXForwardedListIsTheTrustedProxysTheOthersMayBeTheClients() {
    TestRequestView request = fromPeer(PROXY).header("X-Forwarded-Host", "evil.example.com, api.example.com")
        .header("X-Forwarded-Proto", "http").header("X-Forwarded-Proto", "https");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("https://api.example.com/bank/accounts");
  }

  @Test
  void theLastForwardedElementIsUsedWhenItsForIsNotATrustedProxy() {
    // a client sent its own Forwarded header, and the trusted proxy appended its element
    TestRequestView request = fromPeer(PROXY)
        .header("Forwarded", "proto=http;host=evil.example.com")
        .header("Forwarded", "for=203.0.113.9;proto=https;host=api.example.com");

    assertThat(uri(trusting("10.0.0.0/8"), request)).isEqualTo("https://api.example.com/bank/accounts");
  }

  @Test
  void throughAChainOfTrustedProxiesTheElementTheOutermostWroteIsUsed() {
    // client 198.51.100.17 -> edge 10.0.0.5 -> balancer 10.0.0.1 -> container
    TestRequestView request = fromPeer(PROXY).header("Forwarded",
        "for=198.51.100.17;proto=https;host=api.example.com, for=10.0.0.5;proto=http;host=balancer.internal");

    assertThat(uri(trusting("10.0.0.0/8"), request)).isEqualTo("https://api.example.com/bank/accounts");
    // the same chain when only the balancer is trusted: the edge's element is not believed
    assertThat(uri(trusting("10.0.0.1"), request)).isEqualTo("http://balancer.internal/bank/accounts");
  }

  @Test
  void theWalkStopsAtTheFirstElementAndAtAnObfuscatedOrMissingFor() {
    RequestUris uris = trusting("10.0.0.0/8");
    assertThat(uri(uris, fromPeer(PROXY).header("Forwarded", "for=10.0.0.9;host=first.example.com")))
        .isEqualTo("http://first.example.com/bank/accounts");
    assertThat(uri(uris, fromPeer(PROXY).header("Forwarded",
        "host=outer.example.com, for=_hidden;host=inner.example.com"))).isEqualTo("http://inner.example.com/bank/accounts");
    assertThat(uri(uris, fromPeer(PROXY).header("Forwarded", "host=outer.example.com, host=inner.example.com")))
        .isEqualTo("http://inner.example.com/bank/accounts");
    assertThat(uri(uris, fromPeer(PROXY).header("Forwarded",
        "host=outer.example.com, for=\"[::ffff:10.0.0.5]:80\";host=inner.example.com")))
        .isEqualTo("http://outer.example.com/bank/accounts");
  }

  @Test
  void thePrefixGoesBeforeThePathWithEitherHeaderOrAlone() {
    assertThat(uri(trusting(PROXY), fromPeer(PROXY).header("X-Forwarded-Prefix", "/edge/")))
        .isEqualTo("http://10.0.0.7:8080/edge/bank/accounts");
    assertThat(uri(trusting(PROXY), fromPeer(PROXY).header("Forwarded", "proto=https;host=api.example.com")
        .header("X-Forwarded-Prefix", "/edge"))).isEqualTo("https://api.example.com/edge/bank/accounts");
    assertThat(uri(trusting(PROXY), fromPeer(PROXY).header("X-Forwarded-Host", "api.example.com")
        .header("X-Forwarded-Prefix", "/v%201"))).isEqualTo("http://api.example.com/v%201/bank/accounts");
    assertThat(uri(trusting(PROXY), fromPeer(PROXY).header("X-Forwarded-Prefix", "/")))
        .isEqualTo("http://10.0.0.7:8080/bank/accounts");
    assertThat(uri(trusting(PROXY), fromPeer(PROXY).header("X-Forwarded-Prefix", "/client, /edge")))
        .isEqualTo("http://10.0.0.7:8080/edge/bank/accounts");
  }

  @Test
  void externalUrlWinsOverEverything() {
    RequestUris uris = new RequestUris(URI.create("https://API.example.com/base/"),
        TrustedProxies.of(List.of(PROXY)));
    TestRequestView request = fromPeer(PROXY).header("Forwarded", "proto=http;host=other.example.com")
        .header("X-Forwarded-Prefix", "/edge").query("a=1");

    assertThat(uri(uris, request)).isEqualTo("https://api.example.com/base/bank/accounts");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "https://api.example.com, https://api.example.com/bank/accounts",
      "https://api.example.com/, https://api.example.com/bank/accounts",
      "https://api.example.com:443/a, https://api.example.com/a/bank/accounts",
      "http://api.example.com:8080/a%20b, http://api.example.com:8080/a%20b/bank/accounts",
      "http://[::1]:8080, http://[::1]:8080/bank/accounts",
  })
  void externalUrlReplacesSchemeHostAndPortAndPrefixesItsPath(String externalUrl, String expected) {
    RequestUris uris = new RequestUris(URI.create(externalUrl), TrustedProxies.NONE);

    assertThat(uri(uris, fromPeer(PROXY))).isEqualTo(expected);
  }

  @Test
  void ipv6PeersAndContainerHosts() {
    RequestUris uris = trusting("2001:db8::/32", "::1");
    TestRequestView local = TestRequestView.get("http", "::1", 8080, "/a").from("0:0:0:0:0:0:0:1")
        .header("X-Forwarded-Proto", "https");
    TestRequestView bracketed = TestRequestView.get("http", "[::1]", 8080, "/a").from("[2001:db8:ffff::1]")
        .header("X-Forwarded-Host", "[2001:db8::2]:8443");
    TestRequestView outside = TestRequestView.get("HTTP", "[::1]", 8080, "/a").from("2001:db9::1")
        .header("X-Forwarded-Host", "api.example.com");
    TestRequestView zoned = TestRequestView.get("http", "fe80::1%eth0", 80, "/a").from("fe80::2%eth0")
        .header("X-Forwarded-Host", "api.example.com");

    assertThat(uri(uris, local)).isEqualTo("https://[::1]/a");
    assertThat(uri(uris, bracketed)).isEqualTo("http://[2001:db8::2]:8443/a");
    assertThat(uri(uris, outside)).isEqualTo("http://[::1]:8080/a");
    assertThat(uri(uris, zoned)).isEqualTo("http://[fe80::1]/a");
    assertThat(uri(trusting("fe80::/10"), zoned)).isEqualTo("http://api.example.com/a");
  }

  @Test
  void anIpv4PeerReportedAsIpv4MappedIpv6MatchesIpv4Ranges() {
    TestRequestView request = fromPeer("::ffff:10.0.0.1").header("X-Forwarded-Host", "api.example.com");

    assertThat(uri(trusting("10.0.0.0/8"), request)).isEqualTo("http://api.example.com/bank/accounts");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "Forwarded | proto=https;host=\"api.example.com",
      "Forwarded | proto=https;proto=http",
      "Forwarded | proto=https;host=api.example.com;host=b.example.com",
      "Forwarded | proto=ftp;host=api.example.com",
      "Forwarded | proto=https host=api.example.com",
      "Forwarded | proto=;host=api.example.com",
      "Forwarded | proto=https;host=\"\"",
      "Forwarded | =https",
      "Forwarded | host=\"api example.com\"",
      "Forwarded | host=\"api.example.com:0\"",
      "Forwarded | host=\"api.example.com:65536\"",
      "Forwarded | host=\"api.example.com:80:80\"",
      "Forwarded | host=\"[::1\"",
      "Forwarded | host=\"[::1]x\"",
      "Forwarded | host=\"[fe80::1%25eth0]\"",
      "Forwarded | host=\"2001:db8::1\"",
      "Forwarded | host=\"[10.0.0.1]\"",
      "Forwarded | host=\"api.example.com/evil\"",
      "Forwarded | host=\"api.example.com?x\"",
      "Forwarded | host=\"us\u00e9r.example.com\"",
      "X-Forwarded-Proto | javascript",
      "X-Forwarded-Proto | 'https, '",
      "X-Forwarded-Host | api.example.com:https",
      "X-Forwarded-Host | a@api.example.com",
      "X-Forwarded-Port | abc",
      "X-Forwarded-Port | 0",
      "X-Forwarded-Port | 70000",
      "X-Forwarded-Port | -1",
      "X-Forwarded-Prefix | edge",
      "X-Forwarded-Prefix | /a/../admin",
      "X-Forwarded-Prefix | /a//b",
      "X-Forwarded-Prefix | /a?b",
      "X-Forwarded-Prefix | /a%2",
      "X-Forwarded-Prefix | /a b",
  })
  void malformedForwardedHeadersFromATrustedPeerLeaveTheContainersUriWhole(String header, String value) {
    TestRequestView request = fromPeer(PROXY).header(header, value);
    // a well-formed companion, which must not be used alone either
    if (header.equals("X-Forwarded-Host")) {
      request.header("X-Forwarded-Proto", "https");
    } else {
      request.header("X-Forwarded-Host", "api.example.com");
    }

    assertThat(uri(trusting(PROXY), request)).isEqualTo(CONTAINER);
  }

  @Test
  void blankForwardedHeadersAreAbsent() {
    TestRequestView request = fromPeer(PROXY).header("X-Forwarded-Prefix", " ").header("X-Forwarded-Host", "")
        .header("X-Forwarded-Proto", "https");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("https://10.0.0.7/bank/accounts");
  }

  @Test
  void emptyForwardedElementsAndOtherParametersAreSkipped() {
    TestRequestView request = fromPeer(PROXY)
        .header("Forwarded", ", for=198.51.100.17;by=10.0.0.1;secret=\"a\\\"b\";proto=https;;host=api.example.com,");

    assertThat(uri(trusting(PROXY), request)).isEqualTo("https://api.example.com/bank/accounts");
  }

  @Test
  void theContainersPathStaysAsReceivedAndWhatAUriCannotHoldIsEncoded() {
    RequestUris uris = new RequestUris(null, TrustedProxies.NONE);

    assertThat(uri(uris, TestRequestView.get("http", "h", 80, "/a%20b/c;v=1/%7E"))).isEqualTo("http://h/a%20b/c;v=1/%7E");
    assertThat(uri(uris, TestRequestView.get("http", "h", 80, "/a b/\u00e9|{}"))).isEqualTo("http://h/a%20b/%C3%A9%7C%7B%7D");
    assertThat(uri(uris, TestRequestView.get("http", "h", 80, "/100%/%zz"))).isEqualTo("http://h/100%25/%25zz");
    assertThat(uri(uris, TestRequestView.get("http", "h", 80, ""))).isEqualTo("http://h/");
    assertThat(uri(uris, TestRequestView.get("http", "h", 80, "*"))).isEqualTo("http://h/*");
    assertThat(uri(uris, TestRequestView.get("https", "H.Example.COM", 443, "/A"))).isEqualTo("https://h.example.com/A");
    assertThat(uri(uris, TestRequestView.get("https", "h", -1, "/"))).isEqualTo("https://h/");
  }

  @Test
  void noHeaderValueOrContainerPartMakesItThrow() {
    RequestUris uris = trusting("0.0.0.0/0", "::/0");
    Random random = new Random(16);
    String alphabet = "aZ09.-_~:;,=\"\\[]/%?#@ \t\u00e9\u0000\r\n\ud83d\ude00";
    String[] headers = {"Forwarded", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix"};
    for (int round = 0; round < 20_000; round++) {
      TestRequestView request = TestRequestView.get(noise(random, alphabet), noise(random, alphabet),
          random.nextInt(70_000) - 2, noise(random, alphabet)).from("10.0.0.1");
      for (String header : headers) {
        if (random.nextBoolean()) {
          request.header(header, noise(random, alphabet));
        }
      }
      URI uri = uris.of(request);
      assertThat(uri.isAbsolute()).isTrue();
      assertThat(uri.getRawQuery()).isNull();
      assertThat(uri.getRawFragment()).isNull();
    }
  }

  private static String noise(Random random, String alphabet) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
