package io.github.tokenvalidator.internal.request;

/**
 * Finds the credentials in an {@code Authorization} header (RFC 6750 §2.1, RFC 7235 §2.1) and checks a
 * bearer token's grammar: the one parser of that header, for the validator's bearer tokens and for the dev
 * server's Basic and Bearer callers (through {@link AuthorizationCredentials}). Locating copies nothing;
 * the engine digests the token's characters for the cache and checks the grammar ({@link #isB64Token})
 * only on a miss, and copies the token ({@code substring}) only to send it to the authorization server.
 *
 * <p>{@code credentials = "Bearer" 1*SP b64token}, where {@code b64token = 1*( ALPHA / DIGIT / "-" / "." /
 * "_" / "~" / "+" / "/" ) *"="}. The scheme is matched case-insensitively in ASCII only; spaces and tabs
 * around the parts are tolerated. Stateless and thread-safe.
 */
public final class BearerHeader {
  /** No header, or a scheme other than Bearer. */
  public static final long MISSING = -1;
  /** Bearer with an empty or over-long token. */
  public static final long MALFORMED = -2;

  private static final String SCHEME = "bearer";
  private static final boolean[] B64TOKEN = new boolean[128];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      B64TOKEN[c] = true;
      B64TOKEN[c + 32] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      B64TOKEN[c] = true;
    }
    for (char c : "-._~+/".toCharArray()) {
      B64TOKEN[c] = true;
    }
  }

  private BearerHeader() {}

  /**
   * The bounds of the credentials after the Bearer scheme, blanks trimmed, packed as
   * {@code start << 32 | end}; or {@link #MISSING} or {@link #MALFORMED}.
   */
  public static long locate(String header, int maxTokenLength) {
    return locate(header, SCHEME, maxTokenLength);
  }

  /**
   * As {@link #locate(String, int)} for the authentication {@code scheme}, given in lower case:
   * {@link #MISSING} for no header or another scheme, {@link #MALFORMED} for empty or over-long credentials.
   */
  public static long locate(String header, String scheme, int maxTokenLength) {
    if (header == null) {
      return MISSING;
    }
    int length = header.length();
    int i = skipBlanks(header, 0);
    int schemeStart = i;
    // A scheme longer than the one sought is another: stop there rather than read a huge header through.
    while (i < length && !isBlank(header.charAt(i)) && i - schemeStart <= scheme.length()) {
      i++;
    }
    if (!isScheme(header, schemeStart, i, scheme)) {
      return MISSING;
    }
    // Whatever follows the scheme is judged as credentials: an over-long header is malformed, not missing.
    if (length - i > (long) maxTokenLength + 256) {
      return MALFORMED;
    }
    int start = skipBlanks(header, i);
    int end = length;
    while (end > start && isBlank(header.charAt(end - 1))) {
      end--;
    }
    if (end == start || end - start > maxTokenLength) {
      return MALFORMED;
    }
    // The characters themselves are checked on a cache miss (isB64Token): a hit implies they were.
    return ((long) start << 32) | end;
  }

  public static int start(long located) {
    return (int) (located >>> 32);
  }

  public static int end(long located) {
    return (int) located;
  }

  private static boolean isScheme(String header, int start, int end, String scheme) {
    if (end - start != scheme.length()) {
      return false;
    }
    for (int k = 0; k < scheme.length(); k++) {
      char c = header.charAt(start + k);
      if (c >= 0x80 || (c | 0x20) != scheme.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code text[start, end)} is an RFC 6750 b64token: token characters, then only {@code =}
   * padding, at least one token character first.
   */
  public static boolean isB64Token(String text, int start, int end) {
    if (end <= start || !isTokenChar(text.charAt(start))) {
      return false;
    }
    int i = start + 1;
    while (i < end && isTokenChar(text.charAt(i))) {
      i++;
    }
    while (i < end && text.charAt(i) == '=') {
      i++;
    }
    return i == end;
  }

  /** Whether {@code c} may appear in a b64token before its {@code =} padding. */
  private static boolean isTokenChar(char c) {
    return c < 128 && B64TOKEN[c];
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static int skipBlanks(String text, int from) {
    while (from < text.length() && isBlank(text.charAt(from))) {
      from++;
    }
    return from;
  }
}
