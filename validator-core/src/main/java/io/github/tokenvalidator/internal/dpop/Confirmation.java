package io.github.tokenvalidator.internal.dpop;

import io.github.tokenvalidator.TokenInfo;
import java.util.Map;

/**
 * What a token's {@code cnf} claim (RFC 7800) binds it to: a DPoP key by its thumbprint ({@code jkt},
 * RFC 9449 §6) and a client certificate by its thumbprint ({@code x5t#S256}, RFC 8705 §3.1); the same claim
 * in a JWT and in an introspection answer. Immutable and thread-safe.
 *
 * @param jkt the key's thumbprint, or null when not bound to a key
 * @param x5t the certificate's thumbprint, or null when not bound to a certificate
 */
record Confirmation(String jkt, String x5t) {
  static final Confirmation NONE = new Confirmation(null, null);

  /** {@return true when the token is bound to neither} */
  boolean isNone() {
    return jkt == null && x5t == null;
  }

  /**
   * The binding {@code info} states.
   *
   * @param info a token's answer
   * @return the binding, {@link #NONE} without {@code cnf}; null for a {@code cnf} that is not an object or
   *     whose {@code jkt} or {@code x5t#S256} is not a non-empty string, which binds to nothing anyone can show
   */
  static Confirmation of(TokenInfo info) {
    Object cnf = info.claim("cnf");
    if (cnf == null) {
      return NONE;
    }
    if (!(cnf instanceof Map)) {
      return null;
    }
    Map<?, ?> members = (Map<?, ?>) cnf;
    Object jkt = members.get("jkt");
    Object x5t = members.get("x5t#S256");
    if (jkt != null && !(jkt instanceof String && !((String) jkt).isEmpty())
        || x5t != null && !(x5t instanceof String && !((String) x5t).isEmpty())) {
      return null;
    }
    return jkt == null && x5t == null ? NONE : new Confirmation((String) jkt, (String) x5t);
  }
}
