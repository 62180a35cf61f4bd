/**
 * Spring Boot auto-configuration for the validator: the {@code tokenvalidator.*} properties through core's
 * one parser, the engine as Spring Security's bearer token check (or {@code BearerTokenFilter} without
 * Spring Security), an Actuator health indicator and Micrometer metrics. See {@code docs/spring-boot.md}.
 *
 * <p>The classes translate between Spring and the validator; every decision is core's.
 */
package io.github.tokenvalidator.spring;
