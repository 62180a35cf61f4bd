/**
 * Remote introspection (MobileFirst and RFC 7662) and the validator's own token.
 * Not exported: nothing here is API.
 */
package io.github.tokenvalidator.internal.introspection;
