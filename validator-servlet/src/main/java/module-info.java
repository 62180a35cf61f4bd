/**
 * A Jakarta Servlet filter that protects URLs with bearer tokens: {@code BearerTokenFilter} and its
 * {@code SecurityRules}.
 */
module io.github.tokenvalidator.servlet {
  // the filter's signatures name core's types (TokenValidator, TokenPrincipal) and the Servlet API's (Filter)
  requires transitive io.github.tokenvalidator;
  // provided by the container at run time, and needed there: the filter is a jakarta.servlet.Filter
  requires transitive jakarta.servlet;

  exports io.github.tokenvalidator.servlet;
}
