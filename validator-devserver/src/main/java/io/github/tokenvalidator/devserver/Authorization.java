package io.github.tokenvalidator.devserver;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code Authorization} header: HTTP Basic client credentials (RFC 6749 §2.3.1) and bearer
 * tokens (RFC 6750 §2.1), and authenticates clients against the registered ones. Stateless apart from the
 * immutable client table; thread-safe.
 */
final class Authorization {
  private final Map<String, RegisteredClient> clients;

  Authorization(Map<String, RegisteredClient> clients) {
    this.clients = clients;
  }

  /** A client id and secret as the client sent them, decoded. */
  record Credentials(String id, String secret) {
    @Override
    public String toString() {
      return "Credentials{id=" + id + '}';
    }
  }

  /**
   * The one {@code Authorization} header, or null when there is none.
   *
   * @throws IllegalArgumentException if the request has more than one
   */
  static String header(Headers headers) {
    List<String> values = headers.get("Authorization");
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new IllegalArgumentException("Request has more than one Authorization header");
    }
    return values.get(0);
  }

  /**
   * The credentials of a {@code Basic} header, or null when the header is absent, of another scheme or
   * malformed. Per RFC 6749 §2.3.1 the id and the secret are each form-url-encoded before the Base64
   * encoding, so they are decoded again here ({@code client%25%261} is the id {@code client%&1}).
   */
  static Credentials basic(String header) {
    String encoded = credentials(header, "Basic");
    if (encoded == null) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return null;
      }
      return new Credentials(FormData.decode(decoded.substring(0, colon)),
          FormData.decode(decoded.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The token of a {@code Bearer} header, or the empty string when the header is of the bearer scheme but
   * the token is missing or not an RFC 6750 {@code b64token}; null when the header is absent or of another
   * scheme.
   */
  static String bearer(String header) {
    String token = credentials(header, "Bearer");
    if (token == null) {
      return null;
    }
    return isB64Token(token) ? token : "";
  }

  /** The registered client with these credentials, or null (unknown id and wrong secret look the same). */
  RegisteredClient authenticate(Credentials credentials) {
    if (credentials == null) {
      return null;
    }
    RegisteredClient client = clients.get(credentials.id());
    return client != null && client.hasSecret(credentials.secret()) ? client : null;
  }

  /** What follows {@code scheme} and spaces, or null when the header is absent or of another scheme. */
  private static String credentials(String header, String scheme) {
    if (header == null || header.length() < scheme.length()
        || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
      return null;
    }
    String rest = header.substring(scheme.length());
    if (!rest.isEmpty() && rest.charAt(0) != ' ') {
      return null;
    }
    return rest.strip();
  }

  private static boolean isB64Token(String token) {
    // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    int i = 0;
    while (i < token.length() && isB64Char(token.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return false;
    }
    while (i < token.length() && token.charAt(i) == '=') {
      i++;
    }
    return i == token.length();
  }

  private static boolean isB64Char(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
  }
}
