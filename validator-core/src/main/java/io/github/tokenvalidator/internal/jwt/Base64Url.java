package io.github.tokenvalidator.internal.jwt;

import java.util.Base64;

/**
 * Strict base64url (RFC 7515 §2): the URL-safe alphabet only, no padding, no line breaks, and the unused
 * low bits of the last character zero, so one value has exactly one encoding. Thread-safe.
 */
public final class Base64Url {
  private Base64Url() {}

  /** The bytes {@code text[start, end)} encodes, or null when it is not strict base64url. */
  public static byte[] decode(String text, int start, int end) {
    int length = end - start;
    if (length % 4 == 1) {
      return null;
    }
    int last = 0;
    for (int i = start; i < end; i++) {
      int value = valueOf(text.charAt(i));
      if (value < 0) {
        return null;
      }
      last = value;
    }
    int unusedBitsMask = length % 4 == 2 ? 0x0F : length % 4 == 3 ? 0x03 : 0;
    if ((last & unusedBitsMask) != 0) {
      return null;
    }
    return Base64.getUrlDecoder().decode(text.substring(start, end));
  }

  public static byte[] decode(String text) {
    return decode(text, 0, text.length());
  }

  private static int valueOf(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '-' ? 62 : c == '_' ? 63 : -1;
  }
}
