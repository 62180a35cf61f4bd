/**
 * Service-provider interfaces: what a module plugs into the validator, such as a {@link
 * io.github.tokenvalidator.spi.SharedStore} that a fleet of instances shares (the {@code validator-redis}
 * module implements it on Redis).
 */
package io.github.tokenvalidator.spi;
