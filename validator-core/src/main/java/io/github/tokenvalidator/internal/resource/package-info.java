/**
 * The protected resources of RFC 9728: their identifiers, metadata URLs and documents, and what a route asks
 * of a token beyond its scope (the resource as audience, RFC 9470 step-up). Not exported: nothing here is API.
 */
package io.github.tokenvalidator.internal.resource;
