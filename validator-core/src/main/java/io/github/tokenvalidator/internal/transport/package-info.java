/**
 * The bounded HTTP client to the authorization server, its failures and trust stores.
 * Not exported: nothing here is API.
 */
package io.github.tokenvalidator.internal.transport;
