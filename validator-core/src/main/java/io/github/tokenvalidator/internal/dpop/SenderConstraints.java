package io.github.tokenvalidator.internal.dpop;

import io.github.tokenvalidator.AuthenticationError;
import io.github.tokenvalidator.RequestView;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.ValidationResult;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sender-constrained tokens around the engine: a {@code DPoP} request's proof is checked before its token
 * is looked up (RFC 9449 §4.3, §7), and every token's answer is held against its {@code cnf} binding — the
 * proof's key ({@code jkt}), the client certificate ({@code x5t#S256}, RFC 8705 §3) — before it is let
 * through. A bound token is never a bearer token, whatever {@code dpop.mode} says. Thread-safe.
 *
 * <p>Refusals decided here are reported to the listener through the engine, as the request policy's are.
 */
public final class SenderConstraints {
  private static final String DPOP = "dpop";
  private static final String BEARER = "bearer";
  private static final String DPOP_HEADER = "DPoP";
  /** The algorithms a proof may use, as a challenge's {@code algs} names them. */
  static final String ALGS = ProofVerifier.ALGORITHMS.stream().map(JwsAlgorithm::name)
      .collect(Collectors.joining(" "));

  private final ValidationEngine engine;
  private final RequestUris requestUris;
  private final DpopSettings.Mode mode;
  /** Whether {@code dpop.mode} was set: only then do challenges offer the DPoP scheme. */
  private final boolean offerDpop;
  private final String realm;
  private final int maxTokenLength;
  private final ProofVerifier proofs;
  private final ReplayGuard replays;
  /** Null unless {@code dpop.nonce}. */
  private final DpopNonces nonces;
  private final ClientCertificates certificates;

  /**
   * The checks for one validator.
   *
   * @param config its configuration
   * @param engine its engine, which resolves the tokens and hears of refusals
   * @param requestUris how it tells the URI the client sent
   */
  public SenderConstraints(ValidatorConfig config, ValidationEngine engine, RequestUris requestUris) {
    this.engine = engine;
    this.requestUris = requestUris;
    DpopSettings.Mode configured = config.get(DpopSettings.MODE);
    this.mode = configured == null ? DpopSettings.Mode.ALLOWED : configured;
    this.offerDpop = configured != null && configured != DpopSettings.Mode.OFF;
    this.realm = config.get(RequestSettings.REALM);
    this.maxTokenLength = config.get(RequestSettings.MAX_TOKEN_LENGTH);
    Duration window = config.get(DpopSettings.IAT_WINDOW);
    this.proofs = new ProofVerifier(config.clock(), window);
    Duration requestTimeout = config.get(TransportSettings.REQUEST_TIMEOUT);
    Duration storeBound = Duration.ofMillis(250).compareTo(requestTimeout) < 0 ? Duration.ofMillis(250) : requestTimeout;
    this.replays = new ReplayGuard(window, config.ticker(), config.sharedStore(),
        ValidationEngine.issuerIdentity(config), String.join(",", config.get(JwtSettings.AUDIENCE)), storeBound);
    this.nonces = config.get(DpopSettings.NONCE)
        ? new DpopNonces(config.get(DpopSettings.NONCE_SECRET), config.clock(), window) : null;
    this.certificates = new ClientCertificates(TrustedProxies.of(config.get(RequestSettings.TRUSTED_PROXIES)));
  }

  /**
   * The answer for a request the request policy let through, blocking while its token is resolved.
   *
   * @param request the request
   * @param authorization its one {@code Authorization} value, or null
   * @param required the scope the resource requires
   * @return the answer
   */
  public ValidationResult validate(RequestView request, String authorization, Scope required) {
    Object checked = checkProof(request, authorization);
    if (checked instanceof ValidationResult) {
      return (ValidationResult) checked;
    }
    Presented presented = (Presented) checked;
    if (presented.replayCheck != null && !presented.replayCheck.join()) {
      return replayed();
    }
    return bind(request, presented, engine.validate(authorization, presented.scheme, required));
  }

  /**
   * As {@link #validate(RequestView, String, Scope)}, without blocking. The request is read before this
   * returns.
   *
   * @param request the request
   * @param authorization its one {@code Authorization} value, or null
   * @param required the scope the resource requires
   * @return a future of the answer
   */
  public CompletableFuture<ValidationResult> validateAsync(RequestView request, String authorization,
      Scope required) {
    Object checked = checkProof(request, authorization);
    if (checked instanceof ValidationResult) {
      return CompletableFuture.completedFuture((ValidationResult) checked);
    }
    Presented presented = (Presented) checked;
    // what bind needs of the request is read now: the view belongs to the request's thread
    String certificate = certificates.thumbprint(request);
    Function<ValidationResult, ValidationResult> bind = result -> bind(certificate, presented, result);
    if (presented.replayCheck == null) {
      return engine.validateAsync(authorization, presented.scheme, required).thenApply(bind);
    }
    return presented.replayCheck.thenCompose(first -> first
        ? engine.validateAsync(authorization, presented.scheme, required).thenApply(bind)
        : CompletableFuture.completedFuture(replayed()));
  }

  /**
   * The answer for an {@code Authorization} value alone, without the request: only bearer tokens bound to
   * nothing can pass, since neither a proof nor a certificate can be shown.
   *
   * @param result the engine's answer for the value
   * @return the answer
   */
  public ValidationResult bearerOnly(ValidationResult result) {
    return bind((String) null, Presented.BEARER, result);
  }

