package io.github.tokenvalidator.servlet;

import static io.github.tokenvalidator.servlet.BearerTokenFilterContract.Resolution.ADMIN;
import static io.github.tokenvalidator.servlet.BearerTokenFilterContract.Resolution.DEFAULT_SERVLET;
import static io.github.tokenvalidator.servlet.BearerTokenFilterContract.Resolution.REFUSED;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/** The filter in embedded Jetty 12 (ee10). */
class JettyBearerTokenFilterTest extends BearerTokenFilterContract {
  @Override
  TestContainer start(TestContainer.Application application) throws Exception {
    return JettyContainer.start(application);
  }

  @Override
  TestContainer deploy(Path docBase) throws Exception {
    return JettyContainer.deploy(docBase);
  }

  /** Jetty stops the whole server when a context fails to start: its connector is closed. */
  @Override
  void assertApplicationNotServed(TestContainer container) {
    assertThat(container.port()).isNegative();
  }

  /**
   * Jetty decodes and normalises ordinary paths, drops {@code ;parameters}, and by its default URI
   * compliance refuses ambiguous ones (empty segments, encoded dots or separators, {@code ..;}) with 400.
   */
  @Override
  List<PathCase> pathConfusionCases() {
    return List.of(
        new PathCase("/bank/admin;x=y", ADMIN),
        new PathCase("/bank/public/../admin", ADMIN),
        new PathCase("/bank/./admin", ADMIN),
        new PathCase("/bank/%61dmin", ADMIN),
        new PathCase("/bank;x=y/admin", ADMIN),
        new PathCase("/bank//admin", REFUSED),
        new PathCase("/bank/public/..;/admin", REFUSED),
        new PathCase("/bank/public/%2e%2e/admin", REFUSED),
        new PathCase("/bank/public%2F..%2Fadmin", REFUSED),
        new PathCase("/bank/public/..%5Cadmin", REFUSED),
        new PathCase("/bank/ADMIN", DEFAULT_SERVLET));
  }
}
