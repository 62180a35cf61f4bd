package io.github.tokenvalidator.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the OAuth scope a JAX-RS resource requires, or that it is open.
 *
 * <p>Spelled as in MobileFirst Java adapters ({@code com.ibm.mfp.adapter.api.OAuthSecurity}), so a
 * migration only changes the import. {@link TokenValidationFeature} reads it once, when the application is
 * deployed:
 *
 * <pre>{@code
 * @Path("/accounts")
 * @OAuthSecurity(scope = "accounts.read")            // every method needs accounts.read ...
 * public class AccountResource {
 *   @GET
 *   public List<Account> list() { ... }
 *
 *   @POST
 *   @OAuthSecurity(scope = "accounts.write")         // ... except this one, which needs accounts.write
 *   public Account open(Account account) { ... }
 *
 *   @GET
 *   @Path("/rates")
 *   @OAuthSecurity(enabled = false)                  // open: no token needed
 *   public Rates rates() { ... }
 * }
 * }</pre>
 *
 * <p>Which annotation applies to a resource method, first match wins:
 * <ol>
 *   <li>on the method of the resource class;
 *   <li>on the method it overrides or implements, in superclasses first and then in interfaces, the way
 *       JAX-RS inherits its own annotations (Jakarta REST §3.6): the search stops at the first method that
 *       carries JAX-RS annotations, since JAX-RS ignores any declaration above that one;
 *   <li>on the resource class, then on its superclasses;
 *   <li>on the interface whose method carries the JAX-RS annotations (a class-level annotation of an
 *       interface covers only the methods that interface declares);
 *   <li>none: the feature's policy for unannotated resources decides (by default a valid token with no
 *       particular scope is required).
 * </ol>
 * A method's annotation therefore overrides its class's, in either direction: a method can open itself in a
 * protected class, or require a scope in an open one.
 *
 * <p>Sub-resources are governed by their own class and methods. JAX-RS runtimes never show a sub-resource
 * locator to features, so this annotation on a locator is refused at deployment rather than ignored.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface OAuthSecurity {

  /**
   * {@return the scope required, as space-separated elements; a token must cover every element} Empty (the
   * default) requires a valid token with no particular scope. A malformed scope fails deployment.
   */
  String scope() default "";

  /** {@return whether a token is required at all; {@code false} opens the resource to everyone} */
  boolean enabled() default true;

  /**
   * {@return the names of the issuers whose tokens the resource accepts: {@code default} for the issuer of the
   * settings without a group, else issuer groups' names (see {@code TokenValidator.route})} Empty (the default)
   * accepts the JWTs of every {@code jwt} and {@code auto} issuer and introspects other tokens with the default
   * issuer. A name no issuer has, or two introspecting issuers, fail deployment.
   */
  String[] issuers() default {};
}
