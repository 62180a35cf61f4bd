package io.github.tokenvalidator;

/**
 * A source of monotonic time in nanoseconds, for measuring durations: back-off, retry windows, cache ages
 * and key refresh.
 *
 * <p>Unlike the {@link java.time.Clock}, which the validator only compares with a token's {@code exp},
 * {@code nbf} and {@code iat}, a ticker never steps back when the wall clock is set, so a clock change
 * neither prolongs a back-off nor keeps a cached answer too long. Only differences between two readings
 * mean anything. Tests inject a ticker they move by hand. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Nanoseconds since an arbitrary origin; never decreases.
   *
   * @return the current reading, in nanoseconds
   */
  long read();

  /**
   * The JVM's monotonic timer, {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

/** The default ticker; a singleton so the engine can tell it from an injected one. */
enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long read() {
    return System.nanoTime();
  }
}
