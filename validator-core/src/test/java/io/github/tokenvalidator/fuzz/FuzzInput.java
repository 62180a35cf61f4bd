package io.github.tokenvalidator.fuzz;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the fuzz tests share: raw fuzzer bytes read as text, and the SDK's logs formatted but never
 * printed. Stateless apart from the quiet logger; thread-safe.
 */
public final class FuzzInput {
  /** Held so that java.util.logging, which keeps loggers weakly, cannot drop the settings below. */
  private static final Logger SDK = Logger.getLogger("io.github.tokenvalidator");

  private FuzzInput() {}

  /**
   * {@code bytes} as UTF-8 that may also encode lone surrogates (each as its 3-byte sequence, as
   * "WTF-8" does): so a committed input stays readable text, yet every Java char, paired or not, can be
   * reached. A byte that starts no valid sequence stands for the char of the same value (Latin-1).
   */
  public static String text(byte[] bytes) {
    StringBuilder text = new StringBuilder(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      int b = bytes[i] & 0xFF;
      int length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 1;
      int codePoint = length == 1 ? b : decode(bytes, i, length);
      if (codePoint < 0) {
        length = 1;
        codePoint = b;
      }
      text.appendCodePoint(codePoint);
      i += length;
    }
    return text.toString();
  }

  /** The code point of the {@code length}-byte sequence at {@code start}, or -1 when it is not one. */
  private static int decode(byte[] bytes, int start, int length) {
    if (start + length > bytes.length) {
      return -1;
    }
    int lead = bytes[start] & 0xFF;
    int codePoint = lead & (0xFF >> (length + 1));
    for (int k = 1; k < length; k++) {
      int next = bytes[start + k] & 0xFF;
      if ((next & 0xC0) != 0x80) {
        return -1;
      }
      codePoint = codePoint << 6 | (next & 0x3F);
    }
    int smallest = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    return codePoint < smallest || codePoint > Character.MAX_CODE_POINT ? -1 : codePoint;
  }

  /**
   * Routes every SDK log record, at every level, to a handler that formats it (so a message that cannot
   * be formatted still fails the run) and drops it: a fuzz run logs millions of refusals, and a green
   * build prints none of them.
   */
  public static void quietLogs() {
    synchronized (SDK) {
      if (SDK.getUseParentHandlers()) {
        SDK.setUseParentHandlers(false);
        SDK.setLevel(Level.ALL);
        SDK.addHandler(new Handler() {
          @Override
          public void publish(LogRecord record) {
            new java.util.logging.SimpleFormatter().format(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
      }
    }
  }
}
