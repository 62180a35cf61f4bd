package io.github.tokenvalidator.internal.jwt;

import io.github.tokenvalidator.internal.json.BoundedJson;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * A JWS in compact serialization, split and decoded but not yet verified: the header read and checked
 * against the rules that need no key, the payload still raw bytes. Immutable and thread-safe.
 *
 * <p>The header's {@code jwk}, {@code jku}, {@code x5u} and {@code x5c} are deliberately never read for an
 * access token: a token naming its own key proves nothing, and fetching a URL the token names would let any
 * caller steer the validator's requests. A DPoP proof is the one JWS whose {@code jwk} is its key (it proves
 * possession of the key a token is bound to), so the parsed {@link #header} is kept for that reader.
 */
public final class Jws {
  public final JwsAlgorithm algorithm;
  /** The header's {@code kid}, or null. */
  public final String keyId;
  /** The header's {@code typ}, or null. */
  public final String type;
  /** The whole header as parsed, unmodifiable; read by DPoP proofs alone (for their {@code jwk}). */
  public final Map<String, Object> header;
  /** {@code BASE64URL(header) '.' BASE64URL(payload)} as ASCII, what the signature covers. */
  public final byte[] signingInput;
  public final byte[] payload;
  public final byte[] signature;

  private Jws(JwsAlgorithm algorithm, String keyId, String type, Map<String, Object> header, byte[] signingInput,
      byte[] payload, byte[] signature) {
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.type = type;
    this.header = header;
    this.signingInput = signingInput;
    this.payload = payload;
    this.signature = signature;
  }

  /**
   * Splits {@code token} and checks its header: exactly three strict base64url parts, a bounded strict JSON
   * object header whose {@code alg} is in {@code allowed}, no {@code crit}, no unencoded payload.
   */
  public static Jws parse(String token, Set<JwsAlgorithm> allowed) throws InvalidJwtException {
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0) {
      throw new InvalidJwtException("not a JWS: fewer than three parts");
    }
    if (token.indexOf('.', secondDot + 1) >= 0) {
      throw new InvalidJwtException("not a JWS compact serialization: more than three parts (a JWE?)");
    }
    Map<String, Object> header = header(token, firstDot);
    if (header == null) {
      throw new InvalidJwtException("JWS header is not strict base64url of a bounded JSON object");
    }
    Object alg = header.get("alg");
    JwsAlgorithm algorithm = alg instanceof String ? JwsAlgorithm.named((String) alg) : null;
    if (algorithm == null || !allowed.contains(algorithm)) {
      throw new InvalidJwtException("JWS algorithm is not accepted");
    }
    if (header.containsKey("crit")) {
      // RFC 7515 §4.1.11: a recipient must refuse extensions it does not understand; it understands none.
      throw new InvalidJwtException("JWS header has \"crit\" extensions the validator does not support");
    }
    if (header.containsKey("b64") && !Boolean.TRUE.equals(header.get("b64"))) {
      throw new InvalidJwtException("JWS with an unencoded payload (b64) is not accepted");
    }
    if (header.containsKey("enc") || header.containsKey("zip")) {
      throw new InvalidJwtException("JWS header carries JWE parameters");
    }
    Object cty = header.get("cty");
    if (cty instanceof String && ((String) cty).equalsIgnoreCase("JWT")) {
      throw new InvalidJwtException("nested JWTs are not accepted");
    }
    String keyId = optionalString(header, "kid");
    String type = optionalString(header, "typ");
    byte[] payload = Base64Url.decode(token, firstDot + 1, secondDot);
    byte[] signature = Base64Url.decode(token, secondDot + 1, token.length());
    if (payload == null || signature == null) {
      throw new InvalidJwtException("JWS payload or signature is not strict base64url");
    }
    byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
    return new Jws(algorithm, keyId, type, java.util.Collections.unmodifiableMap(header), signingInput, payload,
        signature);
  }

  /**
   * Whether {@code token} looks like a JWS the validator would verify: three base64url parts whose first
   * decodes to a JSON object with an {@code alg} in {@code allowed}. Decides {@code token-format auto}.
   */
  public static boolean isJwtShaped(String token, Set<JwsAlgorithm> allowed) {
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
      return false;
    }
    Map<String, Object> header = header(token, firstDot);
    Object alg = header == null ? null : header.get("alg");
    JwsAlgorithm algorithm = alg instanceof String ? JwsAlgorithm.named((String) alg) : null;
    return algorithm != null && allowed.contains(algorithm);
  }

  private static Map<String, Object> header(String token, int firstDot) {
    byte[] json = Base64Url.decode(token, 0, firstDot);
    if (json == null) {
      return null;
    }
    try {
      return BoundedJson.parseObject(json);
    } catch (MalformedAnswerException e) {
      return null;
    }
  }

  private static String optionalString(Map<String, Object> header, String name) throws InvalidJwtException {
    Object value = header.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new InvalidJwtException("JWS header \"" + name + "\" is not a string");
  }
}
