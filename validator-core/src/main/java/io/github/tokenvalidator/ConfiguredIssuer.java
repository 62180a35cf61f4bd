package io.github.tokenvalidator;

/**
 * One issuer a validator trusts: the default issuer (the settings without a group) or an issuer group
 * ({@code tokenvalidator.issuers.<name>.*}). Immutable and thread-safe.
 *
 * <p>For modules that describe the validator to clients, such as resource metadata (RFC 9728) listing the
 * authorization servers whose tokens are accepted.
 *
 * @param name {@code default} for the default issuer, else the group's name
 * @param format how its tokens are resolved
 * @param issuer its {@code issuer} setting (the exact {@code iss} of its tokens), or null when not set
 */
public record ConfiguredIssuer(String name, TokenFormat format, String issuer) {}
