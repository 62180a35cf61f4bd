package io.github.tokenvalidator.internal.request;

import io.github.tokenvalidator.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers whose forwarded headers are believed: IP addresses and CIDR ranges, IPv4 and IPv6, from the
 * {@code trusted-proxies} setting. Immutable and thread-safe.
 *
 * <p>Only IP literals are accepted, in the setting and from the peer: a host name would need a look-up,
 * which would make the check as trustworthy as DNS and as slow as it. An IPv4 peer reported as an
 * IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) is matched as the IPv4 address it is.
 */
public final class TrustedProxies {
  /** No peer is trusted: forwarded headers are never read. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = ranges;
  }

  /**
   * The proxies {@code entries} name.
   *
   * @param entries IP addresses and CIDR ranges, already checked by {@link #check(String, List)}
   * @return the trusted proxies
   */
  public static TrustedProxies of(List<String> entries) {
    if (entries.isEmpty()) {
      return NONE;
    }
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      ranges.add(range("trusted-proxies", entry));
    }
    return new TrustedProxies(List.copyOf(ranges));
  }

  /**
   * {@code entries}, each checked to be an IP address or a CIDR range.
   *
   * @param key the setting, for messages
   * @param entries the entries as written
   * @return the entries, trimmed
   * @throws InvalidConfigurationException naming {@code key} and the entry at fault
   */
  public static List<String> check(String key, List<String> entries) {
    List<String> checked = new ArrayList<>();
    for (String entry : entries) {
      String trimmed = entry == null ? "" : entry.trim();
      range(key, trimmed);
      checked.add(trimmed);
    }
    return List.copyOf(checked);
  }

  /**
   * Whether {@code address} is one of the trusted proxies.
   *
   * @param address an IP literal as a container reports a peer, or null
   * @return false for null, a host name or anything else that is not an IP literal
   */
  public boolean contains(String address) {
    if (ranges.isEmpty()) {
      return false;
    }
    byte[] bytes = IpLiterals.parse(address);
    if (bytes == null) {
      return false;
    }
    byte[] ipv4 = IpLiterals.isIpv4Mapped(bytes) ? java.util.Arrays.copyOfRange(bytes, 12, 16) : null;
    for (Range range : ranges) {
      if (range.contains(bytes) || (ipv4 != null && range.contains(ipv4))) {
        return true;
      }
    }
    return false;
  }

  /** {@return whether no peer is trusted} */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  private static Range range(String key, String entry) {
    if (entry.isEmpty()) {
      throw new InvalidConfigurationException(key, "has an empty entry");
    }
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    byte[] bytes = IpLiterals.parse(address);
    if (bytes == null) {
      throw new InvalidConfigurationException(key, "\"" + printable(entry) + "\" is not an IP address or CIDR range"
          + " (such as 10.0.0.0/8 or 2001:db8::/32); host names are not accepted, as they are never looked up");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = entry.substring(slash + 1);
      if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')
          || (length.length() > 1 && length.charAt(0) == '0') || Integer.parseInt(length) > bits) {
        throw new InvalidConfigurationException(key, "\"" + printable(entry) + "\": the prefix length must be a"
            + " number from 0 to " + bits);
      }
      prefix = Integer.parseInt(length);
    }
    if (hasHostBits(bytes, prefix)) {
      throw new InvalidConfigurationException(key, "\"" + printable(entry) + "\" has bits set past its /" + prefix
          + " prefix: write the first address of the range");
    }
    return new Range(bytes, prefix);
  }

  private static boolean hasHostBits(byte[] address, int prefix) {
    for (int bit = prefix; bit < address.length * 8; bit++) {
      if ((address[bit >>> 3] & (0x80 >>> (bit & 7))) != 0) {
        return true;
      }
    }
    return false;
  }

  /** The entry for a message: printable ASCII only, so a setting cannot write control characters to a log. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 100; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }

  /** One address or range: the first {@code prefix} bits of {@code network}. */
  private static final class Range {
    private final byte[] network;
    private final int prefix;

    Range(byte[] network, int prefix) {
      this.network = network;
      this.prefix = prefix;
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefix >>> 3;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix & 7;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }
}
