/**
 * What core reads of a request: the Authorization header parser, the request policy and the request URI.
 * Not exported: nothing here is API.
 */
package io.github.tokenvalidator.internal.request;
