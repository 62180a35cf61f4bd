/**
 * A development authorization server that speaks MobileFirst's protocol (and, optionally, issues JWTs
 * with a JWK Set and IBM App ID's paths): {@link io.github.tokenvalidator.devserver.DevAuthorizationServer}.
 *
 * <p>For tests and local work only, never for production: it holds tokens in memory and registers the
 * {@code test}/{@code test} client unless told otherwise.
 */
package io.github.tokenvalidator.devserver;
