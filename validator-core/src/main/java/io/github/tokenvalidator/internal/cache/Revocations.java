package io.github.tokenvalidator.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.spi.Invalidation;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this instance was told to stop trusting: drops the matching answers from its own cache and keeps the
 * "issued before" markers of subjects and clients, which then refuse matching answers however they were
 * resolved (introspected, verified locally, read from the shared store), also while the shared store is
 * away. Markers are kept in memory, the newest time per subject or client, at most
 * {@value #MAX_MARKERS} of them (the least recently set go first). Thread-safe.
 */
public final class Revocations {
  private static final Logger LOG = LoggerFactory.getLogger(Revocations.class);
  static final int MAX_MARKERS = 100_000;

  private final AnswerCache cache;
  private final Function<String, int[]> issuerTags;
  /** The issuer's tag, "s" or "c", a NUL, then the subject or client id → the newest issued-before time. */
  private final Cache<String, Instant> markers = Caffeine.newBuilder().maximumSize(MAX_MARKERS)
      .executor(Runnable::run).build();
  /** Whether any marker was ever set: the hit path asks nothing more while none was. */
  private volatile boolean any;

  /**
   * Revocations for the answers in {@code cache}.
   *
   * @param cache this instance's cache
   * @param issuerTags the tags in the cache's keys ({@link TokenKey#withIssuer}) of each configured issuer's
   *     answers, by its identity in invalidations (as in the shared store's keys); none for an issuer not
   *     configured here. The first tag shifted right by one is the issuer's place, which marks are kept under.
   */
  public Revocations(AnswerCache cache, Function<String, int[]> issuerTags) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.issuerTags = Objects.requireNonNull(issuerTags, "issuerTags");
  }

  /**
   * Applies an invalidation of this issuer (others are ignored): drops the matching cached answers and, for
   * a subject or a client, keeps its marker. Never throws.
   *
   * @param invalidation what to stop trusting
   */
  public void apply(Invalidation invalidation) {
    try {
      int[] tags = issuerTags.apply(invalidation.issuer());
      if (tags.length == 0) {
        return;
      }
      if (invalidation.kind() == Invalidation.Kind.TOKEN) {
        for (int tag : tags) {
          cache.invalidate(TokenKey.ofDigest(invalidation.token().digest()).withIssuer(tag));
        }
        return;
      }
      int issuer = tags[0] >> 1;
      String marker = markerKey(issuer, invalidation.kind(), invalidation.name());
      markers.asMap().merge(marker, invalidation.issuedBefore(), (a, b) -> a.isAfter(b) ? a : b);
      any = true;
      for (int tag : tags) {
        cache.invalidateIf(tag, info -> refuses(issuer, info));
      }
    } catch (RuntimeException e) {
      LOG.warn("An invalidation could not be applied: {}", e.toString());
    }
  }

  /**
   * Whether a marker refuses {@code info}: its subject's or client's, when the token was issued before the
   * marker's time or says nothing of when it was issued.
   *
   * @param issuer the place of the issuer that answered (its cache keys' tag shifted right by one)
   * @param info an answer
   * @return whether it must be refused
   */
  public boolean refuses(int issuer, TokenInfo info) {
    if (!any) {
      return false;
    }
    return info.subject() != null && before(info, markers.getIfPresent(markerKey(issuer, Invalidation.Kind.SUBJECT,
        info.subject())))
        || info.clientId() != null && before(info, markers.getIfPresent(markerKey(issuer, Invalidation.Kind.CLIENT,
        info.clientId())));
  }

  /** {@return whether any marker was ever set: when not, {@link #refuses} is always false} */
  public boolean any() {
    return any;
  }

  private static boolean before(TokenInfo info, Instant issuedBefore) {
    return issuedBefore != null && (info.issuedAt() == null || info.issuedAt().isBefore(issuedBefore));
  }

  private static String markerKey(int issuer, Invalidation.Kind kind, String name) {
    return issuer + (kind == Invalidation.Kind.SUBJECT ? "s" : "c") + '\0' + name;
  }
}
