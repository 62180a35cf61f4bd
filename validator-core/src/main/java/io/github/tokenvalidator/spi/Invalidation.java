package io.github.tokenvalidator.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What every instance of a fleet must stop trusting: one token's answer, or every answer for a subject or
 * a client issued before a given time (a logout, a compromised client). Immutable and thread-safe.
 */
public final class Invalidation {
  /** What the invalidation names. */
  public enum Kind {
    /** One token, by its {@link StoreKey}. */
    TOKEN,
    /** Every token of a subject ({@code sub}) issued before a time. */
    SUBJECT,
    /** Every token of a client ({@code client_id}) issued before a time. */
    CLIENT
  }

  private final Kind kind;
  private final StoreKey token;
  private final String issuer;
  private final String name;
  private final Instant issuedBefore;

  private Invalidation(Kind kind, StoreKey token, String issuer, String name, Instant issuedBefore) {
    this.kind = kind;
    this.token = token;
    this.issuer = issuer;
    this.name = name;
    this.issuedBefore = issuedBefore;
  }

  /**
   * One token's answer.
   *
   * @param token the key of its answer
   * @return the invalidation
   */
  public static Invalidation ofToken(StoreKey token) {
    Objects.requireNonNull(token, "token");
    return new Invalidation(Kind.TOKEN, token, token.issuer(), null, null);
  }

  /**
   * Every answer of {@code issuer} for {@code subject} whose token was issued ({@code iat}) before
   * {@code issuedBefore}; an answer without {@code iat} counts as issued before.
   *
   * @param issuer the issuer, as in {@link StoreKey#issuer()}
   * @param subject the {@code sub}
   * @param issuedBefore the time
   * @return the invalidation
   */
  public static Invalidation ofSubject(String issuer, String subject, Instant issuedBefore) {
    return new Invalidation(Kind.SUBJECT, null, Objects.requireNonNull(issuer, "issuer"),
        Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(issuedBefore, "issuedBefore"));
  }

  /**
   * Every answer of {@code issuer} for {@code clientId} whose token was issued before {@code issuedBefore}.
   *
   * @param issuer the issuer, as in {@link StoreKey#issuer()}
   * @param clientId the {@code client_id}
   * @param issuedBefore the time
   * @return the invalidation
   */
  public static Invalidation ofClient(String issuer, String clientId, Instant issuedBefore) {
    return new Invalidation(Kind.CLIENT, null, Objects.requireNonNull(issuer, "issuer"),
        Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(issuedBefore, "issuedBefore"));
  }

  /** {@return what the invalidation names} */
  public Kind kind() {
    return kind;
  }

  /** {@return for {@link Kind#TOKEN}, the token's key; otherwise null} */
  public StoreKey token() {
    return token;
  }

  /** {@return the issuer} */
  public String issuer() {
    return issuer;
  }

  /** {@return for {@link Kind#SUBJECT} the subject, for {@link Kind#CLIENT} the client id; otherwise null} */
  public String name() {
    return name;
  }

  /** {@return for {@link Kind#SUBJECT} and {@link Kind#CLIENT}, the time; otherwise null} */
  public Instant issuedBefore() {
    return issuedBefore;
  }
}
