/**
 * The one decision for a resolved token: small rules (active, times with the skew, audience) composed.
 * Not exported: nothing here is API.
 */
package io.github.tokenvalidator.internal.decision;
