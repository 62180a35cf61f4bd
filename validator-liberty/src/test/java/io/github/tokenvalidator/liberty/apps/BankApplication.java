package io.github.tokenvalidator.liberty.apps;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The bank's JAX-RS resources under /api. */
@ApplicationPath("/api")
public class BankApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(AccountsResource.class);
  }
}
