package io.github.tokenvalidator.devserver;

import com.sun.net.httpserver.Headers;
import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.internal.dpop.TokenRequestProofs;
import io.github.tokenvalidator.internal.request.AuthorizationCredentials;
import java.util.List;
import java.util.Map;

/**
 * {@code POST {runtime}/az/v1/token} (and App ID's {@code /oauth/v4/{tenant}/token}): the
 * client-credentials grant with HTTP Basic client authentication, answered as MobileFirst does, with opaque
 * tokens or JWTs. Thread-safe.
 *
 * <p>A failed client authentication is 400 {@code invalid_client}, as MobileFirst answers, where RFC 6749
 * §5.2 would have 401 with {@code WWW-Authenticate: Basic}; clients of MobileFirst expect the 400.
 *
 * <p>Sender-constrained tokens: a request with a {@code DPoP} proof (RFC 9449 §5) gets a token bound to the
 * proof's key ({@code cnf.jkt}, {@code token_type} {@code DPoP}), the proof checked by the validator's own
 * rules; an invalid one is 400 {@code invalid_dpop_proof}, and where nonces are demanded a proof without the
 * current one is 400 {@code use_dpop_nonce} with {@code DPoP-Nonce}. With a configured certificate
 * thumbprint, every token is also bound to that certificate ({@code cnf.x5t#S256}, RFC 8705).
 */
final class TokenEndpoint implements FormEndpointHandler.FormEndpoint {
  static final Scope DEFAULT_SCOPE = Scope.of("RegisteredClient");
  static final int MAX_USERNAME_LENGTH = 256;

  private final Authorization authorization;
  private final TokenIssuer issuer;
  private final int maxTokens;
  private final JwtFormat format;
  private final String path;
  private final TokenRequestProofs proofs;
  private final String certificateThumbprint;

  /**
   * @param format how to write tokens as JWTs, or null for opaque tokens
   * @param path the endpoint's path, the end of the URI a DPoP proof names
   * @param proofs how DPoP proofs are checked
   * @param certificateThumbprint the certificate every token is bound to, or null
   */
  TokenEndpoint(Authorization authorization, TokenIssuer issuer, int maxTokens, JwtFormat format, String path,
      TokenRequestProofs proofs, String certificateThumbprint) {
    this.authorization = authorization;
    this.issuer = issuer;
    this.maxTokens = maxTokens;
    this.format = format;
    this.path = path;
    this.proofs = proofs;
    this.certificateThumbprint = certificateThumbprint;
  }

  /** The client a request authenticated as, or the answer refusing it; exactly one is non-null. */
  record ClientAuthentication(RegisteredClient client, Answer refusal) {}

  /**
   * Authenticates the caller as a registered client by HTTP Basic, refusing as MobileFirst's token endpoint
   * does (400 {@code invalid_client}); also used by the dev-only key rotation endpoint.
   */
  static ClientAuthentication authenticateBasic(Authorization authorization, Headers headers) {
    RegisteredClient client;
    try {
      client = authorization.authenticate(AuthorizationCredentials.basic(Authorization.header(headers)));
    } catch (IllegalArgumentException e) {
      return new ClientAuthentication(null, Answer.error(400, "invalid_request", e.getMessage()));
    }
    if (client == null) {
      return new ClientAuthentication(null, Answer.error(400, "invalid_client",
          "Client authentication failed: send HTTP Basic credentials of a registered client"));
    }
    return new ClientAuthentication(client, null);
  }

  @Override
  public Answer answer(Headers headers, String rawQuery, Map<String, String> form) {
    ClientAuthentication authentication = authenticateBasic(authorization, headers);
    if (authentication.refusal() != null) {
      return authentication.refusal();
    }
    RegisteredClient client = authentication.client();
    String grantType = parameter(form, "grant_type");
    if (grantType == null) {
      return Answer.error(400, "invalid_request", "Parameter grant_type is required");
    }
    if (!grantType.equals("client_credentials")) {
      return Answer.error(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported");
    }
    Scope scope;
    try {
      String requested = parameter(form, "scope");
      scope = requested == null ? DEFAULT_SCOPE : Scope.of(requested);
    } catch (IllegalArgumentException e) {
      return Answer.error(400, "invalid_scope", "Parameter scope is not a valid RFC 6749 scope");
    }
    if (scope.isEmpty()) {
      scope = DEFAULT_SCOPE;
    }
    if (!client.allowedScope().covers(scope)) {
      return Answer.error(400, "invalid_scope", "The requested scope is not allowed for this client");
    }
    String username = parameter(form, "username");
    if (username != null && !isPlausibleUsername(username)) {
      return Answer.error(400, "invalid_request", "Parameter username must be at most "
          + MAX_USERNAME_LENGTH + " characters without control characters");
    }
    List<String> proofHeaders = headers.get("DPoP");
    TokenRequestProofs.Outcome proof = null;
    if (proofHeaders != null && !proofHeaders.isEmpty()) {
      // the dev server serves plain HTTP: the URI is the Host the client addressed, and this path
      proof = proofs.check(proofHeaders, "POST", "http://" + headers.getFirst("Host") + path);
      if (proof.error() != null) {
        Answer refusal = Answer.error(400, proof.error(), proof.description());
        return proof.nonce() == null ? refusal : refusal.header(AuthenticationError.DPOP_NONCE_HEADER, proof.nonce());
      }
    }
    String jkt = proof == null ? null : proof.thumbprint();
    String resource = parameter(form, "resource");
    if (resource != null && !isResourceIndicator(resource)) {
      return Answer.error(400, "invalid_target", "Parameter resource must be an absolute URI without a fragment"
          + " (RFC 8707)");
    }
    String acrValues = parameter(form, "acr_values");
    String acr = acrValues == null || acrValues.isBlank() ? null : acrValues.strip().split("[ ]+")[0];
    if (acr != null && !acr.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '"' && c != '\\')) {
      return Answer.error(400, "invalid_request", "Parameter acr_values must be printable ASCII values");
    }
    TokenIssuer.NewToken token = issuer.issue(client.id(), scope, username, format, resource, acr, jkt,
        certificateThumbprint);
    if (token == null) {
      return Answer.error(503, "temporarily_unavailable", "The dev server holds its maximum of " + maxTokens
          + " live tokens; retry when some have expired").header("Retry-After", "60");
    }
    Scope granted = scope;
    Answer answer = Answer.json(200, json -> {
      json.writeStringField("access_token", token.value());
      json.writeStringField("token_type", jkt != null ? "DPoP" : "Bearer");
      json.writeNumberField("expires_in", token.expiresIn());
      json.writeStringField("scope", granted.toString());
    });
    return proof == null || proof.nonce() == null ? answer
        : answer.header(AuthenticationError.DPOP_NONCE_HEADER, proof.nonce());
  }

  /** A parameter's value; RFC 6749 §3.1 treats a parameter sent without a value as omitted. */
  static String parameter(Map<String, String> form, String name) {
    String value = form.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** RFC 8707 §2: an absolute URI without a fragment, bounded like a username. */
  private static boolean isResourceIndicator(String resource) {
    if (resource.length() > 2048) {
      return false;
    }
    try {
      java.net.URI uri = new java.net.URI(resource);
      return uri.isAbsolute() && uri.getRawFragment() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static boolean isPlausibleUsername(String username) {
    if (username.length() > MAX_USERNAME_LENGTH || username.isBlank()) {
      return false;
    }
    return username.codePoints().noneMatch(Character::isISOControl);
  }
}
