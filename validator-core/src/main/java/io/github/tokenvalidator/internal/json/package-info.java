/**
 * The one bounded JSON reader and the claim readers shared by introspection and JWTs.
 * Not exported: nothing here is API.
 */
package io.github.tokenvalidator.internal.json;
