/**
 * Jakarta Servlet support: {@link io.github.tokenvalidator.servlet.BearerTokenFilter}, one filter that
 * protects an application's URLs with bearer tokens by the
 * {@link io.github.tokenvalidator.servlet.SecurityRules} it is given (in code or as {@code web.xml}
 * init-parameters).
 *
 * <p>The filter only translates between the container and the validator; every decision is core's.
 */
package io.github.tokenvalidator.servlet;
