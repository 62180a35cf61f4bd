package io.github.tokenvalidator.examples;

import io.github.tokenvalidator.TokenPrincipal;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Spring Boot sample application: Spring MVC and Spring Security on embedded Tomcat, protected by
 * {@code validator-spring-boot-starter}, with the same resources and answers as the other sample apps.
 *
 * <table>
 *   <caption>Resources</caption>
 *   <tr><th>path</th><th>needs</th></tr>
 *   <tr><td>{@code /public/hello}</td><td>nothing (the chain's {@code permitAll()})</td></tr>
 *   <tr><td>{@code /api/profile}</td><td>a valid token, any scope (the chain's {@code authenticated()})</td></tr>
 *   <tr><td>{@code /api/balance}</td><td>a token covering {@code accessRestricted} ({@code @PreAuthorize})</td></tr>
 * </table>
 *
 * Its security chain is an ordinary Spring Security chain: no line names the validator, which the starter
 * makes the bearer token check of every chain. The validator is built by the starter from the
 * {@code TOKENVALIDATOR_*} settings given to {@link #start}, which Spring reads as environment variables.
 *
 * <p>Instances are thread-safe. The application listens on loopback; {@link #close()} stops it and its
 * validator.
 */
public final class SpringBootSampleApp implements AutoCloseable {
  private final ConfigurableApplicationContext context;
  private final URI baseUri;

  private SpringBootSampleApp(ConfigurableApplicationContext context, URI baseUri) {
    this.context = context;
    this.baseUri = baseUri;
  }

  /**
   * Starts the application on {@code 127.0.0.1:port}.
   *
   * @param settings the validator's settings as environment variables ({@code TOKENVALIDATOR_SERVER_URL}, …)
   * @param port the port, or 0 for a free one
   * @throws UncheckedIOException if the port cannot be bound
   * @throws io.github.tokenvalidator.InvalidConfigurationException naming the setting, if one is wrong
   */
  public static SpringBootSampleApp start(Map<String, String> settings, int port) {
    Objects.requireNonNull(settings, "settings");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535: " + port);
    }
    Map<String, Object> environment = new LinkedHashMap<>(settings);
    ConfigurableApplicationContext context;
    try {
      context = new SpringApplicationBuilder(Application.class)
          .properties(
              "spring.main.banner-mode=off",
              // as quiet as the other apps: Tomcat logs through java.util.logging, which Boot configures
              "logging.level.root=warn",
              "server.address=127.0.0.1",
              "server.port=" + port,
              // room for a token of max-token-length (8192) and more, so that the validator, not Tomcat, refuses it
              "server.max-http-request-header-size=16KB",
              "server.server-header=",
              "tokenvalidator.spring.rules=/public/* permit")
          // as environment variables: Spring's relaxed binding maps TOKENVALIDATOR_SERVER_URL to tokenvalidator.server-url
          .initializers(application -> application.getEnvironment().getPropertySources()
              .addFirst(new SystemEnvironmentPropertySource("sample-systemEnvironment", environment)))
          .run();
    } catch (RuntimeException e) {
      throw portInUse(e, port);
    }
    String localPort = context.getEnvironment().getProperty("local.server.port");
    return new SpringBootSampleApp(context, URI.create("http://127.0.0.1:" + localPort));
  }

  private static RuntimeException portInUse(RuntimeException e, int port) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return new UncheckedIOException("The Spring Boot sample app cannot listen on 127.0.0.1:" + port,
            (BindException) cause);
      }
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof io.github.tokenvalidator.InvalidConfigurationException) {
        return (io.github.tokenvalidator.InvalidConfigurationException) cause;
      }
    }
    return e;
  }

  /** Where the application listens, e.g. {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public URI baseUri() {
    return baseUri;
  }

  /** Stops the application and its validator; idempotent. */
  @Override
  public void close() {
    context.close();
  }

  @Override
  public String toString() {
    return "SpringBootSampleApp{" + baseUri + '}';
  }

  /** The application: auto-configuration, method security, one chain and one controller. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableMethodSecurity
  @Import(Resources.class)
  static class Application {
    /**
     * An ordinary chain: no line for the validator. {@code /public/**} is permitted here, and its rule in
     * {@code tokenvalidator.spring.rules} tells the validator not to look at a token there either.
     * Cache-Control is the controller's (no-store).
     */
    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
      http.authorizeHttpRequests(requests -> requests
              .requestMatchers("/public/**").permitAll()
              .anyRequest().authenticated())
          .headers(headers -> headers.cacheControl(cacheControl -> cacheControl.disable()));
      return http.build();
    }
  }

  /** The three resources, answering {@link SampleResponses}. */
  @RestController
  static class Resources {
    @GetMapping("/public/hello")
    ResponseEntity<String> hello() {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(SampleResponses.hello());
    }

    @GetMapping("/api/profile")
    ResponseEntity<String> profile(@AuthenticationPrincipal TokenPrincipal principal) {
      return aboutTheCaller(SampleResponses.profile(principal));
    }

    @GetMapping("/api/balance")
    @PreAuthorize("hasAuthority('SCOPE_accessRestricted')")
    ResponseEntity<String> balance(@AuthenticationPrincipal TokenPrincipal principal) {
      return aboutTheCaller(SampleResponses.balance(principal));
    }

    private static ResponseEntity<String> aboutTheCaller(String json) {
      // about the caller: no cache should keep it
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").body(json);
    }
  }
}
