package io.github.tokenvalidator.servlet;

import static io.github.tokenvalidator.servlet.BearerTokenFilterContract.Resolution.ADMIN;
import static io.github.tokenvalidator.servlet.BearerTokenFilterContract.Resolution.DEFAULT_SERVLET;
import static io.github.tokenvalidator.servlet.BearerTokenFilterContract.Resolution.REFUSED;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/** The filter in embedded Tomcat 10.1. */
class TomcatBearerTokenFilterTest extends BearerTokenFilterContract {
  @Override
  TestContainer start(TestContainer.Application application) throws Exception {
    return TomcatContainer.start(application);
  }

  @Override
  TestContainer deploy(Path docBase) throws Exception {
    return TomcatContainer.deploy(docBase);
  }

  /** Tomcat keeps listening but maps no request to a context that failed to start. */
  @Override
  void assertApplicationNotServed(TestContainer container) throws Exception {
    RawHttp.Response response = RawHttp.get(container.port(), TestContainer.CONTEXT_PATH + "/admin/users", null);

    assertThat(response.status()).as(response.text()).isEqualTo(404);
    assertThat(response.reachedServlet("admin")).isFalse();
  }

  /**
   * Tomcat removes {@code ;parameters}, decodes (encoded dots too), merges slashes and resolves dot
   * segments before mapping; it refuses encoded {@code /} and {@code \} with 400.
   */
  @Override
  List<PathCase> pathConfusionCases() {
    return List.of(
        new PathCase("/bank/admin;x=y", ADMIN),
        new PathCase("/bank/public/../admin", ADMIN),
        new PathCase("/bank/./admin", ADMIN),
        new PathCase("/bank/%61dmin", ADMIN),
        new PathCase("/bank;x=y/admin", ADMIN),
        new PathCase("/bank//admin", ADMIN),
        new PathCase("/bank/public/..;/admin", ADMIN),
        new PathCase("/bank/public/%2e%2e/admin", ADMIN),
        new PathCase("/bank/public%2F..%2Fadmin", REFUSED),
        new PathCase("/bank/public/..%5Cadmin", REFUSED),
        new PathCase("/bank/ADMIN", DEFAULT_SERVLET));
  }
}
