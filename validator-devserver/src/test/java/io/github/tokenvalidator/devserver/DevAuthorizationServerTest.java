package io.github.tokenvalidator.devserver;

import static io.github.tokenvalidator.devserver.Http.basic;
import static io.github.tokenvalidator.devserver.Http.json;
import static io.github.tokenvalidator.devserver.TokenEndpointTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.testing.LogCapture;
import io.github.tokenvalidator.testing.MutableClock;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DevAuthorizationServerTest {

  @Test
  void startsOnAFreeLoopbackPortUnderTheMobileFirstRuntimePath() {
    try (DevAuthorizationServer server = DevAuthorizationServer.start()) {
      assertThat(server.port()).isPositive();
      assertThat(server.serverUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/mfp/api");
      assertThat(server.tokenEndpoint()).isEqualTo(server.serverUrl() + "/az/v1/token");
      assertThat(server.introspectionEndpoint()).isEqualTo(server.serverUrl() + "/az/v1/introspection");
      assertThat(server.mode()).isEqualTo(DevAuthorizationServer.Mode.MOBILEFIRST);
      assertThat(server.isLoopbackOnly()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/auth/api", "/x", ""})
  void runtimePathIsConfigurable(String path) {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().runtimePath(path).start()) {
      assertThat(server.serverUrl()).isEqualTo("http://127.0.0.1:" + server.port() + path);
      assertThat(Http.token(server, "test", "test", null)).isNotEmpty();
      if (!path.isEmpty()) {
        assertError(Http.postForm("http://127.0.0.1:" + server.port() + "/mfp/api/az/v1/token",
            basic("test", "test"), "grant_type=client_credentials"), 404, "not_found");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mfp/api", "/mfp/api/", "/", "/a b", "/a/../b", "/a/.", "/a?b", "/a//b"})
  void malformedRuntimePathIsRefused(String path) {
    assertThatIllegalArgumentException().isThrownBy(() -> DevAuthorizationServer.builder().runtimePath(path));
  }

  @Test
  void configuredClientsReplaceTheDefaultTestClient() {
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().client("app", "secret", "*").start()) {
      assertError(Http.requestToken(server, basic("test", "test"), "grant_type", "client_credentials"),
          400, "invalid_client");
      assertThat(Http.token(server, "app", "secret", null)).isNotEmpty();
    }
  }

  @Test
  void closeReleasesThePortAndIsIdempotent() {
    DevAuthorizationServer first = DevAuthorizationServer.start();
    int port = first.port();
    String tokenEndpoint = first.tokenEndpoint();

    first.close();
    first.close();

    assertThatThrownBy(() -> Http.postForm(tokenEndpoint, basic("test", "test"), "grant_type=client_credentials"))
        .hasCauseInstanceOf(ConnectException.class);
    try (DevAuthorizationServer second = DevAuthorizationServer.builder().port(port).start()) {
      assertThat(second.port()).isEqualTo(port);
    }
  }

  @Test
  void portInUseFailsToStartNamingTheAddress() {
    try (DevAuthorizationServer first = DevAuthorizationServer.start()) {
      assertThatThrownBy(() -> DevAuthorizationServer.builder().port(first.port()).start())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("127.0.0.1:" + first.port());
    }
  }

  @Test
  void issueTokenMintsATokenForAnyClientWithTheDefaultScopeWhenNoneIsGiven() {
    try (DevAuthorizationServer server = DevAuthorizationServer.start()) {
      String introspector = "Bearer " + server.issueToken("rs", "authorization.introspect");

      assertThat(json(Http.introspect(server, introspector, server.issueToken("unregistered-app", ""))))
          .containsEntry("client_id", "unregistered-app")
          .containsEntry("scope", "RegisteredClient");
    }
  }

  @Test
  void issueTokenRefusesBadArguments() {
    try (DevAuthorizationServer server = DevAuthorizationServer.start()) {
      assertThatIllegalArgumentException().isThrownBy(() -> server.issueToken("", "a"));
      assertThatIllegalArgumentException().isThrownBy(() -> server.issueToken("app", "bad\"scope"));
      assertThatIllegalArgumentException().isThrownBy(() -> server.issueToken("app", "a", ""));
      assertThatThrownBy(() -> server.issueToken(null, "a")).isInstanceOf(NullPointerException.class);
    }
  }

  @Test
  void issueTokenFailsWhenTheStoreIsFullOrTheServerClosed() {
    DevAuthorizationServer server = DevAuthorizationServer.builder().maxTokens(1).start();
    server.issueToken("app", "a");

    assertThatThrownBy(() -> server.issueToken("app", "a")).isInstanceOf(IllegalStateException.class);
    server.close();
    assertThatThrownBy(() -> server.issueToken("app", "a")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void expiredTokensArePurgedWhenTheStoreIsFull() {
    MutableClock clock = MutableClock.startingNow();
    try (DevAuthorizationServer server = DevAuthorizationServer.builder().clock(clock).maxTokens(3)
        .tokenLifetime(Duration.ofSeconds(60)).start()) {
      server.issueToken("app", "a");
      server.issueToken("app", "a");
      clock.advance(Duration.ofSeconds(30));
      server.issueToken("app", "a");
      clock.advance(Duration.ofSeconds(30));

      server.issueToken("app", "a");

      assertThat(server.storedTokens()).isEqualTo(2);
    }
  }

  @Test
  void builderRefusesBadSettings() {
    DevAuthorizationServer.Builder builder = DevAuthorizationServer.builder();
    assertThatIllegalArgumentException().isThrownBy(() -> builder.port(-1));
    assertThatIllegalArgumentException().isThrownBy(() -> builder.port(65_536));
    assertThatIllegalArgumentException().isThrownBy(() -> builder.tokenLifetime(Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> builder.tokenLifetime(Duration.ofMillis(1500)));
    assertThatIllegalArgumentException().isThrownBy(() -> builder.tokenLifetime(Duration.ofDays(367)));
    assertThatIllegalArgumentException().isThrownBy(() -> builder.maxTokens(0));
    assertThatIllegalArgumentException().isThrownBy(() -> builder.client("", "s", "*"));
    assertThatIllegalArgumentException().isThrownBy(() -> builder.client("a", "", "*"));
    assertThatIllegalArgumentException().isThrownBy(() -> builder.client("a", "s", " "));
    assertThatIllegalArgumentException().isThrownBy(() -> builder.client("a", "s", "bad\"scope"));
    builder.client("a", "s", "*");
    assertThatIllegalArgumentException().isThrownBy(() -> builder.client("a", "other", "*"))
        .withMessageNotContaining("other");
  }

  @Test
  void concurrentTokenRequestsAreAllAnsweredWithDistinctTokens() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (DevAuthorizationServer server = DevAuthorizationServer.start()) {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Callable<String> request = () -> Http.token(server, "test", "test", "accessRestricted");
        futures.add(pool.submit(request));
      }
      Set<String> tokens = new HashSet<>();
      for (Future<String> future : futures) {
        tokens.add(future.get());
      }

      assertThat(tokens).hasSize(100);
      assertThat(server.storedTokens()).isEqualTo(100);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBugIsAnswered500WithoutDetailsAndLogged() {
    Clock broken = new Clock() {
      @Override
      public Instant instant() {
        throw new IllegalStateException("clock exploded");
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
    try (LogCapture logs = LogCapture.start();
        DevAuthorizationServer server = DevAuthorizationServer.builder().clock(broken).start()) {
      HttpResponse<String> response = Http.requestToken(server, basic("test", "test"),
          "grant_type", "client_credentials");

      assertError(response, 500, "server_error");
      assertThat(response.body()).doesNotContain("clock exploded");
      assertThat(logs.messagesAt(Level.WARNING)).singleElement().asString().contains("clock exploded");
    }
  }

  @Test
  void logsNeverCarryTokensOrSecrets() {
    try (LogCapture logs = LogCapture.start();
        DevAuthorizationServer server = DevAuthorizationServer.builder()
            .client("rs", "rs-secret-value", "authorization.introspect")
            .client("app", "app-secret-value", "accessRestricted").start()) {
      String token = Http.token(server, "app", "app-secret-value", "accessRestricted");
      String own = Http.token(server, "rs", "rs-secret-value", "authorization.introspect");
      Http.introspect(server, "Bearer " + own, token);
      Http.introspect(server, "Bearer " + token, own);
      Http.requestToken(server, basic("app", "wrong-secret-value"), "grant_type", "client_credentials");
      Http.postForm(server.tokenEndpoint(), basic("app", "app-secret-value"), "client_secret=x&client_secret=y");

      assertThat(logs.records()).isNotEmpty();
      assertThat(logs.text()).doesNotContain("secret-value", token, own);
      assertThat(server.toString()).doesNotContain("secret-value");
    }
  }
}
