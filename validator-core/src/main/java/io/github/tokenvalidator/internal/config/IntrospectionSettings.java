package io.github.tokenvalidator.internal.config;

import static io.github.tokenvalidator.Settings.Type.ENUM;
import static io.github.tokenvalidator.Settings.Type.RATIO;
import static io.github.tokenvalidator.Settings.Type.STRING;
import static io.github.tokenvalidator.Settings.Type.URL;

import io.github.tokenvalidator.ClientAuthentication;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenFormat;
import java.net.URI;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The settings of remote introspection and of the validator's own token: where the issuer's endpoints are
 * and how the validator authenticates to them. All of them belong to an issuer. Thread-safe.
 */
public final class IntrospectionSettings {
  /** MobileFirst's token path below {@code server-url}. */
  public static final String MOBILEFIRST_TOKEN_PATH = "/az/v1/token";
  /** MobileFirst's introspection path below {@code server-url}. */
  public static final String MOBILEFIRST_INTROSPECTION_PATH = "/az/v1/introspection";

  public static final Setting<URI> SERVER_URL = Setting.define("server-url", URL, ValueParsers::uri).perIssuer()
      .documentedDefault("—")
      .describe("MobileFirst runtime API base, e.g. `http://localhost:9080/mfp/api`. Derives"
          + " `{server-url}/az/v1/token` and `{server-url}/az/v1/introspection`.");
  public static final Setting<URI> INTROSPECTION_ENDPOINT = Setting.define("introspection-endpoint", URL,
          ValueParsers::uri).perIssuer()
      .documentedDefault("from `server-url`")
      .describe("Introspection endpoint; set it alone for a generic RFC 7662 server (Keycloak, …).");
  public static final Setting<URI> TOKEN_ENDPOINT = Setting.define("token-endpoint", URL, ValueParsers::uri)
      .perIssuer().documentedDefault("from `server-url`")
      .describe("Token endpoint for the validator's own token (MobileFirst style only).");
  public static final Setting<String> CLIENT_ID = Setting.define("client-id", STRING, ValueParsers::nonEmpty)
      .perIssuer().documentedDefault("— (required)")
      .describe("The confidential client's id.");
  public static final Setting<String> CLIENT_SECRET = Setting.define("client-secret", STRING,
          ValueParsers::nonEmpty).perIssuer().secret().documentedDefault("— (required)")
      .describe("The confidential client's secret. Never logged.");
  public static final Setting<ClientAuthentication> CLIENT_AUTH = Setting.define("client-auth", ENUM,
          ValueParsers::clientAuthentication).perIssuer()
      .allowing(Arrays.stream(ClientAuthentication.values()).map(ClientAuthentication::settingValue)
          .collect(Collectors.toUnmodifiableList()))
      .documentedDefault("`mobilefirst-bearer` when a token endpoint is known, else `basic`")
      .describe("`mobilefirst-bearer`: introspect with the validator's own bearer token. `basic`: RFC 7662 with"
          + " HTTP Basic client auth. `post`: RFC 7662 with `client_id`/`client_secret` in the form. Id and"
          + " secret are form-encoded before Basic encoding (RFC 6749 §2.3.1).");
  public static final Setting<Scope> INTROSPECTION_SCOPE = Setting.define("introspection-scope", STRING,
          ValueParsers::scope).perIssuer().byDefault("authorization.introspect")
      .describe("Scope requested for the own token.");
  public static final Setting<Double> RENEWAL_RATIO = Setting.define("own-token.renewal-ratio", RATIO,
          ValueParsers::ratio).within(ValueParsers::ratio).perIssuer().byDefault("0.8")
      .describe("Fraction of the own token's lifetime after which it is renewed in the background.");

  private IntrospectionSettings() {}

  /** {@return the introspection endpoint: the setting, or derived from {@code server-url}; null for none} */
  static URI introspectionEndpoint(ValidatorConfig.Builder values) {
    return derived(values, INTROSPECTION_ENDPOINT, MOBILEFIRST_INTROSPECTION_PATH);
  }

  /** {@return the token endpoint: the setting, or derived from {@code server-url}; null for none} */
  static URI tokenEndpoint(ValidatorConfig.Builder values) {
    return derived(values, TOKEN_ENDPOINT, MOBILEFIRST_TOKEN_PATH);
  }

  private static URI derived(ValidatorConfig.Builder values, Setting<URI> endpoint, String mobileFirstPath) {
    URI set = values.get(endpoint);
    if (set != null) {
      return set;
    }
    URI base = values.get(SERVER_URL);
    if (base == null) {
      return null;
    }
    String text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text + mobileFirstPath);
  }

  /** {@return client-auth as set, or MobileFirst's own when a token endpoint is known, else RFC 7662 Basic} */
  static ClientAuthentication clientAuthentication(ValidatorConfig.Builder values) {
    ClientAuthentication set = values.get(CLIENT_AUTH);
    return set != null ? set : tokenEndpoint(values) != null ? ClientAuthentication.MOBILEFIRST_BEARER
        : ClientAuthentication.BASIC;
  }

  /** What only the whole can tell, for a format that introspects. */
  static void check(ValidatorConfig.Builder values) {
    if (values.get(JwtSettings.TOKEN_FORMAT) == TokenFormat.JWT) {
      return;
    }
    URI introspection = introspectionEndpoint(values);
    if (introspection == null) {
      throw values.invalid(SERVER_URL, "is required (or set introspection-endpoint for an RFC 7662 server)");
    }
    values.require(CLIENT_ID);
    values.require(CLIENT_SECRET);
    ClientAuthentication auth = clientAuthentication(values);
    URI token = tokenEndpoint(values);
    if (auth == ClientAuthentication.MOBILEFIRST_BEARER && token == null) {
      throw values.invalid(TOKEN_ENDPOINT, "is required for client-auth mobilefirst-bearer (or set server-url)");
    }
    TransportSettings.checkTransport(values,
        values.get(INTROSPECTION_ENDPOINT) != null ? INTROSPECTION_ENDPOINT : SERVER_URL, introspection);
    if (auth == ClientAuthentication.MOBILEFIRST_BEARER) {
      TransportSettings.checkTransport(values, values.get(TOKEN_ENDPOINT) != null ? TOKEN_ENDPOINT : SERVER_URL,
          token);
    }
  }
}
