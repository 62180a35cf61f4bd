package io.github.tokenvalidator.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Captures every log record of the SDK (slf4j routed to java.util.logging in tests), at every level,
 * with its message formatted and its throwable's messages. Use in try-with-resources.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger root = Logger.getLogger("io.github.tokenvalidator");
  private final Level previousLevel;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture() {
    previousLevel = root.getLevel();
    root.setLevel(Level.ALL);
    setLevel(Level.ALL);
    root.addHandler(this);
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  public List<LogRecord> records() {
    return records;
  }

  /** Every record as one text: level, logger, formatted message, and each cause's message. */
  public String text() {
    return records.stream().map(LogCapture::render).collect(Collectors.joining("\n"));
  }

  public List<String> messagesAt(Level level) {
    return records.stream().filter(r -> r.getLevel().equals(level)).map(LogCapture::render)
        .collect(Collectors.toList());
  }

  private static String render(LogRecord record) {
    StringBuilder text = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + " "
        + new java.util.logging.SimpleFormatter().formatMessage(record));
    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
      text.append(" | ").append(t);
    }
    return text.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
    root.setLevel(previousLevel);
  }
}
