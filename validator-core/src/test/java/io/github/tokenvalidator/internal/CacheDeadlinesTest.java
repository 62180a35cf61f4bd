package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.internal.config.IntrospectionSettings;
import io.github.tokenvalidator.internal.config.ValidatorConfig;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import io.github.tokenvalidator.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;


/** Entries carry their own deadlines: a dead one is never used, and sweeps drop the dead while answers arrive. */
class CacheDeadlinesTest {
  private final MutableClock clock = MutableClock.startingNow();
  private MockAuthorizationServer server;
  private ValidationEngine engine;

  @BeforeEach
  void start() {
    server = MockAuthorizationServer.start(clock).activeToken("alice-token", "a", "alice");
    engine = new ValidationEngine(ValidatorConfig.builder()
        .set(IntrospectionSettings.SERVER_URL, URI.create(server.serverUrl()), null)
        .set(IntrospectionSettings.CLIENT_ID, "test", null).set(IntrospectionSettings.CLIENT_SECRET, "test", null)
        .clock(clock).ticker(clock).executor(Runnable::run).build());
  }

  @AfterEach
  void stop() {
    engine.close();
    server.close();
  }

  @Test
  void aNegativeAnswerPastItsTtlIsAskedAgainNotRefusedFromTheCache() {
    assertThat(engine.validate("Bearer unknown", Scope.empty()).error().kind()).isEqualTo(Kind.INVALID_TOKEN);
    server.activeToken("unknown", "a", "bob"); // the server now knows it
    clock.advance(Duration.ofSeconds(29));
    assertThat(engine.validate("Bearer unknown", Scope.empty()).isValid()).as("still the negative answer").isFalse();

    clock.advance(Duration.ofSeconds(1));
    assertThat(engine.validate("Bearer unknown", Scope.empty()).isValid()).as("past negative-ttl: asked again").isTrue();
  }

  @Test
  void deadEntriesAreSweptWhenNewAnswersArrive() throws InterruptedException {
    for (int i = 0; i < 20; i++) {
      engine.validate("Bearer unknown-" + i, Scope.empty());
    }
    assertThat(engine.cachedEntries()).isEqualTo(20);

    clock.advance(Duration.ofMinutes(2)); // every negative answer is dead, and a sweep is due
    engine.validate("Bearer alice-token", Scope.empty());

    // The sweep runs off the caller's thread: wait for it to have happened, not for time to pass.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (engine.cachedEntries() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(engine.cachedEntries()).as("only the live answer is left").isEqualTo(1);
  }
}
