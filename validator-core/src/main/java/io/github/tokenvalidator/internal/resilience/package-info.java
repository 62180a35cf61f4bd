/**
 * Single flight with back-off, the failure gate, the bounded call limiter and upstream health.
 * Not exported: nothing here is API.
 */
package io.github.tokenvalidator.internal.resilience;
