/**
 * The engine behind {@link io.github.tokenvalidator.TokenValidator}: HTTP calls, introspection, the own
 * token, JWT and key handling, the cache and the request policy.
 *
 * <p>This package is not API: it may change in any release without notice. The module exports it only to
 * the development server ({@code io.github.tokenvalidator.devserver}), which shares its header parser;
 * applications use {@code io.github.tokenvalidator} alone.
 */
package io.github.tokenvalidator.internal;
