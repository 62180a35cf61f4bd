package io.github.tokenvalidator;

import io.github.tokenvalidator.internal.IssuerRouter;
import java.util.List;

/**
 * The issuers whose tokens one route accepts, made by {@link TokenValidator#route(String...)} and passed to
 * {@code validate}: JWTs of the named {@code jwt} or {@code auto} issuers, found by their {@code iss}, and any
 * other token sent to the route's one introspecting issuer (the named {@code opaque} or {@code auto} one), if
 * it names one. Immutable and thread-safe; valid only with the validator that made it.
 */
public final class IssuerRoute {
  private final IssuerRouter.Selection selection;
  private final List<String> names;

  IssuerRoute(IssuerRouter.Selection selection, List<String> names) {
    this.selection = selection;
    this.names = List.copyOf(names);
  }

  /** {@return the names of the issuers the route accepts, as given} */
  public List<String> issuers() {
    return names;
  }

  IssuerRouter.Selection selection() {
    return selection;
  }

  @Override
  public String toString() {
    return "IssuerRoute" + names;
  }
}