  /** How a request presented its token: the scheme, and for DPoP the proof and its pending replay check. */
  private record Presented(String scheme, Proof proof, CompletableFuture<Boolean> replayCheck) {
    static final Presented BEARER = new Presented(SenderConstraints.BEARER, null, null);
  }

  /** The refusal a proof earns, or how the token was presented. */
  private Object checkProof(RequestView request, String authorization) {
    long located = mode == DpopSettings.Mode.OFF ? BearerHeader.MISSING
        : BearerHeader.locate(authorization, DPOP, maxTokenLength);
    if (located == BearerHeader.MISSING) {
      if (mode == DpopSettings.Mode.REQUIRED
          && BearerHeader.locate(authorization, BEARER, maxTokenLength) != BearerHeader.MISSING) {
        return reject(AuthenticationError.invalidToken(realm, "A DPoP-bound token with its DPoP proof is required")
            .withDpopChallenge(ALGS, false, true));
      }
      return Presented.BEARER;
    }
    if (located == BearerHeader.MALFORMED
        || !BearerHeader.isB64Token(authorization, BearerHeader.start(located), BearerHeader.end(located))) {
      return new Presented(DPOP, null, null); // the engine refuses the token as malformed
    }
    String token = authorization.substring(BearerHeader.start(located), BearerHeader.end(located));
    List<String> proofValues = request.headers(DPOP_HEADER);
    if (proofValues.size() != 1) {
      return invalidProof(proofValues.isEmpty() ? "A DPoP proof is required with the DPoP scheme"
          : "More than one DPoP proof");
    }
    String requestUri = HttpUris.normalize(requestUris.of(request).toString());
    Proof proof;
    try {
      proof = proofs.verify(proofValues.get(0), request.method(), requestUri, token);
    } catch (InvalidProofException e) {
      return invalidProof(e.getMessage());
    }
    if (nonces != null && !nonces.accepts(proof.nonce())) {
      return reject(AuthenticationError.useDpopNonce(realm, ALGS, nonces.fresh())
          .withDpopChallenge(ALGS, offerDpop && mode != DpopSettings.Mode.REQUIRED, true));
    }
    return new Presented(DPOP, proof, replays.firstUse(proof.thumbprint(), proof.jti()));
  }

  private ValidationResult bind(RequestView request, Presented presented, ValidationResult result) {
    // the certificate is looked for only when a valid token is bound to one
    return bind(result.isValid() && needsCertificate(result) ? certificates.thumbprint(request) : null,
        presented, result);
  }

  private static boolean needsCertificate(ValidationResult result) {
    Confirmation cnf = Confirmation.of(result.token());
    return cnf != null && cnf.x5t() != null;
  }

  /** The engine's answer held against the token's binding, with the challenges this validator offers. */
  private ValidationResult bind(String certificate, Presented presented, ValidationResult result) {
    boolean dpop = DPOP.equals(presented.scheme);
    if (!result.isValid()) {
      return offerDpop || dpop && result.error().wwwAuthenticate() != null && mode != DpopSettings.Mode.OFF
          ? ValidationResult.invalid(result.error().withDpopChallenge(ALGS, mode != DpopSettings.Mode.REQUIRED, dpop))
          : result;
    }
    Confirmation cnf = Confirmation.of(result.token());
    if (cnf == null) {
      return refuse(dpop, "The token's cnf claim is malformed");
    }
    if (cnf.jkt() != null && !dpop) {
      return refuse(false, "The token is bound to a DPoP key: send it with the DPoP scheme and a proof");
    }
    if (dpop && cnf.jkt() == null) {
      return refuse(true, "The token is not bound to a DPoP key");
    }
    if (dpop && !Thumbprints.same(cnf.jkt(), presented.proof.thumbprint())) {
      return reject(invalidProofError("The DPoP proof's key is not the one the token is bound to"));
    }
    if (cnf.x5t() != null && !Thumbprints.same(cnf.x5t(), certificate)) {
      return refuse(dpop, "The token is bound to a client certificate the request did not present");
    }
    if (dpop && nonces != null) {
      return ValidationResult.valid(result.token(), Map.of(AuthenticationError.DPOP_NONCE_HEADER, nonces.fresh()));
    }
    return result;
  }

  private ValidationResult refuse(boolean dpop, String description) {
    AuthenticationError error = AuthenticationError.invalidToken(realm, description);
    return reject(offerDpop || dpop ? error.withDpopChallenge(ALGS, mode != DpopSettings.Mode.REQUIRED, dpop) : error);
  }

  private ValidationResult replayed() {
    return invalidProof("The DPoP proof was used before");
  }

  private ValidationResult invalidProof(String description) {
    return reject(invalidProofError(description));
  }

  private AuthenticationError invalidProofError(String description) {
    AuthenticationError error = AuthenticationError.invalidDpopProof(realm, description, ALGS);
    return offerDpop && mode != DpopSettings.Mode.REQUIRED ? error.withDpopChallenge(ALGS, true, true) : error;
  }

  private ValidationResult reject(AuthenticationError error) {
    return engine.rejectedRequest(ValidationResult.invalid(error));
  }
}
