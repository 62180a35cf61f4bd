package io.github.tokenvalidator.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tokenvalidator.TokenValidator;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicrometerValidationListenerTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final MockAuthorizationServer server = MockAuthorizationServer.start(clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TokenValidator validator;

  @AfterEach
  void close() {
    if (validator != null) {
      validator.close();
    }
    server.close();
  }

  private TokenValidator validator(TokenValidator.Builder builder) {
    validator = builder.clock(clock).ticker(clock)
        .listener(MicrometerValidationListener.create(registry, List.of(Tag.of("app", "bank"))))
        .build();
    return validator;
  }

  /** Summed over the issuer tag's values, unless the tags name one. */
  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private long timerCount(String name, String... tags) {
    return registry.get(name).tags(tags).timers().stream().mapToLong(t -> t.count()).sum();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauges().stream().mapToDouble(g -> g.value()).sum();
  }

  @Test
  void everyMeterReadsZeroBeforeAnyEvent() {
    validator(server.validatorBuilder());

    assertThat(count("tokenvalidator.cache.gets", "result", "hit")).isZero();
    assertThat(count("tokenvalidator.cache.gets", "result", "miss")).isZero();
    assertThat(count("tokenvalidator.cache.coalesced")).isZero();
    assertThat(count("tokenvalidator.cache.stale")).isZero();
    for (String outcome : List.of("active", "inactive", "conflict", "failed")) {
      assertThat(timerCount("tokenvalidator.introspections", "outcome", outcome)).isZero();
    }
    assertThat(timerCount("tokenvalidator.key.fetches", "outcome", "failure")).isZero();
    assertThat(timerCount("tokenvalidator.own.token.renewals", "outcome", "success")).isZero();
    assertThat(count("tokenvalidator.rejections", "kind", "insufficient_scope")).isZero();
    assertThat(gauge("tokenvalidator.introspections.active")).isZero();
    assertThat(gauge("tokenvalidator.failing.fast", "upstream", "authorization-server")).isZero();
    assertThat(gauge("tokenvalidator.failing.fast", "upstream", "key-server")).isZero();
    for (String outcome : List.of("hit", "miss", "error", "refused")) {
      assertThat(count("tokenvalidator.shared.cache.reads", "outcome", outcome)).isZero();
    }
    assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags()).contains(Tag.of("app", "bank")));
  }

  @Test
  void cacheGetsIntrospectionsRenewalsAndRejectionsAreCounted() {
    server.activeToken("alice-token", "accessRestricted", "alice");
    validator(server.validatorBuilder());

    assertThat(validator.validate("Bearer alice-token", "accessRestricted").isValid()).isTrue();
    assertThat(validator.validate("Bearer alice-token", "accessRestricted").isValid()).isTrue();
    assertThat(validator.validate("Bearer alice-token", "admin").isValid()).isFalse();
    assertThat(validator.validate("Bearer unknown-token").isValid()).isFalse();
    assertThat(validator.validate(null).isValid()).isFalse();

    assertThat(count("tokenvalidator.cache.gets", "result", "miss")).isEqualTo(2);
    assertThat(count("tokenvalidator.cache.gets", "result", "hit")).isEqualTo(2);
    assertThat(timerCount("tokenvalidator.introspections", "outcome", "active")).isEqualTo(1);
    assertThat(timerCount("tokenvalidator.introspections", "outcome", "inactive")).isEqualTo(1);
    assertThat(timerCount("tokenvalidator.own.token.renewals", "outcome", "success")).isEqualTo(1);
    assertThat(count("tokenvalidator.rejections", "kind", "insufficient_scope")).isEqualTo(1);
    assertThat(count("tokenvalidator.rejections", "kind", "invalid_token")).isEqualTo(1);
    assertThat(count("tokenvalidator.rejections", "kind", "missing_token")).isEqualTo(1);
    assertThat(gauge("tokenvalidator.introspections.active")).isZero();
  }

  @Test
  void conflictFailureStaleAnswerAndFailingFastAreRecorded() {
    server.activeToken("alice-token", "accessRestricted", "alice");
    validator(server.validatorBuilder().failureThreshold(1).failureBackoff(Duration.ofSeconds(30))
        .cacheMaxTtl(Duration.ofMinutes(1)));
    assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();

    server.enqueueIntrospection(new MockResponse().setResponseCode(409));
    assertThat(validator.validate("Bearer conflicting-token").error().status()).isEqualTo(409);
    assertThat(timerCount("tokenvalidator.introspections", "outcome", "conflict")).isEqualTo(1);
    assertThat(count("tokenvalidator.rejections", "kind", "conflict")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    server.enqueueIntrospection(new MockResponse().setResponseCode(500));
    assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
    assertThat(count("tokenvalidator.cache.stale")).isEqualTo(1);
    assertThat(timerCount("tokenvalidator.introspections", "outcome", "failed")).isEqualTo(1);
    assertThat(gauge("tokenvalidator.failing.fast", "upstream", "authorization-server")).isEqualTo(1);

    assertThat(validator.validate("Bearer new-token").error().status()).isEqualTo(503);
    assertThat(count("tokenvalidator.rejections", "kind", "unavailable")).isEqualTo(1);
  }

  @Test
  void sharedCacheReadsAreCountedByOutcome() {
    MicrometerValidationListener listener = MicrometerValidationListener.create(registry);
    listener.sharedStoreRead(io.github.tokenvalidator.ValidationListener.SharedStoreOutcome.REFUSED);
    listener.sharedStoreRead(io.github.tokenvalidator.ValidationListener.SharedStoreOutcome.HIT);
    listener.sharedStoreRead(io.github.tokenvalidator.ValidationListener.SharedStoreOutcome.HIT);
    assertThat(count("tokenvalidator.shared.cache.reads", "outcome", "hit")).isEqualTo(2);
    assertThat(count("tokenvalidator.shared.cache.reads", "outcome", "refused")).isEqualTo(1);
  }

  @Test
  void extraTagsAreOptional() {
    MicrometerValidationListener.create(registry);
    assertThat(registry.get("tokenvalidator.cache.gets").tags(Tags.of("result", "hit")).counter().getId().getTags())
        .containsExactlyInAnyOrder(Tag.of("issuer", "none"), Tag.of("result", "hit"));
  }

  @Test
  void everyMeterNamesTheIssuerItsEventConcerns() {
    server.activeToken("alice-token", "accessRestricted", "alice");
    MockAuthorizationServer legacy = MockAuthorizationServer.start(clock);
    try {
      legacy.activeToken("legacy-token", "accessRestricted", "bob");
      validator(server.validatorBuilder().properties(java.util.Map.of(
          "tokenvalidator.issuers.legacy.server-url", legacy.serverUrl(),
          "tokenvalidator.issuers.legacy.client-id", MockAuthorizationServer.CLIENT_ID,
          "tokenvalidator.issuers.legacy.client-secret", MockAuthorizationServer.CLIENT_SECRET)));
      assertThat(validator.validate("Bearer alice-token").isValid()).isTrue();
      assertThat(validator.validate("Bearer legacy-token", io.github.tokenvalidator.Scope.empty(),
          validator.route("legacy")).isValid()).isTrue();
      assertThat(validator.validate("Bearer legacy-token", io.github.tokenvalidator.Scope.empty(),
          validator.route("legacy")).isValid()).isTrue();
      assertThat(validator.validate(null).isValid()).isFalse();

      assertThat(timerCount("tokenvalidator.introspections", "outcome", "active", "issuer", "default")).isEqualTo(1);
      assertThat(timerCount("tokenvalidator.introspections", "outcome", "active", "issuer", "legacy")).isEqualTo(1);
      assertThat(count("tokenvalidator.cache.gets", "result", "hit", "issuer", "legacy")).isEqualTo(1);
      assertThat(count("tokenvalidator.cache.gets", "result", "hit", "issuer", "default")).isZero();
      assertThat(timerCount("tokenvalidator.own.token.renewals", "outcome", "success", "issuer", "legacy"))
          .isEqualTo(1);
      assertThat(count("tokenvalidator.rejections", "kind", "missing_token", "issuer", "none")).isEqualTo(1);
      assertThat(gauge("tokenvalidator.failing.fast", "upstream", "authorization-server", "issuer", "legacy"))
          .isZero();
      assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTag("issuer")).isNotNull());
    } finally {
      legacy.close();
    }
  }
}
