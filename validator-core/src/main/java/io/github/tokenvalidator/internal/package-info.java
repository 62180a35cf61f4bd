/**
 * The engine behind {@link io.github.tokenvalidator.TokenValidator}: the validation pipeline, and one
 * sub-package per component (request, cache, resilience, introspection, jwt, transport, json, config).
 *
 * <p>These packages are not API: they may change in any release without notice. The module exports only
 * {@code internal.request} to the development server ({@code io.github.tokenvalidator.devserver}), which
 * shares its header parser; applications use {@code io.github.tokenvalidator} alone.
 */
package io.github.tokenvalidator.internal;
