package io.github.tokenvalidator.internal.request;

/**
 * Reads IP address literals, and nothing else: never a name look-up. Stateless and thread-safe.
 *
 * <p>{@code InetAddress.getByName} is not used because it asks DNS for anything that is not a literal
 * ({@code cafe}, {@code beef} and {@code dead} are host names made of hex digits), and accepts legacy forms
 * such as {@code 127.1}. Here IPv4 is four dotted decimal parts of at most three digits, without leading
 * zeros (which some tools read as octal); IPv6 is RFC 4291 text, in brackets or not, with an optional
 * dotted IPv4 tail and an optional zone ({@code %eth0}) that is ignored.
 */
final class IpLiterals {
  private IpLiterals() {}

  /**
   * The address {@code text} spells: 4 bytes for IPv4, 16 for IPv6.
   *
   * @param text the literal, possibly null
   * @return its bytes, or null when it is not an IP literal
   */
  static byte[] parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    int start = 0;
    int end = text.length();
    if (text.charAt(0) == '[') {
      if (text.charAt(end - 1) != ']') {
        return null;
      }
      start = 1;
      end--;
    }
    if (text.indexOf(':', start) >= 0) {
      int zone = text.indexOf('%', start);
      if (zone >= 0 && zone < end) {
        if (zone == end - 1) {
          return null;
        }
        end = zone;
      }
      return ipv6(text, start, end);
    }
    if (start != 0) {
      return null; // brackets hold IPv6 only
    }
    byte[] address = new byte[4];
    return ipv4(text, 0, end, address, 0) ? address : null;
  }

  /**
   * Whether {@code address} is an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), which dual-stack
   * sockets report for IPv4 peers.
   */
  static boolean isIpv4Mapped(byte[] address) {
    if (address.length != 16 || address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Dotted decimal in {@code text[start, end)} into {@code into[at..at+3]}. */
  private static boolean ipv4(String text, int start, int end, byte[] into, int at) {
    int part = 0;
    int i = start;
    while (part < 4) {
      int digits = 0;
      int value = 0;
      while (i < end && digits < 4) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
        digits++;
        i++;
      }
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(i - digits) == '0')) {
        return false;
      }
      into[at + part] = (byte) value;
      part++;
      if (part < 4) {
        if (i >= end || text.charAt(i) != '.') {
          return false;
        }
        i++;
      }
    }
    return i == end;
  }

  /** RFC 4291 §2.2 text in {@code text[start, end)}. */
  private static byte[] ipv6(String text, int start, int end) {
    byte[] address = new byte[16];
    int groups = 0; // 16-bit groups written so far
    int gap = -1; // the group index where "::" stands, if any
    int i = start;
    if (i + 1 < end && text.charAt(i) == ':' && text.charAt(i + 1) == ':') {
      gap = 0;
      i += 2;
      if (i == end) {
        return address;
      }
    } else if (i < end && text.charAt(i) == ':') {
      return null;
    }
    while (i < end) {
      if (groups == 8) {
        return null;
      }
      int groupStart = i;
      int value = 0;
      while (i < end && i - groupStart < 5 && Ascii.hexDigit(text.charAt(i)) >= 0) {
        value = value << 4 | Ascii.hexDigit(text.charAt(i));
        i++;
      }
      if (i < end && text.charAt(i) == '.') {
        // the last 32 bits as dotted decimal
        if (groups > 6 || !ipv4(text, groupStart, end, address, groups * 2)) {
          return null;
        }
        groups += 2;
        i = end;
        break;
      }
      int digits = i - groupStart;
      if (digits == 0 || digits > 4) {
        return null;
      }
      address[groups * 2] = (byte) (value >>> 8);
      address[groups * 2 + 1] = (byte) value;
      groups++;
      if (i == end) {
        break;
      }
      if (text.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < end && text.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = groups;
        i++;
        if (i == end) {
          break;
        }
      } else if (i == end) {
        return null; // a single trailing ':'
      }
    }
    if (gap < 0) {
      return groups == 8 ? address : null;
    }
    if (groups >= 8) {
      return null; // "::" stands for at least one group
    }
    // move the groups after the gap to the end; zeros fill the gap
    int after = groups - gap;
    System.arraycopy(address, gap * 2, address, 16 - after * 2, after * 2);
    java.util.Arrays.fill(address, gap * 2, 16 - after * 2, (byte) 0);
    return address;
  }
}
