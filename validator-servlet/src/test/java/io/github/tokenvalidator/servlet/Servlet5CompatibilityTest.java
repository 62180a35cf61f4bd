package io.github.tokenvalidator.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module is built against the Servlet 6 API but must use nothing newer than Servlet 5, so that it runs
 * on Jetty 11, Tomcat 10.0 and Open Liberty's servlet-5.0 feature: its main sources compile against the
 * Servlet 5.0 API jar alone.
 */
class Servlet5CompatibilityTest {
  @Test
  void mainSourcesCompileAgainstTheServlet5Api(@TempDir Path output) throws IOException {
    Path module = Path.of(System.getProperty("basedir", "."));
    Path servlet5 = module.resolve("target/servlet-5/jakarta.servlet-api-5.0.0.jar");
    assertThat(servlet5).exists();
    // the core's main classes from the test class path; every Servlet 6 API copy there is left out
    String core = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> entry.contains("validator-core") && !entry.contains("test"))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(core).isNotEmpty();
    List<String> sources;
    try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
      sources = files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).toList();
    }

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    String[] arguments = Stream.concat(
            Stream.of("--release", "17", "-proc:none", "-d", output.toString(),
                // on the module path, so that module-info.java's requires are checked against Servlet 5 too
                "--module-path", servlet5 + File.pathSeparator + core),
            sources.stream())
        .toArray(String[]::new);
    int status = javac.run(null, diagnostics, diagnostics, arguments);

    assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(output.resolve("io/github/tokenvalidator/servlet/BearerTokenFilter.class")).exists();
  }
}
