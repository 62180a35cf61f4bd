package io.github.tokenvalidator.internal.introspection;

import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.TokenInfo;
import io.github.tokenvalidator.internal.json.MalformedAnswerException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


class IntrospectionParserTest {
  private static final String MOBILEFIRST_ANSWER = "{"
      + "\"active\":true,\"scope\":\"RegisteredClient accessRestricted\",\"client_id\":\"b6f2a0\","
      + "\"username\":\"john\",\"exp\":1591254974076,\"iat\":1591251374,\"token_type\":\"Bearer\","
      + "\"mfp-application\":{\"id\":\"com.ibm.bank\",\"clientPlatform\":\"ios\",\"version\":\"1.2\"},"
      + "\"mfp-device\":{\"id\":\"dev-9\",\"hardware\":\"iPhone12,1\",\"platform\":\"iOS 14\",\"status\":\"ACTIVE\"},"
      + "\"mfp-user\":{\"id\":\"john\",\"displayName\":\"John\",\"authenticatedBy\":\"UserLogin\","
      + "\"authenticatedAt\":1591251374000,\"attributes\":{\"branch\":\"NYC\"}},"
      + "\"mfp-checks\":{\"UserLogin\":{\"lastLogin\":1591251374000},\"PinCode\":{}}}";

  private static TokenInfo parse(String json) throws MalformedAnswerException {
    return IntrospectionParser.parseIntrospection(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsStandardClaimsAndTheMobileFirstView() throws Exception {
    TokenInfo token = parse(MOBILEFIRST_ANSWER);

    assertThat(token.isActive()).isTrue();
    assertThat(token.scope()).isEqualTo(Scope.of("accessRestricted RegisteredClient"));
    assertThat(token.clientId()).isEqualTo("b6f2a0");
    assertThat(token.username()).isEqualTo("john");
    assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochMilli(1591254974076L));
    assertThat(token.issuedAt()).isEqualTo(Instant.ofEpochSecond(1591251374));
    assertThat(token.mobileFirst().application().clientPlatform()).isEqualTo("ios");
    assertThat(token.mobileFirst().device().hardware()).isEqualTo("iPhone12,1");
    assertThat(token.mobileFirst().user().attributes()).containsEntry("branch", "NYC");
    assertThat(token.mobileFirst().user().authenticatedAt()).isEqualTo(1591251374000L);
    assertThat(token.mobileFirst().checks()).containsOnlyKeys("UserLogin", "PinCode");
    assertThat(token.claims()).containsKeys("active", "scope", "mfp-checks").hasSize(11);
  }

  @Test
  void theCnfReadAheadIsWhatTheClaimsHold() throws Exception {
    // claim("cnf") answers from what the parser read ahead; claims() reads the whole answer: they must agree
    for (String cnf : new String[] {null, "null", "\"jkt\"", "{}", "{\"jkt\":\"abc\"}",
        "{\"x5t#S256\":\"def\",\"jkt\":\"abc\"}", "{\"jkt\":7}", "[1]"}) {
      String json = "{\"active\":true" + (cnf == null ? "" : ",\"cnf\":" + cnf) + ",\"sub\":\"s\"}";
      TokenInfo token = parse(json);
      Object readAhead = token.claim("cnf");
      assertThat(readAhead).as(json).isEqualTo(parse(json).claims().get("cnf"));
      assertThat(token.claims().get("cnf")).as(json).isEqualTo(readAhead);
      assertThat(token.claim("cnf")).as(json).isEqualTo(readAhead);
      assertThat(token.claim("sub")).isEqualTo("s");
    }
  }

  @Test
  void nullUserAndAbsentMobileFirstObjectsAreNull() throws Exception {
    TokenInfo token = parse("{\"active\":true,\"mfp-user\":null}");
    assertThat(token.mobileFirst().user()).isNull();
    assertThat(token.mobileFirst().application()).isNull();
    assertThat(token.mobileFirst().checks()).isEmpty();
    assertThat(token.scope().isEmpty()).isTrue();
  }

  @Test
  void expInSecondsAndMillisecondsMeanTheSameInstant() throws Exception {
    assertThat(parse("{\"active\":true,\"exp\":1591254974}").expiresAt())
        .isEqualTo(parse("{\"active\":true,\"exp\":1591254974000}").expiresAt());
    assertThat(parse("{\"active\":true,\"exp\":1591254974.5}").expiresAt())
        .isEqualTo(Instant.ofEpochMilli(1591254974500L));
  }

  @Test
  void audienceMayBeStringOrArray() throws Exception {
    assertThat(parse("{\"active\":true,\"aud\":\"a\"}").audience()).containsExactly("a");
    assertThat(parse("{\"active\":true,\"aud\":[\"a\",\"b\"]}").audience()).containsExactly("a", "b");
  }

  @Test
  void keepsUnknownClaimsAsParsedJson() throws Exception {
    TokenInfo token = parse("{\"active\":true,\"x\":[1,2.5,\"s\",null,{\"y\":true}],\"big\":123456789012345678901234}");
    assertThat(token.isActive()).isTrue();
    assertThat(token.claims().keySet()).containsExactly("active", "x", "big");
    assertThat(token.claim("x")).isEqualTo(java.util.Arrays.asList(1L, 2.5, "s", null, Map.of("y", true)));
    assertThat(token.claim("big")).isEqualTo(new java.math.BigInteger("123456789012345678901234"));
  }

  @Test
  void everyInactiveAnswerIsOneSharedConstant() throws Exception {
    TokenInfo one = parse("{\"active\":false}");
    TokenInfo other = parse("{\"active\":false,\"client_id\":\"x\",\"extra\":[1,2]}");
    assertThat(one).isSameAs(other).isSameAs(IntrospectionParser.INACTIVE);
    assertThat(one.claims()).isEmpty();
  }

  @Test
  void claimsReadOnFirstUseEqualTheAnswer() throws Exception {
    TokenInfo token = parse("{\"active\":true,\"scope\":\"a b\",\"mfp-device\":{\"id\":\"d1\",\"status\":\"ACTIVE\"}}");
    assertThat(token.claims()).containsEntry("scope", "a b").containsKey("mfp-device");
    assertThat(token.claims()).isSameAs(token.claims());
    assertThat(token.mobileFirst().device().id()).isEqualTo("d1");
    assertThat(token.newBuilder().build()).isEqualTo(token);
  }

  @Test
  void refusesDuplicateKeysExcessiveDepthAndLongStringsWithoutQuotingTheBody() {
    assertThatThrownBy(() -> parse("{\"active\":true,\"active\":false}"))
        .isInstanceOf(MalformedAnswerException.class);
    assertThatThrownBy(() -> parse("{\"active\":true,\"x\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}"))
        .isInstanceOf(MalformedAnswerException.class).hasMessageContaining("limits");
    assertThatThrownBy(() -> parse("{\"active\":true,\"secret-looking\":\"" + "z".repeat(70_000) + "\"}"))
        .isInstanceOf(MalformedAnswerException.class).hasMessageNotContaining("zzzz");
    assertThatThrownBy(() -> parse("{\"active\":true,\"token\":\"LEAKED\" garbage"))
        .isInstanceOf(MalformedAnswerException.class).hasMessageNotContaining("LEAKED");
  }

  @Test
  void negativeOrNonNumericTimesAreRefused() {
    assertThatThrownBy(() -> parse("{\"active\":true,\"exp\":-5}")).isInstanceOf(MalformedAnswerException.class);
    assertThatThrownBy(() -> parse("{\"active\":true,\"nbf\":true}")).isInstanceOf(MalformedAnswerException.class);
  }
}
