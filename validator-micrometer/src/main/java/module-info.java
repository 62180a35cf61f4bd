/**
 * Binds the validator's {@code ValidationListener} to a Micrometer {@code MeterRegistry}:
 * {@code MicrometerValidationListener}.
 */
// Micrometer ships no module-info; its Automatic-Module-Name (micrometer.core) is stable and documented.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.tokenvalidator.micrometer {
  // the listener's signatures name core's types (ValidationListener) and Micrometer's (MeterRegistry, Tag)
  requires transitive io.github.tokenvalidator;
  requires transitive micrometer.core;

  exports io.github.tokenvalidator.micrometer;
}
