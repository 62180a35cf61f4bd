/**
 * JAX-RS support: annotate resources with {@link io.github.tokenvalidator.jaxrs.OAuthSecurity}, as in a
 * MobileFirst Java adapter, and register {@link io.github.tokenvalidator.jaxrs.TokenValidationFeature}.
 *
 * <p>The feature only translates between the JAX-RS runtime and the validator; every decision is core's.
 */
package io.github.tokenvalidator.jaxrs;
