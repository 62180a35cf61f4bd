package io.github.tokenvalidator.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects a measurement's Markdown lines, prints them and writes them to one file of the results folder.
 * Not thread-safe.
 */
final class Report {
  private final Path file;
  private final List<String> lines = new ArrayList<>();

  private Report(Path file) {
    this.file = file;
  }

  /** A report to {@code name} in the folder given as the program's first argument (default {@code results}). */
  static Report to(String[] args, String name) {
    Path folder = Path.of(args.length > 0 ? args[0] : "results");
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Report(folder.resolve(name));
  }

  Report line(String format, Object... values) {
    String line = String.format(Locale.ROOT, format, values);
    System.out.println(line);
    lines.add(line);
    return this;
  }

  void write() {
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println("(written to " + file + ")");
  }

  /** The {@code q}-quantile (0..1) of sorted values, by the nearest-rank method. */
  static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
