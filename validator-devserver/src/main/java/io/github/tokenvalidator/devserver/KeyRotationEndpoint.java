package io.github.tokenvalidator.devserver;

import com.sun.net.httpserver.Headers;
import java.util.Map;

/**
 * {@code POST {runtime}/az/v1/jwks/rotate}, a dev-server-only extension: any registered client may make a
 * new signing key current, so rotation can be tried from the command line as {@link
 * DevAuthorizationServer#rotateSigningKey()} does in-process. The answer names the new {@code kid}.
 * Client authentication fails as on the token endpoint (400 {@code invalid_client}). The body may be empty,
 * with or without a form {@code Content-Type}; form parameters are ignored. Thread-safe.
 */
final class KeyRotationEndpoint implements FormEndpointHandler.FormEndpoint {
  private final Authorization authorization;
  private final SigningKeys keys;

  KeyRotationEndpoint(Authorization authorization, SigningKeys keys) {
    this.authorization = authorization;
    this.keys = keys;
  }

  /** It takes no parameter, so a bare {@code curl -X POST -u id:secret …/rotate} is enough. */
  @Override
  public boolean acceptsEmptyPost() {
    return true;
  }

  @Override
  public Answer answer(Headers headers, String rawQuery, Map<String, String> form) {
    Answer refusal = TokenEndpoint.authenticateBasic(authorization, headers).refusal();
    if (refusal != null) {
      return refusal;
    }
    String kid = keys.rotate();
    return Answer.json(200, json -> json.writeStringField("kid", kid));
  }
}
