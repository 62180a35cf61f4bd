package io.github.tokenvalidator.internal.transport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code application/x-www-form-urlencoded} bodies and RFC 6749 §2.3.1 Basic credentials. Thread-safe. */
public final class FormEncoding {
  private FormEncoding() {}

  /** {@code name=value&name=value…}, each part form-encoded in UTF-8; arguments alternate name, value. */
  public static String form(String... namesAndValues) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (i > 0) {
        body.append('&');
      }
      body.append(encode(namesAndValues[i])).append('=').append(encode(namesAndValues[i + 1]));
    }
    return body.toString();
  }

  /**
   * The {@code Authorization} value for client Basic authentication: RFC 6749 §2.3.1 form-encodes the id
   * and the secret before joining them with ':' and base64-encoding, so a ':' or '%' in either survives.
   */
  public static String basicAuthorization(String clientId, String clientSecret) {
    String credentials = encode(clientId) + ':' + encode(clientSecret);
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
