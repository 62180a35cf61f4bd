package io.github.tokenvalidator.internal.request;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the credentials a caller sent in an {@code Authorization} header, for a server that authenticates
 * its callers: a bearer token (RFC 6750 §2.1) or HTTP Basic client credentials (RFC 6749 §2.3.1). Parsing
 * is {@link BearerHeader}'s, the validator's own, so the dev server accepts exactly the headers the
 * validator does (a tab after the scheme included). Not part of the API: exported to the dev server alone.
 * Stateless and thread-safe.
 */
public final class AuthorizationCredentials {
  /** Longest accepted credentials after the scheme; a dev server's tokens and clients are far shorter. */
  public static final int MAX_CREDENTIALS_LENGTH = 8192;

  private AuthorizationCredentials() {}

  /** A client id and secret as the client sent them, decoded. */
  public record Client(String id, String secret) {
    @Override
    public String toString() {
      return "Client{id=" + id + '}';
    }
  }

  /**
   * The token of a {@code Bearer} header; the empty string when the header is of the bearer scheme but the
   * token is missing, over-long or not an RFC 6750 {@code b64token}; null when the header is absent or of
   * another scheme.
   *
   * @param header an {@code Authorization} header value, or null
   * @return the token, the empty string or null, as above
   */
  public static String bearerToken(String header) {
    long located = BearerHeader.locate(header, MAX_CREDENTIALS_LENGTH);
    if (located == BearerHeader.MISSING) {
      return null;
    }
    if (located == BearerHeader.MALFORMED) {
      return "";
    }
    int start = BearerHeader.start(located);
    int end = BearerHeader.end(located);
    return BearerHeader.isB64Token(header, start, end) ? header.substring(start, end) : "";
  }

  /**
   * The credentials of a {@code Basic} header, or null when the header is absent, of another scheme or
   * malformed. The id and the secret are each form-encoded before the Base64 encoding (RFC 6749 §2.3.1, as
   * the validator sends them), so they are decoded again here: {@code client%25%261} is the id
   * {@code client%&1}.
   *
   * @param header an {@code Authorization} header value, or null
   * @return the decoded id and secret, or null
   */
  public static Client basic(String header) {
    long located = BearerHeader.locate(header, "basic", MAX_CREDENTIALS_LENGTH);
    if (located < 0) {
      return null;
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(
          header.substring(BearerHeader.start(located), BearerHeader.end(located)));
      String pair = new String(decoded, StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      if (colon < 0) {
        return null;
      }
      return new Client(URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // not Base64, or a malformed %-escape: no credentials a client could have meant
      return null;
    }
  }
}
