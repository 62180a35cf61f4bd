/**
 * Micrometer support: {@link io.github.tokenvalidator.micrometer.MicrometerValidationListener}, the
 * validator's {@link io.github.tokenvalidator.ValidationListener} events as meters of a
 * {@code MeterRegistry}, named and tagged after Micrometer's conventions. Usable without Spring.
 */
package io.github.tokenvalidator.micrometer;
