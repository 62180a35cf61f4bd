package io.github.tokenvalidator.internal.config;

import static io.github.tokenvalidator.Settings.Type.INTEGER;
import static io.github.tokenvalidator.Settings.Type.STRING;

/** The settings of how a request is read and answered: the challenge's realm and the longest token. Thread-safe. */
public final class RequestSettings {
  public static final Setting<String> REALM = Setting.define("realm", STRING, ValueParsers::realm)
      .describe("`realm=\"…\"` in every challenge. Printable ASCII.");
  public static final Setting<Integer> MAX_TOKEN_LENGTH = Setting.define("max-token-length", INTEGER,
          ValueParsers::intValue).within((k, v) -> ValueParsers.positive(k, v, ValueParsers.MAX_TOKEN_LENGTH))
      .byDefault("8192")
      .describe("Longest accepted token; longer ones are `invalid_token` without any call. At most 1048576.");

  private RequestSettings() {}
}
