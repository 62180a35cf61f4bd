package io.github.tokenvalidator.servlet;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A filter's configuration as a container hands it over: a name, init-parameters and the real context. */
final class TestFilterConfig implements FilterConfig {
  private final ServletContext context;
  private final Map<String, String> parameters;

  TestFilterConfig(ServletContext context, Map<String, String> parameters) {
    this.context = context;
    this.parameters = new LinkedHashMap<>(parameters);
  }

  @Override
  public String getFilterName() {
    return "bearer";
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  @Override
  public String getInitParameter(String name) {
    return parameters.get(name);
  }

  @Override
  public Enumeration<String> getInitParameterNames() {
    return Collections.enumeration(parameters.keySet());
  }
}
