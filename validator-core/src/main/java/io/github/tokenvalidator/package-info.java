/**
 * The public API of the token validator: everything an application types.
 *
 * <p>{@link io.github.tokenvalidator.TokenValidator} is the entry point, built by
 * {@link io.github.tokenvalidator.TokenValidator#builder()} or from settings
 * ({@link io.github.tokenvalidator.TokenValidator#fromProperties(java.util.Map)}); it answers each request with
 * a {@link io.github.tokenvalidator.ValidationResult}: the token's data
 * ({@link io.github.tokenvalidator.TokenInfo}) or the exact HTTP refusal to send
 * ({@link io.github.tokenvalidator.AuthenticationError}). Scopes are {@link io.github.tokenvalidator.Scope}s;
 * metrics and audit go through {@link io.github.tokenvalidator.ValidationListener}. The framework adapters
 * ({@code io.github.tokenvalidator.servlet}, {@code io.github.tokenvalidator.jaxrs}) build on this package only.
 */
package io.github.tokenvalidator;
