package io.github.tokenvalidator.devserver;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.Headers;
import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.internal.request.AuthorizationCredentials;
import io.github.tokenvalidator.internal.request.RequestPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST {runtime}/az/v1/introspection}: what the dev server knows of a token, with MobileFirst's
 * {@code mfp-*} objects. Thread-safe.
 *
 * <p>In {@link DevAuthorizationServer.Mode#MOBILEFIRST} mode the caller shows a bearer token whose scope
 * covers {@value #INTROSPECTION_SCOPE}; in {@link DevAuthorizationServer.Mode#RFC7662} mode it
 * authenticates as a registered client, by HTTP Basic or by {@code client_id} and {@code client_secret} in
 * the form.
 *
 * <p>In MobileFirst mode the endpoint is a bearer-protected resource like any other, and answers as the
 * validator does: core's request policy (one {@code Authorization} value, no {@code access_token} in the
 * query), core's header parser, and core's challenges ({@link AuthenticationError}).
 */
final class IntrospectionEndpoint implements FormEndpointHandler.FormEndpoint {
  static final String INTROSPECTION_SCOPE = "authorization.introspect";
  static final String SECURITY_CHECK = "UserLogin";
  private static final String BASIC_CHALLENGE = "Basic realm=\"dev-authorization-server\"";
  private static final RequestPolicy POLICY = new RequestPolicy(null);
  private static final AuthenticationError MISSING_TOKEN = AuthenticationError.missingToken(null);
  private static final AuthenticationError INVALID_TOKEN =
      AuthenticationError.invalidToken(null, "The bearer token is unknown or expired");
  private static final AuthenticationError INSUFFICIENT_SCOPE =
      AuthenticationError.insufficientScope(null, Scope.of(INTROSPECTION_SCOPE));

  private final DevAuthorizationServer.Mode mode;
  private final Authorization authorization;
  private final TokenIssuer issuer;

  IntrospectionEndpoint(DevAuthorizationServer.Mode mode, Authorization authorization, TokenIssuer issuer) {
    this.mode = mode;
    this.authorization = authorization;
    this.issuer = issuer;
  }

  @Override
  public Answer answer(Headers headers, String rawQuery, Map<String, String> form) {
    Answer refusal;
    if (mode == DevAuthorizationServer.Mode.MOBILEFIRST) {
      refusal = checkBearer(Authorization.values(headers), rawQuery);
    } else {
      try {
        refusal = checkClient(Authorization.header(headers), form);
      } catch (IllegalArgumentException e) {
        refusal = Answer.error(400, "invalid_request", e.getMessage());
      }
    }
    if (refusal != null) {
      return refusal;
    }
    String token = TokenEndpoint.parameter(form, "token");
    if (token == null) {
      return Answer.error(400, "invalid_request", "Parameter token is required");
    }
    IssuedToken issued = issuer.find(token);
    if (issued == null) {
      return Answer.json(200, json -> json.writeBooleanField("active", false));
    }
    return Answer.json(200, json -> writeActive(json, issued));
  }

  /** MobileFirst: the caller's own token must be active and cover the introspection scope (RFC 6750 answers). */
  private Answer checkBearer(List<String> authorization, String rawQuery) {
    ValidationResult shape = POLICY.refusal(authorization, rawQuery);
    if (shape != null) {
      return Answer.of(shape.error());
    }
    String token = AuthorizationCredentials.bearerToken(authorization.isEmpty() ? null : authorization.get(0));
    if (token == null) {
      return Answer.of(MISSING_TOKEN);
    }
    IssuedToken own = token.isEmpty() ? null : issuer.find(token);
    if (own == null) {
      return Answer.of(INVALID_TOKEN);
    }
    if (!own.scope().covers(INTROSPECTION_SCOPE)) {
      return Answer.of(INSUFFICIENT_SCOPE);
    }
    return null;
  }

  /** RFC 7662: the caller authenticates as a registered client, by HTTP Basic or in the form (not both). */
  private Answer checkClient(String header, Map<String, String> form) {
    boolean inForm = form.containsKey("client_id") || form.containsKey("client_secret");
    if (header != null && inForm) {
      return Answer.error(400, "invalid_request", "Use one client authentication method, not two");
    }
    AuthorizationCredentials.Client credentials = inForm
        ? new AuthorizationCredentials.Client(form.getOrDefault("client_id", ""), form.getOrDefault("client_secret", ""))
        : AuthorizationCredentials.basic(header);
    if (authorization.authenticate(credentials) == null) {
      return Answer.error(401, "invalid_client", "Client authentication failed")
          .header("WWW-Authenticate", BASIC_CHALLENGE);
    }
    return null;
  }

  /** The token's {@code cnf} (RFC 7800): its DPoP key's and its certificate's thumbprints, when bound. */
  static void writeConfirmation(JsonGenerator json, IssuedToken token) throws IOException {
    if (!token.isBound()) {
      return;
    }
    json.writeObjectFieldStart("cnf");
    if (token.jkt() != null) {
      json.writeStringField("jkt", token.jkt());
    }
    if (token.x5t() != null) {
      json.writeStringField("x5t#S256", token.x5t());
    }
    json.writeEndObject();
  }

  private static void writeActive(JsonGenerator json, IssuedToken token) throws IOException {
    json.writeBooleanField("active", true);
    json.writeStringField("scope", token.scope().toString());
    json.writeStringField("client_id", token.clientId());
    if (token.username() != null) {
      json.writeStringField("username", token.username());
    }
    json.writeStringField("token_type", token.jkt() != null ? "DPoP" : "Bearer");
    json.writeNumberField("iat", token.issuedAt().getEpochSecond());
    writeConfirmation(json, token);
    json.writeNumberField("exp", token.expiresAt().getEpochSecond());
    if (token.issuer() != null) {
      // A JWT's answer repeats what the JWT itself says (RFC 7662 §2.2), so both ways agree.
      json.writeStringField("iss", token.issuer());
      json.writeStringField("sub", token.username() != null ? token.username() : token.clientId());
      json.writeArrayFieldStart("aud");
      for (String audience : token.audience()) {
        json.writeString(audience);
      }
      json.writeEndArray();
    } else if (!token.audience().isEmpty()) {
      // an opaque token issued for an RFC 8707 resource
      json.writeStringField("aud", token.audience().get(0));
    }
    if (token.acr() != null) {
      json.writeStringField("acr", token.acr());
      json.writeNumberField("auth_time", token.authTime().getEpochSecond());
    }

    json.writeObjectFieldStart("mfp-application");
    json.writeStringField("id", token.clientId());
    json.writeStringField("clientPlatform", "dev");
    json.writeStringField("version", "1.0");
    json.writeEndObject();

    json.writeObjectFieldStart("mfp-device");
    json.writeStringField("id", deviceId(token));
    json.writeStringField("hardware", "dev-server");
    json.writeStringField("platform", "dev");
    json.writeStringField("displayName", "Dev device");
    json.writeStringField("status", "ACTIVE");
    json.writeEndObject();

    if (token.username() == null) {
      json.writeNullField("mfp-user");
    } else {
      json.writeObjectFieldStart("mfp-user");
      json.writeStringField("id", token.username());
      json.writeStringField("displayName", token.username());
      json.writeStringField("authenticatedBy", SECURITY_CHECK);
      json.writeNumberField("authenticatedAt", token.issuedAt().toEpochMilli());
      json.writeObjectFieldStart("attributes");
      json.writeEndObject();
      json.writeEndObject();
    }

    json.writeObjectFieldStart("mfp-checks");
    if (token.username() != null) {
      json.writeObjectFieldStart(SECURITY_CHECK);
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  /** One stable device per client and user, as a real app install would keep. */
  private static String deviceId(IssuedToken token) {
    String seed = token.clientId() + '\u0000' + (token.username() == null ? "" : token.username());
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
