package io.github.tokenvalidator.internal.request;

/** Character classes of the request parsers, ASCII only. Stateless and thread-safe. */
public final class Ascii {
  private Ascii() {}

  /**
   * The value of a hex digit, or -1.
   *
   * <p>Not {@code Character.digit}, which also takes full-width and other Unicode digits that no URL
   * decoder or address parser does.
   */
  public static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    char lower = (char) (c | 0x20);
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
  }
}
