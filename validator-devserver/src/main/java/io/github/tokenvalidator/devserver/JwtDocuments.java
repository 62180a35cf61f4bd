package io.github.tokenvalidator.devserver;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The documents a dev server publishes when it issues JWTs: its JSON Web Key Set (RFC 7517 §5) and its
 * discovery document (OpenID Connect Discovery 1.0 §3, with the RFC 8414 members this server has).
 * Stateless; thread-safe.
 */
final class JwtDocuments {
  /** How long a validator may keep the key set; a rotated key is found sooner by its unknown {@code kid}. */
  static final long KEYS_MAX_AGE_SECONDS = 60;
  static final long DISCOVERY_MAX_AGE_SECONDS = 300;

  private JwtDocuments() {}

  /** The public keys published now: the current one, then retired ones that still have live tokens. */
  static Supplier<Answer> keySet(SigningKeys keys) {
    return () -> Answer.json(200, json -> {
      json.writeArrayFieldStart("keys");
      for (SigningKey key : keys.published()) {
        key.writeJwk(json);
      }
      json.writeEndArray();
    }).cacheFor(KEYS_MAX_AGE_SECONDS);
  }

  /**
   * The discovery document of one issuer. There is no authorization endpoint (only the client-credentials
   * grant), so none of the members about interactive login appear.
   *
   * @param jwksUri the key set, or null when the server issues no JWTs
   * @param introspectionAuthMethods the RFC 8414 client authentication methods of the introspection
   *     endpoint, or none when callers show a bearer token instead (MobileFirst)
   */
  static Supplier<Answer> discovery(String issuer, String tokenEndpoint, String introspectionEndpoint,
      String jwksUri, String... introspectionAuthMethods) {
    Answer.JsonMembers members = json -> {
      json.writeStringField("issuer", issuer);
      json.writeStringField("token_endpoint", tokenEndpoint);
      json.writeStringField("introspection_endpoint", introspectionEndpoint);
      if (jwksUri != null) {
        json.writeStringField("jwks_uri", jwksUri);
      }
      array(json, "grant_types_supported", "client_credentials");
      array(json, "token_endpoint_auth_methods_supported", "client_secret_basic");
      if (introspectionAuthMethods.length > 0) {
        array(json, "introspection_endpoint_auth_methods_supported", introspectionAuthMethods);
      }
    };
    return () -> Answer.json(200, members).cacheFor(DISCOVERY_MAX_AGE_SECONDS);
  }

  private static void array(JsonGenerator json, String name, String... values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
