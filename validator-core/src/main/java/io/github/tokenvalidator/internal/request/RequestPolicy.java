package io.github.tokenvalidator.internal.request;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.ValidationResult;
import java.util.List;

/**
 * Decides whether a request has the shape of a bearer-token request at all, before its token is looked
 * at: one token, and only in the {@code Authorization} header. Immutable and thread-safe.
 *
 * <p>Every adapter reaches this through {@code TokenValidator.validateRequest}, so no two adapters can
 * disagree on a request. Refused with 400 {@code invalid_request} (RFC 6750 §3.1):
 * <ul>
 *   <li>more than one {@code Authorization} value: which of two tokens would be the client's?
 *   <li>an {@code access_token} query parameter, with or without a header: RFC 6750 §2.3 lets servers
 *       refuse it, and a token in a URL ends up in access logs, proxies and browser history. With a header
 *       as well, the request carries two tokens.
 * </ul>
 * A form body's {@code access_token} (RFC 6750 §2.2) is never read, so it is neither accepted nor refused.
 */
public final class RequestPolicy {
  public static final String QUERY_PARAMETER = "access_token";

  private final ValidationResult twoHeaders;
  private final ValidationResult headerAndQuery;
  private final ValidationResult queryOnly;

  /**
   * A policy whose answers name {@code realm} (null for none).
   *
   * @param realm the realm named in challenges, or null
   */
  public RequestPolicy(String realm) {
    this.twoHeaders = refusal(realm, "More than one Authorization header");
    this.headerAndQuery = refusal(realm, "A token in both the Authorization header and the query");
    this.queryOnly = refusal(realm,
        "Send the token in the Authorization header; access_token in the query is not accepted");
  }

  private static ValidationResult refusal(String realm, String description) {
    return ValidationResult.invalid(AuthenticationError.invalidRequest(realm, description));
  }

  /**
   * The answer to a request of this shape, or null when its one {@code Authorization} value (or none) may
   * go on to be validated.
   *
   * @param authorizationValues every {@code Authorization} value of the request, in order; empty for none
   * @param rawQuery the query string as sent (still %-encoded, without {@code ?}), or null for none
   * @return the 400 or 401 answer, or null
   */
  public ValidationResult refusal(List<String> authorizationValues, String rawQuery) {
    int headers = authorizationValues.size();
    if (headers > 1) {
      return twoHeaders;
    }
    if (hasAccessTokenParameter(rawQuery)) {
      return headers == 0 ? queryOnly : headerAndQuery;
    }
    return null;
  }

  /**
   * Whether the raw query has a parameter named {@code access_token}, however its name is %-encoded
   * ({@code access%5Ftoken}, {@code %61ccess_token}). Parameters are separated by {@code &} and, as some
   * servers and HTML 4 have it, by {@code ;}: a parser that splits on either cannot find a token we missed.
   * A name with a malformed escape matches nothing, as containers refuse or drop such a parameter.
   *
   * <p>This runs on every protected request, so it allocates nothing; without a {@code _} or a {@code %}
   * in the query (the name needs one or the other) it is two {@code indexOf} calls.
   */
  public static boolean hasAccessTokenParameter(String query) {
    if (query == null || (query.indexOf('_') < 0 && query.indexOf('%') < 0)) {
      return false;
    }
    int length = query.length();
    int i = 0;
    while (i < length) {
      // i is at the start of a parameter's name: compare it, decoded, with QUERY_PARAMETER
      int matched = 0;
      boolean matching = true;
      char c;
      while (i < length && (c = query.charAt(i)) != '=' && !isSeparator(c)) {
        if (matching) {
          int decoded = c;
          if (c == '%') {
            decoded = i + 2 < length ? hexByte(query.charAt(i + 1), query.charAt(i + 2)) : -1;
            if (decoded >= 0) {
              i += 2;
            }
          }
          matching = matched < QUERY_PARAMETER.length() && decoded == QUERY_PARAMETER.charAt(matched);
          matched++;
        }
        i++;
      }
      if (matching && matched == QUERY_PARAMETER.length()) {
        return true;
      }
      // skip the value, then the separator
      while (i < length && !isSeparator(query.charAt(i))) {
        i++;
      }
      i++;
    }
    return false;
  }

  private static boolean isSeparator(char c) {
    return c == '&' || c == ';';
  }

  /** The byte two ASCII hex digits stand for, or -1 when either is not one. */
  private static int hexByte(char high, char low) {
    int h = Ascii.hexDigit(high);
    int l = Ascii.hexDigit(low);
    return h < 0 || l < 0 ? -1 : h << 4 | l;
  }
}
