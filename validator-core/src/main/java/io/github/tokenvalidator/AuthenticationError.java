package io.github.tokenvalidator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Why a request was refused, and the HTTP answer (status, headers, body) that tells the client so.
 *
 * <p>This is the single place the SDK formats RFC 6750 challenges: every adapter copies {@link #status()},
 * {@link #headers()} and {@link #jsonBody()} onto its response unchanged. The {@code WWW-Authenticate}
 * values are exactly those MobileFirst clients parse, for example {@code Bearer error="invalid_token"} or
 * {@code Bearer error="insufficient_scope", scope="accessRestricted"}, with {@code realm="…"} first when a
 * realm is configured. Attribute values are quoted and escaped, and no control character (CR and LF
 * included) ever reaches a header.
 *
 * <p>The validator makes every answer to a validation, request-shape refusals included (two tokens, a
 * token in the query: {@link TokenValidator#validateRequest}); adapters copy them and build none. The
 * factories are public for the few answers made without a validation, by modules beside a framework: a
 * 401 when the framework found no token at all ({@link #missingToken(String)} with
 * {@link TokenValidator#realm()}), a 403 from an access-denied hook that knows the scope it wanted
 * ({@link #insufficientScope(String, Scope)}), and the dev server's own challenges. Tests use them to
 * state the exact answer expected.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AuthenticationError {

  /** The kinds of refusal, each with its HTTP status. */
  public enum Kind {
    /** No {@code Authorization} header, or one with another scheme: 401, bare {@code Bearer} challenge. */
    MISSING_TOKEN(401, "missing_token"),
    /** The request itself is malformed (for example two tokens): 400, {@code error="invalid_request"}. */
    INVALID_REQUEST(400, "invalid_request"),
    /** Empty, malformed, unknown, inactive or expired token: 401, {@code error="invalid_token"}. */
    INVALID_TOKEN(401, "invalid_token"),
    /** Valid token whose scope does not cover the required one: 403, {@code error="insufficient_scope"}. */
    INSUFFICIENT_SCOPE(403, "insufficient_scope"),
    /** MobileFirst answered 409: 409 with {@code MFP-Conflict: true}; the client SDK resends. */
    CONFLICT(409, "conflict"),
    /** The authorization server could not answer: 503 with {@code Retry-After}; not the token's fault. */
    UNAVAILABLE(503, "temporarily_unavailable"),
    /** A DPoP proof is missing, malformed or does not hold for the request (RFC 9449 §7.1): 401. */
    INVALID_DPOP_PROOF(401, "invalid_dpop_proof"),
    /** A DPoP proof lacks the server's current nonce (RFC 9449 §9): 401 with {@code DPoP-Nonce}. */
    USE_DPOP_NONCE(401, "use_dpop_nonce"),
    /**
     * Valid token from a login too weak or too old for the resource (RFC 9470): 401,
     * {@code error="insufficient_user_authentication"} with {@code acr_values} and/or {@code max_age}.
     */
    INSUFFICIENT_USER_AUTHENTICATION(401, "insufficient_user_authentication");

    private final int status;
    private final String errorCode;

    Kind(int status, String errorCode) {
      this.status = status;
      this.errorCode = errorCode;
    }

    /** {@return the HTTP status of a response refusing for this reason} */
    public int status() {
      return status;
    }

    /** {@return the OAuth error code carried in the JSON body (and, where RFC 6750 defines one, the challenge)} */
    public String errorCode() {
      return errorCode;
    }
  }

  /** Name of the header MobileFirst clients read to resend a request after a 409. */
  public static final String MFP_CONFLICT_HEADER = "MFP-Conflict";
  /** Name of the header that carries a server nonce for DPoP proofs (RFC 9449 §8.1). */
  public static final String DPOP_NONCE_HEADER = "DPoP-Nonce";

  private static final int MAX_DESCRIPTION_LENGTH = 200;

  private final Kind kind;
  private final String description;
  private final Scope requiredScope;
  private final Duration retryAfter;
  private final String wwwAuthenticate;
  private final Map<String, String> headers;
  private final String realm;
  /** The DPoP challenge offered beside or instead of the Bearer one; null for none. */
  private final DpopOffer dpop;
  /** RFC 9470 step-up: the acceptable {@code acr} values (empty for none) and the longest authentication age. */
  private final java.util.List<String> acrValues;
  private final Duration maxAge;
  /** RFC 9728 and MCP: the metadata URL, and what the route needs named in a 401; null when not given. */
  private final String resourceMetadata;
  private final Scope challengeScope;

  /**
   * How this answer offers the DPoP scheme: the algorithms it accepts, whether the Bearer challenge stays
   * beside it, which of the two carries the error, and the nonce to send.
   */
  private record DpopOffer(String algs, boolean bearer, boolean errorInDpop, String nonce) {}

  private AuthenticationError(
      Kind kind, String realm, String description, Scope requiredScope, Duration retryAfter) {
    this(kind, realm, description, requiredScope, retryAfter, java.util.List.of(), null, null, null, null);
  }

  private AuthenticationError(
      Kind kind, String realm, String description, Scope requiredScope, Duration retryAfter, DpopOffer dpop) {
    this(kind, realm, description, requiredScope, retryAfter, java.util.List.of(), null, null, null, dpop);
  }

  private AuthenticationError(Kind kind, String realm, String description, Scope requiredScope,
      Duration retryAfter, java.util.List<String> acrValues, Duration maxAge, Scope challengeScope,
      String resourceMetadata, DpopOffer dpop) {
    this.kind = kind;
    this.realm = realm;
    this.acrValues = acrValues;
    this.maxAge = maxAge;
    this.challengeScope = challengeScope;
    this.resourceMetadata = resourceMetadata;
    this.description = sanitizedDescription(description);
    this.requiredScope = requiredScope;
    this.retryAfter = retryAfter;
    this.dpop = dpop;
    this.wwwAuthenticate = challenges(kind, realm, requiredScope, acrValues, maxAge, challengeScope,
        resourceMetadata, dpop);
    Map<String, String> map = new LinkedHashMap<>();
    if (wwwAuthenticate != null) {
      map.put("WWW-Authenticate", wwwAuthenticate);
    }
    if (dpop != null && dpop.nonce != null) {
      map.put(DPOP_NONCE_HEADER, dpop.nonce);
    }
    if (retryAfter != null) {
      map.put("Retry-After", Long.toString(retryAfterSeconds(retryAfter)));
    }
    if (kind == Kind.CONFLICT) {
      map.put(MFP_CONFLICT_HEADER, "true");
    }
    map.put("Cache-Control", "no-store");
    this.headers = Collections.unmodifiableMap(map);
  }

  /**
   * No token was presented (no {@code Authorization} header, or another scheme).
   *
   * @param realm the realm named in the challenge, or null for none
   * @return a 401 answer with a bare {@code Bearer} challenge
   */
  public static AuthenticationError missingToken(String realm) {
    return new AuthenticationError(Kind.MISSING_TOKEN, realm, "A bearer token is required", null, null);
  }

  /**
   * The request is malformed, for example it carries more than one token. The validator answers those
   * itself ({@link TokenValidator#validateRequest}); this factory is for stating such an answer, not for
   * deciding one.
   *
   * @param realm the realm named in the challenge, or null for none
   * @param description a short description safe to show the client
   * @return a 400 answer with {@code error="invalid_request"}
   */
  public static AuthenticationError invalidRequest(String realm, String description) {
    return new AuthenticationError(Kind.INVALID_REQUEST, realm, description, null, null);
  }

  /**
   * The token is empty, malformed, unknown, inactive or expired.
   *
   * @param realm the realm named in the challenge, or null for none
   * @param description a short description safe to show the client
   * @return a 401 answer with {@code error="invalid_token"}
   */
  public static AuthenticationError invalidToken(String realm, String description) {
    return new AuthenticationError(Kind.INVALID_TOKEN, realm, description, null, null);
  }

  /**
   * The token is valid but its scope does not cover {@code requiredScope}; with {@link Scope#empty()} when
   * the scope wanted is not known, the challenge has no {@code scope} attribute.
   *
   * @param realm the realm named in the challenge, or null for none
   * @param requiredScope the scope the resource requires, named in the challenge; empty when not known
   * @return a 403 answer with {@code error="insufficient_scope"} (and the required scope, where known)
   */
  public static AuthenticationError insufficientScope(String realm, Scope requiredScope) {
    Objects.requireNonNull(requiredScope, "requiredScope");
    return new AuthenticationError(Kind.INSUFFICIENT_SCOPE, realm,
        "The token does not cover the required scope", requiredScope, null);
  }

  /**
   * MobileFirst reported a conflict; the client SDK resends the request.
   *
   * @return a 409 answer with {@code MFP-Conflict: true} and no challenge
   */
  public static AuthenticationError conflict() {
    return new AuthenticationError(Kind.CONFLICT, null, "Conflict reported by the authorization server",
        null, null);
  }

  /**
   * The authorization server could not be asked; the client may retry after {@code retryAfter}.
   *
   * @param retryAfter how long the client should wait, sent as {@code Retry-After} in whole seconds
   * @param description a short description safe to show the client
   * @return a 503 answer with {@code Retry-After} and no challenge
   */
  public static AuthenticationError unavailable(Duration retryAfter, String description) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    return new AuthenticationError(Kind.UNAVAILABLE, null, description, null, retryAfter);
  }

  /**
   * The DPoP proof that came with the request does not hold (RFC 9449 §7.1).
   *
   * @param realm the realm named in the challenge, or null for none
   * @param description a short description safe to show the client
   * @param algs the proof algorithms accepted, space-separated, named in the challenge
   * @return a 401 answer with a {@code DPoP} challenge and {@code error="invalid_dpop_proof"}
   */
  public static AuthenticationError invalidDpopProof(String realm, String description, String algs) {
    return new AuthenticationError(Kind.INVALID_DPOP_PROOF, realm, description, null, null,
        new DpopOffer(Objects.requireNonNull(algs, "algs"), false, true, null));
  }

  /**
   * The DPoP proof lacks the server's current nonce (RFC 9449 §9): the client retries with {@code nonce}.
   *
   * @param realm the realm named in the challenge, or null for none
   * @param algs the proof algorithms accepted, space-separated, named in the challenge
   * @param nonce the nonce to use, sent as {@code DPoP-Nonce}
   * @return a 401 answer with a {@code DPoP} challenge, {@code error="use_dpop_nonce"} and {@code DPoP-Nonce}
   */
  public static AuthenticationError useDpopNonce(String realm, String algs, String nonce) {
    return new AuthenticationError(Kind.USE_DPOP_NONCE, realm, "Resend the request with the DPoP nonce given",
        null, null, new DpopOffer(Objects.requireNonNull(algs, "algs"), false, true,
            Objects.requireNonNull(nonce, "nonce")));
  }

  /**
   * This answer with a {@code DPoP} challenge (RFC 9449 §7.1) beside its {@code Bearer} one, or instead of
   * it; both go in the one {@code WWW-Authenticate} value, comma-separated (RFC 9110 §11.6.1). Answers
   * without a challenge (409, 503) are returned as they are.
   *
   * @param algs the proof algorithms accepted, space-separated
   * @param bearer whether the {@code Bearer} challenge stays (both schemes are accepted)
   * @param errorInDpop whether the {@code error} goes in the {@code DPoP} challenge (the client used that
   *     scheme) rather than the {@code Bearer} one
   * @return the answer with both challenges
   */
  public AuthenticationError withDpopChallenge(String algs, boolean bearer, boolean errorInDpop) {
    Objects.requireNonNull(algs, "algs");
    if (kind == Kind.CONFLICT || kind == Kind.UNAVAILABLE) {
      return this;
    }
    boolean dpopError = errorInDpop || !bearer || kind == Kind.INVALID_DPOP_PROOF || kind == Kind.USE_DPOP_NONCE;
    return new AuthenticationError(kind, realm, description, requiredScope, retryAfter, acrValues, maxAge,
        challengeScope, resourceMetadata, new DpopOffer(algs, bearer, dpopError, dpop == null ? null : dpop.nonce));
  }

  /**
   * The token is valid, but the user's authentication is not the one the resource requires (RFC 9470): its
   * {@code acr} is none of {@code acrValues}, or its {@code auth_time} is older than {@code maxAge}. The client
   * sends the user to log in again with these as {@code acr_values} and {@code max_age}.
   *
   * @param realm the realm named in the challenge, or null for none
   * @param acrValues the acceptable authentication context classes, named in {@code acr_values}; empty for none
   * @param maxAge the longest time since the user authenticated, named in {@code max_age} in whole seconds; null
   *     for none
   * @return a 401 answer with {@code error="insufficient_user_authentication"}
   * @throws IllegalArgumentException if neither {@code acrValues} nor {@code maxAge} is given
   */
  public static AuthenticationError insufficientUserAuthentication(String realm, java.util.List<String> acrValues,
      Duration maxAge) {
    java.util.List<String> values = java.util.List.copyOf(Objects.requireNonNull(acrValues, "acrValues"));
    if (values.isEmpty() && maxAge == null) {
      throw new IllegalArgumentException("name acr values, a maximum authentication age, or both");
    }
    return new AuthenticationError(Kind.INSUFFICIENT_USER_AUTHENTICATION, realm,
        "A stronger or more recent authentication is required", null, null, values, maxAge, null, null, null);
  }

  /**
   * This answer with the attributes that guide a client to a token (RFC 9728 §5.1, MCP authorization): in a
   * 401 and a 403, {@code resource_metadata="…"}; in a 401, {@code scope="…"} with what the resource needs
   * (a 403 {@code insufficient_scope} names its own). Other answers (400, 409, 503) are returned unchanged.
   *
   * @param scope what the resource needs; {@link Scope#empty()} names nothing
   * @param resourceMetadata the URL of the resource's metadata document, or null for none
   * @return the answer with the attributes
   */
  public AuthenticationError withChallengeAttributes(Scope scope, String resourceMetadata) {
    Objects.requireNonNull(scope, "scope");
    if (wwwAuthenticate == null || kind == Kind.INVALID_REQUEST) {
      return this;
    }
    return new AuthenticationError(kind, realm, description, requiredScope, retryAfter, acrValues, maxAge,
        kind.status == 401 && !scope.isEmpty() ? scope : null, resourceMetadata, dpop);
  }

  /** {@return the acceptable {@code acr} values, for {@link Kind#INSUFFICIENT_USER_AUTHENTICATION}; else empty} */
  public java.util.List<String> acrValues() {
    return acrValues;
  }

  /** {@return the longest authentication age, for {@link Kind#INSUFFICIENT_USER_AUTHENTICATION}; else null} */
  public Duration maxAge() {
    return maxAge;
  }

  /** {@return the metadata URL named in {@code resource_metadata}, or null} */
  public String resourceMetadata() {
    return resourceMetadata;
  }

  /** {@return why the request was refused} */
  public Kind kind() {
    return kind;
  }

  /** {@return the HTTP status to answer with} */
  public int status() {
    return kind.status;
  }

  /** {@return the {@code WWW-Authenticate} header value, or null where no challenge is due (409, 503)} */
  public String wwwAuthenticate() {
    return wwwAuthenticate;
  }

  /** {@return the scope the resource required, for {@link Kind#INSUFFICIENT_SCOPE}; null otherwise} */
  public Scope requiredScope() {
    return requiredScope;
  }

  /** {@return how long the client should wait before retrying, for {@link Kind#UNAVAILABLE}; null otherwise} */
  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * {@return a short description safe to show the client: printable ASCII, never a token, a secret or a server's
   * answer}
   */
  public String description() {
    return description;
  }

  /**
   * {@return every header the response must carry, in a stable order: {@code WWW-Authenticate} where due,
   * {@code DPoP-Nonce} where a nonce is due, {@code Retry-After}, {@code MFP-Conflict}, and
   * {@code Cache-Control: no-store}}
   */
  public Map<String, String> headers() {
    return headers;
  }

  /** {@return the response body, {@code {"error":"…","error_description":"…"}}, UTF-8 JSON} */
  public String jsonBody() {
    JsonStringEncoder encoder = JsonStringEncoder.getInstance();
    return "{\"error\":\"" + new String(encoder.quoteAsString(kind.errorCode))
        + "\",\"error_description\":\"" + new String(encoder.quoteAsString(description)) + "\"}";
  }

  @Override
  public String toString() {
    return "AuthenticationError{" + kind + ", status=" + status() + ", description=" + description + '}';
  }

  /**
   * The {@code WWW-Authenticate} value: the {@code Bearer} challenge, the {@code DPoP} one, or both in one
   * value (RFC 9110 §11.6.1); the error and what belongs to it go in the challenge of the scheme the client
   * used, the pointers to a token (scope, resource_metadata) in each. Null for answers without a challenge.
   */
  private static String challenges(Kind kind, String realm, Scope requiredScope, java.util.List<String> acrValues,
      Duration maxAge, Scope challengeScope, String resourceMetadata, DpopOffer dpop) {
    if (kind == Kind.CONFLICT || kind == Kind.UNAVAILABLE) {
      return null;
    }
    StringBuilder value = new StringBuilder(96);
    if (dpop == null || dpop.bearer) {
      challenge(value, "Bearer", dpop == null || !dpop.errorInDpop ? kind : Kind.MISSING_TOKEN, realm,
          requiredScope, acrValues, maxAge, challengeScope, resourceMetadata, null);
    }
    if (dpop != null) {
      if (value.length() > 0) {
        value.append(", ");
      }
      challenge(value, "DPoP", dpop.errorInDpop ? kind : Kind.MISSING_TOKEN, realm, requiredScope, acrValues,
          maxAge, challengeScope, resourceMetadata, dpop.algs);
    }
    return value.toString();
  }

  /** One scheme's challenge; {@code kind} MISSING_TOKEN for one without an error. */
  private static void challenge(StringBuilder value, String scheme, Kind kind, String realm, Scope requiredScope,
      java.util.List<String> acrValues, Duration maxAge, Scope challengeScope, String resourceMetadata,
      String algs) {
    value.append(scheme);
    String separator = " ";
    if (realm != null && !realm.isEmpty()) {
      value.append(separator);
      appendAttribute(value, "realm", realm);
      separator = ", ";
    }
    if (kind != Kind.MISSING_TOKEN) {
      value.append(separator);
      appendAttribute(value, "error", kind.errorCode);
      // an empty scope names nothing: a denial whose wanted scope is unknown (an adapter's access-denied hook)
      if (kind == Kind.INSUFFICIENT_SCOPE && !requiredScope.isEmpty()) {
        value.append(", ");
        appendAttribute(value, "scope", requiredScope.toString());
      }
      if (!acrValues.isEmpty()) {
        value.append(", ");
        appendAttribute(value, "acr_values", String.join(" ", acrValues));
      }
      if (maxAge != null) {
        value.append(", ");
        appendAttribute(value, "max_age", Long.toString(maxAge.getSeconds()));
      }
      separator = ", ";
    }
    if (challengeScope != null) {
      value.append(separator);
      appendAttribute(value, "scope", challengeScope.toString());
      separator = ", ";
    }
    if (resourceMetadata != null) {
      value.append(separator);
      appendAttribute(value, "resource_metadata", resourceMetadata);
      separator = ", ";
    }
    if (algs != null) {
      value.append(separator);
      appendAttribute(value, "algs", algs);
    }
  }

  /** Appends {@code name="value"} as an RFC 7235 quoted-string; control and non-ASCII characters become '?'. */
  private static void appendAttribute(StringBuilder out, String name, String value) {
    out.append(name).append("=\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c >= 0x7F) {
        out.append('?');
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static String sanitizedDescription(String description) {
    if (description == null || description.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(description.length(), MAX_DESCRIPTION_LENGTH));
    for (int i = 0; i < description.length() && out.length() < MAX_DESCRIPTION_LENGTH; i++) {
      char c = description.charAt(i);
      // RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E
      out.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? c : ' ');
    }
    return out.toString();
  }

  private static long retryAfterSeconds(Duration retryAfter) {
    long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
