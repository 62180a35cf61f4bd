package io.github.tokenvalidator.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/** An embedded servlet container serving one application at {@link #CONTEXT_PATH} on 127.0.0.1. */
interface TestContainer extends AutoCloseable {
  String CONTEXT_PATH = "/bank";

  /** What the application registers at start-up, through the standard Servlet API only. */
  @FunctionalInterface
  interface Application {
    void start(ServletContext context) throws ServletException;
  }

  /** The port the container listens on. */
  int port();

  /**
   * Whether the application started; false when a filter's {@code init} failed and the container refused
   * to serve it.
   */
  boolean applicationAvailable();

  /** Stops the container; filters are destroyed. */
  @Override
  void close();
}
