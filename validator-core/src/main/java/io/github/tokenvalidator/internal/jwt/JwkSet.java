package io.github.tokenvalidator.internal.jwt;

import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The usable signing keys of one JWK Set document, and the choice of the key a token names. Keys the
 * validator must not or cannot use are left out, so one odd key does not lose the others. Immutable and
 * thread-safe.
 */
public final class JwkSet {
  public static final JwkSet EMPTY = new JwkSet(List.of());

  private final List<Jwk> keys;

  public JwkSet(List<Jwk> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Reads a JWK Set document through the bounded JSON reader; throws when it is not one. */
  public static JwkSet parse(byte[] body) throws MalformedAnswerException {
    Object keys = BoundedJson.parseObject(body).get("keys");
    if (!(keys instanceof List)) {
      throw new MalformedAnswerException("JWK Set has no \"keys\" array");
    }
    List<Jwk> usable = new ArrayList<>();
    for (Object element : (List<?>) keys) {
      if (element instanceof Map) {
        @SuppressWarnings("unchecked")
        Jwk key = Jwk.parse((Map<String, Object>) element);
        if (key != null) {
          usable.add(key);
        }
      }
    }
    return new JwkSet(usable);
  }

  public List<Jwk> keys() {
    return keys;
  }

  /** Whether some key carries {@code keyId}, whatever it fits. */
  public boolean hasKeyId(String keyId) {
    for (Jwk key : keys) {
      if (keyId.equals(key.keyId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The key to verify a token of {@code algorithm} naming {@code keyId}: the key with that id which fits the
   * algorithm; for a token without {@code kid}, the one key that fits, or null when none or several do.
   */
  public Jwk select(String keyId, JwsAlgorithm algorithm) {
    Jwk found = null;
    for (Jwk key : keys) {
      if (keyId != null && !keyId.equals(key.keyId)) {
        continue;
      }
      if (!key.fits(algorithm)) {
        continue;
      }
      if (keyId != null) {
        return key;
      }
      if (found != null) {
        return null; // several keys fit and the token does not say which: guessing would be trying them all
      }
      found = key;
    }
    return found;
  }
}
