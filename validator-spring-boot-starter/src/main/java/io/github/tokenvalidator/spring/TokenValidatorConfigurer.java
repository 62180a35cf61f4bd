package io.github.tokenvalidator.spring;

import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Makes the validator the bearer token check of a Spring Security filter chain, in place of
 * {@code oauth2ResourceServer(...)}: for opaque and JWT tokens alike.
 *
 * <p>The starter applies it to every {@code HttpSecurity} the application builds (it is listed in
 * {@code META-INF/spring.factories} under {@link AbstractHttpConfigurer}, which Spring Security applies by
 * default), so a chain needs no line of its own; a chain that should not take bearer tokens removes it with
 * {@code http.removeConfigurer(TokenValidatorConfigurer.class)}. It does nothing in an application without
 * the starter's validator (for example with {@code tokenvalidator.spring.enabled=false}).
 *
 * <p>It adds the validator's filter where Spring's bearer token filter would run, makes the validator's
 * answers the chain's default entry point (401) and access-denied handler (403, with {@code scope="…"} where
 * the denial names it), and exempts requests carrying an {@code Authorization} header from CSRF protection,
 * as Spring's resource server does. An entry point or handler the chain sets itself takes precedence.
 *
 * <p>Not thread-safe; Spring Security uses each instance for one chain, while building it.
 */
public final class TokenValidatorConfigurer extends AbstractHttpConfigurer<TokenValidatorConfigurer, HttpSecurity> {
  private static final RequestMatcher HAS_AUTHORIZATION = request -> request.getHeader("Authorization") != null;

  /** Called by Spring Security's default-configurer mechanism and by {@code http.with(new TokenValidatorConfigurer(), ...)}. */
  public TokenValidatorConfigurer() {}

  @Override
  public void init(HttpSecurity http) {
    TokenValidatorSecurity security = security(http);
    if (security == null) {
      return;
    }
    ExceptionHandlingConfigurer<HttpSecurity> exceptions = exceptionHandling(http);
    exceptions.defaultAuthenticationEntryPointFor(security, AnyRequestMatcher.INSTANCE);
    exceptions.defaultAccessDeniedHandlerFor(security, AnyRequestMatcher.INSTANCE);
    @SuppressWarnings("unchecked")
    CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
    if (csrf != null) {
      csrf.ignoringRequestMatchers(HAS_AUTHORIZATION);
    }
  }

  @Override
  public void configure(HttpSecurity http) {
    TokenValidatorSecurity security = security(http);
    if (security != null) {
      http.addFilterBefore(security.filter(), BasicAuthenticationFilter.class);
    }
  }

  private static TokenValidatorSecurity security(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    return context == null ? null : context.getBeanProvider(TokenValidatorSecurity.class).getIfAvailable();
  }

  @SuppressWarnings("unchecked")
  private static ExceptionHandlingConfigurer<HttpSecurity> exceptionHandling(HttpSecurity http) {
    ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
    if (exceptions == null) {
      try {
        http.exceptionHandling(configurer -> {});
      } catch (Exception e) {
        throw new IllegalStateException("Cannot configure exception handling", e);
      }
      exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
    }
    return exceptions;
  }
}
