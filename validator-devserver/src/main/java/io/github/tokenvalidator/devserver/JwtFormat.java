package io.github.tokenvalidator.devserver;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * How one issuer of the dev server writes its access tokens as signed JWTs (JWS compact serialization):
 * the RFC 9068 claims {@code iss}, {@code sub}, {@code aud}, {@code exp}, {@code iat}, {@code jti},
 * {@code client_id} and {@code scope}, a header with {@code alg}, {@code kid} and the configured
 * {@code typ}, signed by the current key of the shared {@link SigningKeys}. Immutable; thread-safe.
 */
final class JwtFormat {
  private final SigningKeys keys;
  private final String issuer;
  private final String type;
  private final List<String> audience;
  private final String tenant;

  /**
   * @param type the header's {@code typ}, or null to leave it out
   * @param audience the {@code aud} values; empty to use the client's id
   * @param tenant the App ID tenant to name in a {@code tenant} claim, or null
   */
  JwtFormat(SigningKeys keys, String issuer, String type, List<String> audience, String tenant) {
    this.keys = keys;
    this.issuer = issuer;
    this.type = type;
    this.audience = List.copyOf(audience);
    this.tenant = tenant;
  }

  String issuer() {
    return issuer;
  }

  /** The header's {@code typ}, or null when it has none. */
  String type() {
    return type;
  }

  /** The configured {@code aud} values; empty when each token's is the id of the client it was issued to. */
  List<String> configuredAudience() {
    return audience;
  }

  /** The {@code aud} of a token for {@code clientId}: the configured audience, else the client itself. */
  List<String> audienceFor(String clientId) {
    return audience.isEmpty() ? List.of(clientId) : audience;
  }

  /**
   * The signed JWT for {@code token}, with a fresh {@code jti}. The subject is the user, or for a client's
   * own token the client (RFC 9068 §2.2).
   */
  String sign(IssuedToken token) {
    SigningKey key = keys.forTokenExpiringAt(token.expiresAt());
    byte[] header = Answer.jsonObject(json -> {
      json.writeStringField("alg", key.algorithm().joseName());
      json.writeStringField("kid", key.kid());
      if (type != null) {
        json.writeStringField("typ", type);
      }
    });
    byte[] payload = Answer.jsonObject(json -> {
      json.writeStringField("iss", issuer);
      json.writeStringField("sub", token.username() != null ? token.username() : token.clientId());
      if (token.audience().size() == 1) {
        json.writeStringField("aud", token.audience().get(0));
      } else {
        json.writeArrayFieldStart("aud");
        for (String value : token.audience()) {
          json.writeString(value);
        }
        json.writeEndArray();
      }
      json.writeNumberField("exp", token.expiresAt().getEpochSecond());
      json.writeNumberField("iat", token.issuedAt().getEpochSecond());
      json.writeStringField("jti", UUID.randomUUID().toString());
      json.writeStringField("client_id", token.clientId());
      json.writeStringField("scope", token.scope().toString());
      IntrospectionEndpoint.writeConfirmation(json, token);
      if (tenant != null) {
        json.writeStringField("tenant", tenant);
      }
      if (token.acr() != null) {
        json.writeStringField("acr", token.acr());
        json.writeNumberField("auth_time", token.authTime().getEpochSecond());
      }
    });
    String signingInput = SigningKey.base64url(header) + '.' + SigningKey.base64url(payload);
    return signingInput + '.' + SigningKey.base64url(key.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }
}
