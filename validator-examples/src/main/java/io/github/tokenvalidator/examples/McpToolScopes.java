package io.github.tokenvalidator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Requirement;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.servlet.BearerTokenFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Requires more scope for some MCP tools than for the endpoint: every tool shares one JSON-RPC endpoint, so no
 * URL rule tells a {@code tools/call} of one tool from another's. Runs after {@link BearerTokenFilter}, reads
 * the JSON-RPC request, and answers a call of a tool whose scope the token does not cover with 403
 * {@code insufficient_scope} naming that scope (and the resource's metadata): the answer an MCP client steps
 * up from. Thread-safe.
 */
final class McpToolScopes implements Filter {
  /** Larger bodies are refused here: the transport would get only what was read. */
  private static final int MAX_BODY = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TokenValidator validator;
  private final Map<String, Requirement> toolRequirements;

  /**
   * @param toolRequirements what a call of each tool needs, by tool name; other tools need the endpoint's rule
   */
  McpToolScopes(TokenValidator validator, Map<String, Requirement> toolRequirements) {
    this.validator = validator;
    this.toolRequirements = Map.copyOf(toolRequirements);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    Object token = http.getAttribute(BearerTokenFilter.TOKEN_INFO_ATTRIBUTE);
    if (!"POST".equals(http.getMethod()) || !(token instanceof TokenInfo)) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = http.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      ((HttpServletResponse) response).sendError(413);
      return;
    }
    Requirement required = requirementOf(body);
    if (required != null && !((TokenInfo) token).scope().covers(required.scope())) {
      BearerTokenFilter.refuse((HttpServletResponse) response, validator.challenge(
          AuthenticationError.insufficientScope(validator.realm(), required.scope()), required));
      return;
    }
    chain.doFilter(new ReadAgain(http, body), response);
  }

  /** The requirement of the tool a JSON-RPC {@code tools/call} names, or null for any other body. */
  private Requirement requirementOf(byte[] body) {
    try {
      JsonNode message = JSON.readTree(body);
      if (message == null || !"tools/call".equals(message.path("method").asText())) {
        return null;
      }
      return toolRequirements.get(message.path("params").path("name").asText());
    } catch (IOException e) {
      return null; // not JSON: the transport answers it
    }
  }

  /** The request with its body, already read here, to be read again by the transport. */
  private static final class ReadAgain extends HttpServletRequestWrapper {
    private final byte[] body;

    ReadAgain(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      InputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() throws IOException {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          try {
            return in.available() == 0;
          } catch (IOException e) {
            return true;
          }
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body is read synchronously");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
  }
}
