package io.github.tokenvalidator.internal;

import io.github.tokenvalidator.Scope;
import io.github.tokenvalidator.ValidationResult;
import java.util.concurrent.CompletableFuture;

/** Placeholder replaced by the real engine in the next commit. */
public final class ValidationEngine implements AutoCloseable {
  public ValidationEngine(ValidatorConfig config) {}

  public ValidationResult validate(String header, Scope scope) {
    throw new UnsupportedOperationException("engine not yet written");
  }

  public CompletableFuture<ValidationResult> validateAsync(String header, Scope scope) {
    throw new UnsupportedOperationException("engine not yet written");
  }

  @Override
  public void close() {}
}
