package io.github.tokenvalidator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of README.md and docs/*.md has a compiled twin: a Java source file of the
 * reactor ({@code src/main/java} or {@code src/test/java} of any module) that holds the block's code.
 *
 * <p>A block's lines are compared trimmed, with runs of spaces collapsed and blank lines left out, so
 * indentation may differ. Its {@code import} and {@code package} lines must each be a line of the twin; the
 * rest must appear in the twin as one run of lines, where a line that is only {@code ...} in the block
 * stands for any number of lines of the twin, and a line ending in <code>{ …&nbsp;}</code> for that line opening a
 * block, whatever the block holds. A block whose first line is a {@code // before} comment shows code being
 * migrated from (IBM's classes, not on any class path here) and is left out; put the code it becomes in a
 * block of its own. Change a snippet and its twin together: a block that no
 * compiled source holds fails this test, naming the document and the line. New documents are picked up by
 * themselves.
 */
class DocSnippetsTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..")
      .normalize();
  private static final String GAP = "...";

  record Snippet(Path document, int line, List<String> imports, List<String> body) {
    String where() {
      return ROOT.relativize(document) + ":" + line;
    }
  }

  @Test
  void everyJavaBlockOfTheDocsHasACompiledTwin() throws IOException {
    List<Snippet> snippets = snippets();
    Map<Path, List<String>> sources = sources();
    assertThat(snippets).as("java blocks found in README.md and docs/").hasSizeGreaterThan(10);
    assertThat(sources).isNotEmpty();

    List<String> missing = new ArrayList<>();
    for (Snippet snippet : snippets) {
      boolean found = sources.values().stream()
          .anyMatch(source -> source.containsAll(snippet.imports()) && containsRun(source, snippet.body()));
      if (!found) {
        missing.add(snippet.where() + " (" + (snippet.body().isEmpty() ? snippet.imports() : snippet.body()).get(0)
            + ")");
      }
    }
    assertThat(missing).as("java blocks no compiled source holds; edit the block and its twin together")
        .isEmpty();
  }

  @Test
  void gapsMatchAnyRunAndEverythingElseMatchesInOrder() {
    List<String> source = List.of("a();", "b();", "c();", "d();");

    assertThat(containsRun(source, List.of("b();", "c();"))).isTrue();
    assertThat(containsRun(source, List.of("a();", GAP, "d();"))).isTrue();
    assertThat(containsRun(source, List.of("a();", GAP, "b();"))).isTrue();
    assertThat(containsRun(source, List.of("b();", "d();"))).isFalse();
    assertThat(containsRun(source, List.of("c();", "b();"))).isFalse();
    assertThat(containsRun(source, List.of("d();", GAP, "a();"))).isFalse();
  }

  /** Whether {@code run} occurs in {@code source} from some line on, {@link #GAP} lines matching any lines. */
  static boolean containsRun(List<String> source, List<String> run) {
    for (int start = 0; start < source.size(); start++) {
      if (matchesAt(source, start, run, 0)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAt(List<String> source, int at, List<String> run, int from) {
    if (from == run.size()) {
      return true;
    }
    if (run.get(from).equals(GAP)) {
      for (int next = at; next <= source.size(); next++) {
        if (matchesAt(source, next, run, from + 1)) {
          return true;
        }
      }
      return false;
    }
    return at < source.size() && source.get(at).equals(run.get(from)) && matchesAt(source, at + 1, run, from + 1);
  }

  private static String normalize(String line) {
    return line.strip().replaceAll("\\s+", " ");
  }

  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    return documents;
  }

  static List<Snippet> snippets() throws IOException {
    List<Snippet> snippets = new ArrayList<>();
    for (Path document : documents()) {
      List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).strip().equals("```java")) {
          continue;
        }
        int opening = i;
        List<String> imports = new ArrayList<>();
        List<String> body = new ArrayList<>();
        for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
          String line = normalize(lines.get(i));
          if (line.isEmpty()) {
            continue;
          }
          if (line.startsWith("import ") || line.startsWith("package ")) {
            imports.add(line.replaceFirst(";\\s*//.*", ";"));
          } else if (line.endsWith("{ … }")) {
            body.add(line.substring(0, line.length() - "{ … }".length()).strip() + " {");
            body.add(GAP);
            body.add("}");
          } else {
            body.add(line);
          }
        }
        assertThat(imports.size() + body.size()).as("%s:%d is an empty java block", document, opening + 1)
            .isPositive();
        boolean before = !body.isEmpty() && body.get(0).startsWith("// before");
        if (!before) {
          snippets.add(new Snippet(document, opening + 1, imports, body));
        }
      }
    }
    return snippets;
  }

  private static Map<Path, List<String>> sources() throws IOException {
    List<Path> roots = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.sorted().toList()) {
        for (String root : List.of("src/main/java", "src/test/java")) {
          if (Files.isDirectory(module.resolve(root))) {
            roots.add(module.resolve(root));
          }
        }
      }
    }
    Map<Path, List<String>> sources = new LinkedHashMap<>();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(path -> path.toString().endsWith(".java")).sorted()
            .forEach(path -> sources.put(path, normalizedLines(path)));
      }
    }
    return sources;
  }

  private static List<String> normalizedLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(DocSnippetsTest::normalize)
          .filter(line -> !line.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
