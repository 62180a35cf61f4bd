/**
 * Local JWT verification: JWS parsing, algorithms, keys and key sets, and the composable JWT rules.
 * Not exported: nothing here is API.
 */
package io.github.tokenvalidator.internal.jwt;
