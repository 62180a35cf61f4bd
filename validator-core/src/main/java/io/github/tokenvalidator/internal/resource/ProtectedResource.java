package io.github.tokenvalidator.internal.resource;

import java.net.URI;

/**
 * One protected resource: its identifier as configured, and where its RFC 9728 metadata document is. Immutable
 * and thread-safe.
 *
 * <p>The metadata URL is derived from the identifier alone (RFC 9728 §3.1), never from a request's
 * {@code Host}: {@code /.well-known/oauth-protected-resource} inserted between the host and the path, a
 * terminating slash removed. Behind a proxy that rewrites host and path it is still the URL clients use.
 */
public final class ProtectedResource {
  /** The well-known URI suffix of RFC 9728 §3. */
  public static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";

  private final String identifier;
  private final String metadataPath;
  private final String metadataUrl;

  /**
   * The resource {@code identifier}.
   *
   * @param identifier an absolute URL without query or fragment, as the settings checked it
   */
  public ProtectedResource(String identifier) {
    this.identifier = identifier;
    URI uri = URI.create(identifier);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    this.metadataPath = WELL_KNOWN_PATH + path;
    this.metadataUrl = uri.getScheme() + "://" + uri.getRawAuthority() + metadataPath;
  }

  /** {@return the identifier, as configured: the document's {@code resource} and the audience} */
  public String identifier() {
    return identifier;
  }

  /** {@return the path of the metadata document: the well-known suffix, then the identifier's path} */
  public String metadataPath() {
    return metadataPath;
  }

  /** {@return the absolute URL of the metadata document, as {@code resource_metadata} names it} */
  public String metadataUrl() {
    return metadataUrl;
  }

  @Override
  public String toString() {
    return identifier;
  }
}
