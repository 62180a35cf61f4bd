package io.github.tokenvalidator.internal.config;

import static io.github.tokenvalidator.Settings.Type.STRING;
import static io.github.tokenvalidator.Settings.Type.URL;

import io.github.tokenvalidator.InvalidConfigurationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The settings of the protected resource this application is (RFC 9728): its identifier, which turns on the
 * metadata document and the {@code resource_metadata} challenge attribute and is the default audience, and the
 * document's human fields. Thread-safe.
 */
public final class ResourceSettings {
  public static final Setting<List<String>> RESOURCE = Setting.define("resource", URL, ValueParsers::list)
      .within(ResourceSettings::identifiers).byDefaultValue(List.of())
      .describe("The protected resource's identifier (RFC 9728, RFC 8707), e.g. `https://api.example.com/mcp`:"
          + " `https://`, or `http://` on loopback, no query or fragment. Turns on the metadata document at"
          + " `/.well-known/oauth-protected-resource…` and `resource_metadata` in challenges, and is the audience"
          + " tokens must carry when `audience` is not set. Comma-separated for several resources in one"
          + " application, the first the default; rules name the others. See [mcp.md](mcp.md).");
  public static final Setting<String> RESOURCE_NAME = Setting.define("resource-name", STRING, ValueParsers::nonEmpty)
      .describe("`resource_name` of the metadata document: a human-readable name.");
  public static final Setting<URI> RESOURCE_DOCUMENTATION = Setting.define("resource-documentation", URL,
          ValueParsers::uri)
      .describe("`resource_documentation` of the metadata document: a page for developers.");

  private ResourceSettings() {}

  /** Each identifier an absolute {@code https} URL, or {@code http} on loopback, without query or fragment. */
  private static List<String> identifiers(String key, List<String> values) {
    List<String> checked = new ArrayList<>();
    for (String value : values) {
      URI uri = ValueParsers.uri(key, value);
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !(scheme.equals("http") && TransportSettings.isLoopback(uri.getHost()))) {
        throw new InvalidConfigurationException(key, "must be an https:// URL (http:// only on a loopback host): "
            + value);
      }
      if (checked.contains(value)) {
        throw new InvalidConfigurationException(key, "names " + value + " twice");
      }
      checked.add(value);
    }
    return List.copyOf(checked);
  }
}
