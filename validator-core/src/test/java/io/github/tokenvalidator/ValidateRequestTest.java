package io.github.tokenvalidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tokenvalidator.AuthenticationError.Kind;
import io.github.tokenvalidator.testing.MockAuthorizationServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one request policy every adapter applies, through {@link TokenValidator#validate(RequestView, Scope)}
 * and the older {@link TokenValidator#validateRequest}.
 */
class ValidateRequestTest {
  private MockAuthorizationServer server;
  private TokenValidatorTest.RecordingListener listener;
  private TokenValidator validator;

  @BeforeEach
  void start() {
    server = MockAuthorizationServer.start().activeToken("alice-token", "accessRestricted", "alice");
    listener = new TokenValidatorTest.RecordingListener();
    validator = server.validatorBuilder().realm("bank").listener(listener).build();
  }

  @AfterEach
  void stop() {
    validator.close();
    server.close();
  }

  @Test
  void oneHeaderIsValidatedAsValidateWouldAndTheQueryIsLeftAlone() {
    ValidationResult result = validator.validateRequest(List.of("Bearer alice-token"), "page=2&sort=name",
        Scope.of("accessRestricted"));

    assertThat(result.isValid()).isTrue();
    assertThat(result.token().username()).isEqualTo("alice");
  }

  @Test
  void noHeaderIsAMissingToken() {
    ValidationResult result = validator.validateRequest(List.of(), null, Scope.of("accessRestricted"));

    assertThat(result.error().kind()).isEqualTo(Kind.MISSING_TOKEN);
    assertThat(result.error().wwwAuthenticate()).isEqualTo("Bearer realm=\"bank\"");
  }

  @Test
  void twoHeadersAreRefused400WithoutAnyCallToTheServer() {
    ValidationResult result = validator.validateRequest(List.of("Bearer alice-token", "Bearer alice-token"), null,
        Scope.empty());

    assertInvalidRequest(result, "More than one Authorization header");
    assertThat(server.introspectionCount()).isZero();
    assertThat(listener.events).containsExactly("rejected:INVALID_REQUEST");
  }

  @Test
  void headerAndQueryTokenAreRefused400() {
    ValidationResult result = validator.validateRequest(List.of("Bearer alice-token"), "access_token=alice-token",
        Scope.empty());

    assertInvalidRequest(result, "A token in both the Authorization header and the query");
    assertThat(server.introspectionCount()).isZero();
  }

  @Test
  void queryTokenAloneIsRefused400NotTakenAsAToken() {
    ValidationResult result = validator.validateRequest(List.of(), "x=1&access%5Ftoken=alice-token", Scope.empty());

    assertInvalidRequest(result,
        "Send the token in the Authorization header; access_token in the query is not accepted");
    assertThat(server.introspectionCount()).isZero();
  }

  @Test
  void asyncRefusalsAreCompletedAtOnce() {
    CompletableFuture<ValidationResult> refused =
        validator.validateRequestAsync(List.of("Bearer a", "Bearer b"), null, Scope.empty());
    CompletableFuture<ValidationResult> valid =
        validator.validateRequestAsync(List.of("Bearer alice-token"), null, Scope.of("accessRestricted"));

    assertThat(refused).isCompleted();
    assertInvalidRequest(refused.join(), "More than one Authorization header");
    assertThat(valid.join().isValid()).isTrue();
  }

  @Test
  void similarlyNamedParametersAreNotTokens() {
    assertThat(validator.validateRequest(List.of("Bearer alice-token"), "access_tokenx=1&my_access_token=2",
        Scope.empty()).isValid()).isTrue();
  }

  @Test
  void nullArgumentsAreProgrammerErrors() {
    assertThatThrownBy(() -> validator.validateRequest(null, null, Scope.empty()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("authorizationValues");
    assertThatThrownBy(() -> validator.validateRequestAsync(List.of(), null, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("requiredScope");
  }

  @Test
  void aRequestViewGoesThroughTheSamePolicy() {
    TestRequestView one = TestRequestView.get("https", "api.example.com", 443, "/bank/balance").query("page=2")
        .header("Authorization", "Bearer alice-token");
    TestRequestView two = TestRequestView.get("https", "api.example.com", 443, "/bank/balance")
        .header("authorization", "Bearer alice-token").header("AUTHORIZATION", "Bearer alice-token");
    TestRequestView inQuery = TestRequestView.get("https", "api.example.com", 443, "/bank/balance")
        .query("x=1;access_token=alice-token");
    TestRequestView none = TestRequestView.get("https", "api.example.com", 443, "/bank/balance");

    assertThat(validator.validate(one, Scope.of("accessRestricted")).token().username()).isEqualTo("alice");
    assertInvalidRequest(validator.validate(two, Scope.empty()), "More than one Authorization header");
    assertInvalidRequest(validator.validate(inQuery, Scope.empty()),
        "Send the token in the Authorization header; access_token in the query is not accepted");
    assertThat(validator.validate(none, Scope.empty()).error().kind()).isEqualTo(Kind.MISSING_TOKEN);
    assertThat(server.introspectionCount()).isEqualTo(1);
  }

  @Test
  void aRequestViewAsynchronously() {
    TestRequestView two = TestRequestView.get("http", "localhost", 8080, "/")
        .header("Authorization", "Bearer a").header("Authorization", "Bearer b");
    TestRequestView one = TestRequestView.get("http", "localhost", 8080, "/").header("Authorization", "Bearer alice-token");

    CompletableFuture<ValidationResult> refused = validator.validateAsync(two, Scope.empty());
    assertThat(refused).isCompleted();
    assertInvalidRequest(refused.join(), "More than one Authorization header");
    assertThat(validator.validateAsync(one, Scope.of("accessRestricted")).join().isValid()).isTrue();
    assertThat(listener.events).contains("rejected:INVALID_REQUEST");
  }

  @Test
  void aNullViewOrScopeIsAProgrammerError() {
    TestRequestView none = TestRequestView.get("http", "localhost", 8080, "/");
    assertThatThrownBy(() -> validator.validate((RequestView) null, Scope.empty()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("request");
    assertThatThrownBy(() -> validator.validateAsync((RequestView) null, Scope.empty()))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("request");
    assertThatThrownBy(() -> validator.validate(none, (Scope) null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("requiredScope");
  }

  private static void assertInvalidRequest(ValidationResult result, String description) {
    assertThat(result.isValid()).isFalse();
    assertThat(result.error().kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(result.error().status()).isEqualTo(400);
    assertThat(result.error().description()).isEqualTo(description);
    assertThat(result.error().wwwAuthenticate()).isEqualTo("Bearer realm=\"bank\", error=\"invalid_request\"");
  }
}
