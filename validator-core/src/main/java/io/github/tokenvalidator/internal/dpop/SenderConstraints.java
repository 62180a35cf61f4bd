package io.github.tokenvalidator.internal.dpop;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.RequestView;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.ValidationResult;
import io.github.tokenvalidator.internal.IssuerRouter;
import io.github.tokenvalidator.internal.ValidationEngine;
import io.github.tokenvalidator.internal.config.DpopSettings;
import io.github.tokenvalidator.internal.config.JwtSettings;
import io.github.tokenvalidator.internal.config.RequestSettings;
import io.github.tokenvalidator.internal.config.TransportSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.internal.jwt.JwsAlgorithm;
import io.github.tokenvalidator.internal.request.BearerHeader;
import io.github.tokenvalidator.internal.request.RequestUris;
import io.github.tokenvalidator.internal.request.TrustedProxies;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sender-constrained tokens around the engine: a {@code DPoP} request's proof is checked before its token
 * is looked up (RFC 9449 §4.3, §7), and every token's answer is held against its {@code cnf} binding — the
 * proof's key ({@code jkt}), the client certificate ({@code x5t#S256}, RFC 8705 §3) — before it is let
 * through. A bound token is never a bearer token, whatever {@code dpop.mode} says. Thread-safe.
 *
 * <p>{@code dpop.mode}, {@code dpop.nonce} and {@code dpop.nonce-secret} are each issuer's: a proof is
 * checked before the token's issuer is known (against the validator-wide {@code dpop.iat-window} and replay
 * set), the issuer's mode and nonces once its answer names it ({@link TokenInfo#issuerGroup()}). Answers
 * made before an issuer is known (no token, a malformed one, a bad proof) offer what the default issuer
 * does. Refusals decided here are reported to the listener through the engine, as the request policy's are.
 */
public final class SenderConstraints {
  private static final String DPOP = "dpop";
  private static final String BEARER = "bearer";
  private static final String DPOP_HEADER = "DPoP";
  /** The algorithms a proof may use, as a challenge's {@code algs} names them. */
  static final String ALGS = String.join(" ", proofAlgorithms());

  private final ValidationEngine engine;
  private final RequestUris requestUris;
  private final String realm;
  private final int maxTokenLength;
  private final ProofVerifier proofs;
  private final ReplayGuard replays;
  private final ClientCertificates certificates;
  /** The default issuer's settings: for answers made before a token's issuer is known. */
  private final IssuerDpop defaults;
  /** Each issuer's, by name. */
  private final Map<String, IssuerDpop> byIssuer = new HashMap<>();
  /** Whether some issuer accepts the DPoP scheme: when none does, {@code DPoP} is an unknown scheme. */
  private final boolean anyAcceptsDpop;

  /** One issuer's DPoP settings. */
  private static final class IssuerDpop {
    final DpopSettings.Mode mode;
    /** Whether {@code dpop.mode} was set: only then do challenges offer the DPoP scheme. */
    final boolean offer;
    /** Null unless {@code dpop.nonce}. */
    final DpopNonces nonces;

    IssuerDpop(ValidatorConfig config, Duration window) {
      DpopSettings.Mode configured = config.get(DpopSettings.MODE);
      this.mode = configured == null ? DpopSettings.Mode.ALLOWED : configured;
      this.offer = configured != null && configured != DpopSettings.Mode.OFF;
      this.nonces = config.get(DpopSettings.NONCE)
          ? new DpopNonces(config.get(DpopSettings.NONCE_SECRET), config.clock(), window) : null;
    }

    /** {@code error} with the DPoP challenge this issuer offers, the error in it when the client used DPoP. */
    AuthenticationError challenged(AuthenticationError error, boolean dpop) {
      return offer || dpop && mode != DpopSettings.Mode.OFF && error.wwwAuthenticate() != null
          ? error.withDpopChallenge(ALGS, mode != DpopSettings.Mode.REQUIRED, dpop) : error;
    }
  }

