package io.github.tokenvalidator.devserver;

import io.github.tokenvalidator.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A confidential client the dev server knows: its id, its secret and the scope it may ask for. */
record RegisteredClient(String id, String secret, Scope allowedScope) {

  /** Whether {@code candidate} is this client's secret, compared in constant time. */
  boolean hasSecret(String candidate) {
    return MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
        candidate.getBytes(StandardCharsets.UTF_8));
  }

  /** Leaves the secret out, so a client can be logged or printed. */
  @Override
  public String toString() {
    return "RegisteredClient{id=" + id + ", allowedScope=" + allowedScope + '}';
  }
}
