package io.github.tokenvalidator.liberty;

import com.ibm.wsspi.security.tai.TrustAssociationInterceptor;
import io.github.tokenvalidator.TokenValidator;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature's bundle activator: turns each {@code usr_tokenValidatorTAI} element of {@code server.xml} into
 * a registered Trust Association Interceptor.
 *
 * <p>Liberty's configuration admin hands each element to this {@link ManagedServiceFactory}; the interceptor
 * is registered with {@code invokeBeforeSSO=true} and {@code disableLtpaCookie=true}, so that no single
 * sign-on cookie ever stands in for the token: every request is checked, and a revoked or expired token stops
 * working at once. An element that cannot be read (a malformed {@code securedURLs}, an unknown attribute) is
 * reported in Liberty's log, naming the attribute, and registers an interceptor that refuses every request
 * with 503: the URLs it was meant to protect are unknown, and must not be served unchecked. One whose rules can
 * be read but whose settings are wrong (a missing client id, a malformed URL) is reported the same way and
 * registers an interceptor that refuses the requests it names with 503. Either way the requests fail closed
 * until Liberty hands over the corrected element ({@link #updated}, when {@code server.xml} changes).
 *
 * <p>Liberty calls it from its own threads; it is thread-safe.
 */
public final class Activator implements BundleActivator, ManagedServiceFactory {
  /** The configuration's factory pid: the metatype's designate. */
  static final String FACTORY_PID = "io.github.tokenvalidator.liberty.tai";

  private static final Logger LOG = LoggerFactory.getLogger(Activator.class);

  private final Map<String, Registered> interceptors = new HashMap<>();
  private BundleContext context;
  private ServiceRegistration<ManagedServiceFactory> factory;

  /** The activator the OSGi framework creates; it has no state until started. */
  public Activator() {
  }

  @Override
  public synchronized void start(BundleContext bundleContext) {
    this.context = bundleContext;
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put(Constants.SERVICE_PID, FACTORY_PID);
    factory = bundleContext.registerService(ManagedServiceFactory.class, this, properties);
  }

  @Override
  public synchronized void stop(BundleContext bundleContext) {
    if (factory != null) {
      factory.unregister();
      factory = null;
    }
    for (Registered registered : interceptors.values()) {
      registered.close();
    }
    interceptors.clear();
    context = null;
  }

  @Override
  public String getName() {
    return "Token Validator trust association interceptors";
  }

  @Override
  public synchronized void updated(String pid, Dictionary<String, ?> properties) {
    remove(pid);
    if (context == null) {
      return;
    }
    Map<String, Object> map = new HashMap<>();
    for (String key : Collections.list(properties.keys())) {
      map.put(key, properties.get(key));
    }
    InterceptorConfiguration configuration;
    try {
      configuration = InterceptorConfiguration.from(map);
    } catch (IllegalArgumentException e) {
      // the messages name the element and attribute, and never carry a secret
      LOG.error("{}; the element is not in service: every request is answered 503 until it is corrected",
          e.getMessage());
      String id = Objects.toString(InterceptorConfiguration.text(map.get("id")), pid);
      String attribute = e instanceof InterceptorConfiguration.Unreadable unreadable
          ? unreadable.attribute() : InterceptorConfiguration.ELEMENT + " " + id;
      register(pid, id, BearerTokenInterceptor.unreadable(id, attribute), null);
      return;
    }
    TokenValidator validator = null;
    BearerTokenInterceptor interceptor;
    try {
      validator = TokenValidator.fromProperties(configuration.settings());
      configuration.rules().checkIssuers(validator);
      interceptor = BearerTokenInterceptor.validating(configuration.id(), validator, configuration.rules(),
          configuration.subjectRealm());
    } catch (IllegalArgumentException e) {
      if (validator != null) {
        validator.close();
        validator = null;
      }
      LOG.error("{} {} is not in service: {}; the requests it names are answered 503",
          InterceptorConfiguration.ELEMENT, configuration.id(), e.getMessage());
      interceptor = BearerTokenInterceptor.refusing(configuration.id(), configuration.rules());
    }
    register(pid, configuration.id(), interceptor, validator);
    if (validator == null) {
      return;
    }
    LOG.info("{} {} intercepts {} (subject realm {})", InterceptorConfiguration.ELEMENT, configuration.id(),
        configuration.rules(), configuration.subjectRealm());
  }

  private void register(String pid, String id, BearerTokenInterceptor interceptor, TokenValidator validator) {
    Hashtable<String, Object> serviceProperties = new Hashtable<>();
    serviceProperties.put("id", id);
    // before single sign-on, and no LTPA cookie: a cookie would let later requests skip the token check
    serviceProperties.put("invokeBeforeSSO", Boolean.TRUE);
    serviceProperties.put("invokeAfterSSO", Boolean.FALSE);
    serviceProperties.put("disableLtpaCookie", Boolean.TRUE);
    serviceProperties.put("addLTPACookieToResponse", Boolean.FALSE);
    ServiceRegistration<TrustAssociationInterceptor> registration =
        context.registerService(TrustAssociationInterceptor.class, interceptor, serviceProperties);
    interceptors.put(pid, new Registered(registration, validator));
  }

  @Override
  public synchronized void deleted(String pid) {
    remove(pid);
  }

  private void remove(String pid) {
    Registered registered = interceptors.remove(pid);
    if (registered != null) {
      registered.close();
    }
  }

  /** A registered interceptor and the validator it owns. */
  private static final class Registered {
    private final ServiceRegistration<TrustAssociationInterceptor> registration;
    private final TokenValidator validator;

    Registered(ServiceRegistration<TrustAssociationInterceptor> registration, TokenValidator validator) {
      this.registration = registration;
      this.validator = validator;
    }

    void close() {
      try {
        registration.unregister();
      } catch (IllegalStateException alreadyGone) {
        // the framework unregisters a stopping bundle's services itself
      }
      if (validator != null) {
        validator.close();
      }
    }
  }
}