  /**
   * The checks for one validator.
   *
   * @param config its configuration (its issuers' included)
   * @param engine its engine, which resolves the tokens and hears of refusals
   * @param requestUris how it tells the URI the client sent
   */
  public SenderConstraints(ValidatorConfig config, ValidationEngine engine, RequestUris requestUris) {
    this.engine = engine;
    this.requestUris = requestUris;
    this.realm = config.get(RequestSettings.REALM);
    this.maxTokenLength = config.get(RequestSettings.MAX_TOKEN_LENGTH);
    Duration window = config.get(DpopSettings.IAT_WINDOW);
    this.proofs = new ProofVerifier(config.clock(), window);
    Duration requestTimeout = config.get(TransportSettings.REQUEST_TIMEOUT);
    Duration storeBound = Duration.ofMillis(250).compareTo(requestTimeout) < 0 ? Duration.ofMillis(250) : requestTimeout;
    this.replays = new ReplayGuard(window, config.ticker(), config.sharedStore(), identity(config),
        String.join(",", config.get(JwtSettings.AUDIENCE)), storeBound);
    this.certificates = new ClientCertificates(TrustedProxies.of(config.get(RequestSettings.TRUSTED_PROXIES)));
    boolean accepts = false;
    for (ValidatorConfig issuer : config.issuers()) {
      IssuerDpop settings = new IssuerDpop(issuer, window);
      byIssuer.put(issuer.issuerName(), settings);
      accepts |= settings.mode != DpopSettings.Mode.OFF;
    }
    this.defaults = byIssuer.get(config.issuerName());
    this.anyAcceptsDpop = accepts;
  }

  /** Who the replay set's shared keys name: the JWT issuer, else the introspection endpoint (as answers'). */
  private static String identity(ValidatorConfig config) {
    String issuer = config.get(JwtSettings.ISSUER);
    return issuer != null ? issuer : String.valueOf(config.introspectionEndpoint());
  }

  /**
   * The answer for a request the request policy let through, blocking while its token is resolved.
   *
   * @param request the request
   * @param authorization its one {@code Authorization} value, or null
   * @param required the scope the resource requires
   * @param route the issuers the resource accepts; null for every one
   * @return the answer
   */
  public ValidationResult validate(RequestView request, String authorization, Scope required,
      IssuerRouter.Selection route) {
    Object checked = checkProof(request, authorization);
    if (checked instanceof ValidationResult) {
      return (ValidationResult) checked;
    }
    Presented presented = (Presented) checked;
    if (presented.replayCheck != null && !presented.replayCheck.join()) {
      return replayed();
    }
    ValidationResult result = engine.validate(authorization, presented.scheme, required, orAll(route));
    // the certificate is looked for only when a valid token is bound to one
    Confirmation cnf = result.isValid() ? Confirmation.of(result.token()) : null;
    return bind(cnf != null && cnf.x5t() != null ? certificates.thumbprint(request) : null, presented, result);
  }

  /**
   * As {@link #validate(RequestView, String, Scope, IssuerRouter.Selection)}, without blocking. The request
   * is read before this returns.
   *
   * @param request the request
   * @param authorization its one {@code Authorization} value, or null
   * @param required the scope the resource requires
   * @param route the issuers the resource accepts; null for every one
   * @return a future of the answer
   */
  public CompletableFuture<ValidationResult> validateAsync(RequestView request, String authorization,
      Scope required, IssuerRouter.Selection route) {
    Object checked = checkProof(request, authorization);
    if (checked instanceof ValidationResult) {
      return CompletableFuture.completedFuture((ValidationResult) checked);
    }
    Presented presented = (Presented) checked;
    // what bind needs of the request is read now: the view belongs to the request's thread
    String certificate = certificates.thumbprint(request);
    Function<ValidationResult, ValidationResult> bind = result -> bind(certificate, presented, result);
    if (presented.replayCheck == null) {
      return engine.validateAsync(authorization, presented.scheme, required, orAll(route)).thenApply(bind);
    }
    return presented.replayCheck.thenCompose(first -> first
        ? engine.validateAsync(authorization, presented.scheme, required, orAll(route)).thenApply(bind)
        : CompletableFuture.completedFuture(replayed()));
  }

  private IssuerRouter.Selection orAll(IssuerRouter.Selection route) {
    return route != null ? route : engine.allIssuers();
  }

  /**
   * The answer for an {@code Authorization} value alone, without the request: only bearer tokens bound to
   * nothing can pass, since neither a proof nor a certificate can be shown.
   *
   * @param result the engine's answer for the value
   * @return the answer
   */
  public ValidationResult bearerOnly(ValidationResult result) {
    return bind(null, Presented.BEARER, result);
  }

  /** How a request presented its token: the scheme, and for DPoP the proof and its pending replay check. */
  private record Presented(String scheme, Proof proof, CompletableFuture<Boolean> replayCheck) {
    static final Presented BEARER = new Presented(SenderConstraints.BEARER, null, null);
  }

