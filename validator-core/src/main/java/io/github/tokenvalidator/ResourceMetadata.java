package io.github.tokenvalidator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 9728 protected resource metadata documents an application serves, and which request asks for which.
 *
 * <p>Made by {@link TokenValidator#resourceMetadata(java.util.Collection)} from the requirements of an
 * adapter's rules or annotations: one document per resource of the {@code resource} setting, at its
 * path-inserted location ({@code /.well-known/oauth-protected-resource/mcp} for {@code https://host/mcp}), and
 * the default resource's also at {@code /.well-known/oauth-protected-resource}. Adapters call
 * {@link #document(RequestView)} before any token check and, when it answers, send 200 with
 * {@link #headers()} and the document: no token is needed, and the answer may be cached.
 *
 * <p>A request asks for a document when it is a {@code GET} or {@code HEAD} whose path, as the container
 * received it, ends with the document's path: behind a proxy, or in an application under a context path, the
 * path the client sent may arrive with a prefix before it. The document's contents come from the settings
 * alone, never from the request.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ResourceMetadata {
  private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";
  private static final Map<String, String> HEADERS = Map.of(
      "Content-Type", "application/json",
      // public, and the same for every client: caches may keep it an hour
      "Cache-Control", "public, max-age=3600");

  /** Documents by path, longest path first. */
  private final List<Map.Entry<String, String>> documents;

  ResourceMetadata(Map<String, byte[]> byPath) {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : byPath.entrySet()) {
      list.add(Map.entry(entry.getKey(), new String(entry.getValue(), StandardCharsets.UTF_8)));
    }
    list.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    this.documents = List.copyOf(list);
  }

  /** {@return whether there is any document: the {@code resource} setting is set} */
  public boolean isEnabled() {
    return !documents.isEmpty();
  }

  /**
   * The document {@code request} asks for, or null when it asks for none (then the request goes on to the
   * token check as any other).
   *
   * @param request the request
   * @return the document, UTF-8 JSON, or null
   */
  public String document(RequestView request) {
    if (documents.isEmpty()) {
      return null;
    }
    String path = request.path();
    if (path == null || path.indexOf(WELL_KNOWN) < 0) {
      return null;
    }
    String method = request.method();
    if (!"GET".equalsIgnoreCase(method) && !"HEAD".equalsIgnoreCase(method)) {
      return null;
    }
    for (Map.Entry<String, String> entry : documents) {
      if (path.endsWith(entry.getKey())) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** {@return the paths of the documents, longest first} */
  public List<String> paths() {
    List<String> paths = new ArrayList<>();
    for (Map.Entry<String, String> entry : documents) {
      paths.add(entry.getKey());
    }
    return paths;
  }

  /** {@return the headers of a document's answer: {@code Content-Type} and {@code Cache-Control}} */
  public Map<String, String> headers() {
    return new LinkedHashMap<>(HEADERS);
  }

  @Override
  public String toString() {
    return "ResourceMetadata" + paths();
  }
}
