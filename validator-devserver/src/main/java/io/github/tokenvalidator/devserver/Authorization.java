package io.github.tokenvalidator.devserver;

import com.sun.net.httpserver.Headers;
import io.github.tokenvalidator.internal.request.AuthorizationCredentials;
import java.util.List;
import java.util.Map;

/**
 * Authenticates clients against the registered ones, from HTTP Basic credentials (RFC 6749 §2.3.1) read by
 * core's {@link AuthorizationCredentials}, the validator's own {@code Authorization} parser. Stateless apart
 * from the immutable client table; thread-safe.
 */
final class Authorization {
  private final Map<String, RegisteredClient> clients;

  Authorization(Map<String, RegisteredClient> clients) {
    this.clients = clients;
  }

  /** Every {@code Authorization} value of the request, in order; empty when there is none. */
  static List<String> values(Headers headers) {
    List<String> values = headers.get("Authorization");
    return values == null ? List.of() : values;
  }

  /**
   * The one {@code Authorization} header of a client-authenticated request, or null when there is none.
   *
   * @throws IllegalArgumentException if the request has more than one
   */
  static String header(Headers headers) {
    List<String> values = values(headers);
    if (values.size() > 1) {
      throw new IllegalArgumentException("Request has more than one Authorization header");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /** The registered client with these credentials, or null (unknown id and wrong secret look the same). */
  RegisteredClient authenticate(AuthorizationCredentials.Client credentials) {
    if (credentials == null) {
      return null;
    }
    RegisteredClient client = clients.get(credentials.id());
    return client != null && client.hasSecret(credentials.secret()) ? client : null;
  }
}