  /** The refusal a proof earns, or how the token was presented. */
  private Object checkProof(RequestView request, String authorization) {
    long located = anyAcceptsDpop ? BearerHeader.locate(authorization, DPOP, maxTokenLength) : BearerHeader.MISSING;
    if (located == BearerHeader.MISSING) {
      return Presented.BEARER;
    }
    if (located == BearerHeader.MALFORMED
        || !BearerHeader.isB64Token(authorization, BearerHeader.start(located), BearerHeader.end(located))) {
      return new Presented(DPOP, null, null); // the engine refuses the token as malformed
    }
    String token = authorization.substring(BearerHeader.start(located), BearerHeader.end(located));
    List<String> proofValues = request.headers(DPOP_HEADER);
    if (proofValues.size() != 1) {
      return invalidProof(defaults, proofValues.isEmpty() ? "A DPoP proof is required with the DPoP scheme"
          : "More than one DPoP proof");
    }
    String requestUri = HttpUris.normalize(requestUris.of(request).toString());
    Proof proof;
    try {
      proof = proofs.verify(proofValues.get(0), request.method(), requestUri, token);
    } catch (InvalidProofException e) {
      return invalidProof(defaults, e.getMessage());
    }
    return new Presented(DPOP, proof, replays.firstUse(proof.thumbprint(), proof.jti()));
  }

  /** The engine's answer held against the token's binding and its issuer's mode, with that issuer's challenges. */
  private ValidationResult bind(String certificate, Presented presented, ValidationResult result) {
    boolean dpop = DPOP.equals(presented.scheme);
    if (!result.isValid()) {
      AuthenticationError challenged = defaults.challenged(result.error(), dpop);
      return challenged == result.error() ? result : ValidationResult.invalid(challenged);
    }
    TokenInfo token = result.token();
    IssuerDpop issuer = token.issuerGroup() == null ? defaults : byIssuer.getOrDefault(token.issuerGroup(), defaults);
    Confirmation cnf = Confirmation.of(token);
    if (cnf == null) {
      return refuse(issuer, dpop, "The token's cnf claim is malformed");
    }
    if (cnf.jkt() != null && !dpop) {
      return refuse(issuer, false, "The token is bound to a DPoP key: send it with the DPoP scheme and a proof");
    }
    if (dpop && issuer.mode == DpopSettings.Mode.OFF) {
      return refuse(issuer, true, "The DPoP scheme is not accepted for this token's issuer");
    }
    if (!dpop && issuer.mode == DpopSettings.Mode.REQUIRED) {
      return refuse(issuer, false, "A DPoP-bound token with its DPoP proof is required");
    }
    if (dpop && cnf.jkt() == null) {
      return refuse(issuer, true, "The token is not bound to a DPoP key");
    }
    if (dpop && !Thumbprints.same(cnf.jkt(), presented.proof.thumbprint())) {
      return invalidProof(issuer, "The DPoP proof's key is not the one the token is bound to");
    }
    if (cnf.x5t() != null && !Thumbprints.same(cnf.x5t(), certificate)) {
      return refuse(issuer, dpop, "The token is bound to a client certificate the request did not present");
    }
    if (dpop && issuer.nonces != null) {
      if (!issuer.nonces.accepts(presented.proof.nonce())) {
        return reject(issuer.challenged(AuthenticationError.useDpopNonce(realm, ALGS, issuer.nonces.fresh()), true));
      }
      return ValidationResult.valid(token, Map.of(AuthenticationError.DPOP_NONCE_HEADER, issuer.nonces.fresh()));
    }
    return result;
  }

  private ValidationResult refuse(IssuerDpop issuer, boolean dpop, String description) {
    return reject(issuer.challenged(AuthenticationError.invalidToken(realm, description), dpop));
  }

  private ValidationResult replayed() {
    return invalidProof(defaults, "The DPoP proof was used before");
  }

  private ValidationResult invalidProof(IssuerDpop issuer, String description) {
    return reject(issuer.challenged(AuthenticationError.invalidDpopProof(realm, description, ALGS), true));
  }

  private ValidationResult reject(AuthenticationError error) {
    return engine.rejectedRequest(ValidationResult.invalid(error));
  }

  /**
   * {@return the algorithms a DPoP proof may use, in the order challenges and metadata name them (the
   * {@code algs} attribute, RFC 9728's {@code dpop_signing_alg_values_supported})}
   */
  public static List<String> proofAlgorithms() {
    return ProofVerifier.ALGORITHMS.stream().map(JwsAlgorithm::name).toList();
  }
}
