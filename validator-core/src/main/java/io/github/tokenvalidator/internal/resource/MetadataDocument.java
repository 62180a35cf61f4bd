package io.github.tokenvalidator.internal.resource;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collection;
import java.util.List;

/**
 * Writes one RFC 9728 protected resource metadata document. Only what is meant to be public goes in: the
 * identifier, the issuers' identifiers, the scopes the routes name, how tokens are sent (with DPoP's algorithms
 * where the {@code dpop.mode} setting offers the scheme), and the human fields.
 * Stateless and thread-safe.
 */
public final class MetadataDocument {
  private static final JsonFactory JSON = new JsonFactory();

  private MetadataDocument() {}

  /**
   * The document's bytes, UTF-8 JSON.
   *
   * @param resource the resource identifier
   * @param authorizationServers the issuer identifiers whose tokens the resource accepts; empty leaves the
   *     member out
   * @param scopes the scope elements the resource's routes need, in order; empty leaves the member out
   * @param dpopAlgorithms {@code dpop_signing_alg_values_supported}, the algorithms of DPoP proofs accepted;
   *     empty where no issuer's {@code dpop.mode} offers the scheme, which leaves the DPoP members out
   * @param dpopRequired {@code dpop_bound_access_tokens_required}: whether every issuer requires DPoP-bound tokens
   * @param name {@code resource_name}, or null
   * @param documentation {@code resource_documentation}, or null
   * @return the document
   */
  public static byte[] write(String resource, List<String> authorizationServers, Collection<String> scopes,
      List<String> dpopAlgorithms, boolean dpopRequired, String name, URI documentation) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("resource", resource);
      array(json, "authorization_servers", authorizationServers);
      array(json, "scopes_supported", scopes);
      // RFC 6750 §2.1 only: a token in a query or a form body is never accepted
      array(json, "bearer_methods_supported", List.of("header"));
      if (!dpopAlgorithms.isEmpty()) {
        array(json, "dpop_signing_alg_values_supported", dpopAlgorithms);
        json.writeBooleanField("dpop_bound_access_tokens_required", dpopRequired);
      }
      if (name != null) {
        json.writeStringField("resource_name", name);
      }
      if (documentation != null) {
        json.writeStringField("resource_documentation", documentation.toString());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  private static void array(JsonGenerator json, String name, Collection<String> values) throws IOException {
    if (values.isEmpty()) {
      return;
    }
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
