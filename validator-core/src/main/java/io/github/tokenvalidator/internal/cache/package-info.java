/**
 * The answer cache: SHA-256 token keys, entries with their own deadlines, and the second-level store seam.
 * Not exported: nothing here is API.
 */
package io.github.tokenvalidator.internal.cache;
