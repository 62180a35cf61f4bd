/**
 * The checked configuration: one definition per setting, grouped by the component that reads it.
 * Not exported: nothing here is API.
 */
package io.github.tokenvalidator.internal.config;
