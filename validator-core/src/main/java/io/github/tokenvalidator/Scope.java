package io.github.tokenvalidator;

import io.github.tokenvalidator.internal.json.Interner;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An OAuth 2.0 scope: an immutable set of scope elements, parsed once.
 *
 * <p>A scope is written as space-separated elements ({@code "accessRestricted push.application.*"}); each
 * element must be an RFC 6749 §3.3 {@code scope-token}. A scope that is <em>granted</em> (the scope of a
 * token, or the scope a confidential client is allowed) may use {@code *} in an element to mean any run of
 * zero or more characters, anywhere and more than once; a lone {@code *} covers every scope. In a
 * <em>required</em> scope the asterisk has no special meaning. {@link #covers(Scope)} runs in time linear in
 * the lengths of the two elements it compares: no regular expressions, no backtracking.
 *
 * <pre>{@code
 * Scope granted = Scope.of("send* push.application.*");
 * granted.covers(Scope.of("sendMessage push.application.com.example"));  // true
 * granted.covers(Scope.of("messages.write"));                            // false
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Scope {
  private static final Scope EMPTY = new Scope(new String[0]);
  private static final String WILDCARD = "*";
  /** Above this many elements, literal look-ups go through a hash set rather than a scan. */
  private static final int SCAN_LIMIT = 8;

  // An array, not a List and a Set: a cached answer holds one Scope, and this keeps it to two objects.
  private final String[] elements;
  private final Set<String> largeSet;
  private final boolean coversAll;
  private final boolean hasPatterns;

  private Scope(String[] elements) {
    this.elements = elements;
    this.largeSet = elements.length > SCAN_LIMIT ? Set.of(elements) : null;
    boolean all = false;
    boolean patterns = false;
    for (String element : elements) {
      all |= element.equals(WILDCARD);
      patterns |= element.indexOf('*') >= 0;
    }
    this.coversAll = all;
    this.hasPatterns = patterns;
  }

  /**
   * The scope with no elements; every token covers it.
   *
   * @return the empty scope
   */
  public static Scope empty() {
    return EMPTY;
  }

  /**
   * Parses a space-separated scope. Runs of spaces are allowed; duplicates are kept once, in first order.
   *
   * @param scope space-separated elements; empty or blank for the empty scope
   * @return the parsed scope
   * @throws NullPointerException if {@code scope} is null
   * @throws IllegalArgumentException naming the element, if an element has a character RFC 6749 §3.3
   *     does not allow (control characters, {@code "}, {@code \}, non-ASCII)
   */
  public static Scope of(String scope) {
    Objects.requireNonNull(scope, "scope");
    List<String> parsed = new ArrayList<>();
    int length = scope.length();
    int start = 0;
    while (start < length) {
      if (scope.charAt(start) == ' ') {
        start++;
        continue;
      }
      int end = start;
      while (end < length && scope.charAt(end) != ' ') {
        end++;
      }
      parsed.add(checkedElement(scope.substring(start, end)));
      start = end;
    }
    return fromElements(parsed);
  }

  /**
   * A scope of the given elements, each checked as in {@link #of(String)}.
   *
   * @param elements the elements, in order
   * @return the scope of those elements
   * @throws IllegalArgumentException if an element is empty, contains a space or a character RFC 6749
   *     does not allow
   */
  public static Scope of(Collection<String> elements) {
    Objects.requireNonNull(elements, "elements");
    List<String> checked = new ArrayList<>(elements.size());
    for (String element : elements) {
      Objects.requireNonNull(element, "scope element");
      if (element.isEmpty() || element.indexOf(' ') >= 0) {
        throw new IllegalArgumentException("Scope element must be non-empty and contain no space: \""
            + printable(element) + "\"");
      }
      checked.add(checkedElement(element));
    }
    return fromElements(checked);
  }

  private static Scope fromElements(List<String> elements) {
    if (elements.isEmpty()) {
      return EMPTY;
    }
    LinkedHashSet<String> distinct = new LinkedHashSet<>(elements);
    String[] shared = new String[distinct.size()];
    int i = 0;
    for (String element : distinct) {
      shared[i++] = Interner.intern(element);
    }
    return new Scope(shared);
  }

  private static String checkedElement(String element) {
    for (int i = 0; i < element.length(); i++) {
      char c = element.charAt(i);
      // scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
      if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
        throw new IllegalArgumentException("Scope element has a character RFC 6749 does not allow: \""
            + printable(element) + "\"");
      }
    }
    return element;
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 64));
    for (int i = 0; i < text.length() && i < 64; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return text.length() > 64 ? out + "..." : out.toString();
  }

  /** {@return the elements in their first order, without duplicates; an unmodifiable view} */
  public Set<String> elements() {
    return new AbstractSet<String>() {
      @Override
      public Iterator<String> iterator() {
        return List.of(elements).iterator();
      }

      @Override
      public int size() {
        return elements.length;
      }

      @Override
      public boolean contains(Object element) {
        return element instanceof String && Scope.this.contains((String) element);
      }
    };
  }

  /** {@return whether this scope has no element} */
  public boolean isEmpty() {
    return elements.length == 0;
  }

  /**
   * {@return whether this scope has the element, compared literally (no wildcard matching)}
   *
   * @param element one scope element
   */
  public boolean contains(String element) {
    if (largeSet != null) {
      return largeSet.contains(element);
    }
    for (String mine : elements) {
      if (mine.equals(element)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@return whether this (granted) scope covers every element of {@code required}, with this scope's elements
   * read as wildcard patterns}
   *
   * @param required the scope a resource requires
   */
  public boolean covers(Scope required) {
    Objects.requireNonNull(required, "required");
    if (coversAll) {
      return true;
    }
    for (String element : required.elements) {
      if (!covers(element)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@return whether one element of this (granted) scope matches the single required {@code element}}
   *
   * @param element one required scope element
   */
  public boolean covers(String element) {
    Objects.requireNonNull(element, "element");
    if (coversAll || contains(element)) {
      return true;
    }
    if (!hasPatterns) {
      return false;
    }
    for (String pattern : elements) {
      if (pattern.indexOf('*') >= 0 && Wildcards.matches(pattern, element)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the elements joined by single spaces, the form a challenge or a token request carries. */
  @Override
  public String toString() {
    return String.join(" ", elements);
  }

  /** Two scopes are equal when they hold the same elements, in any order. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Scope) || ((Scope) other).elements.length != elements.length) {
      return false;
    }
    for (String element : ((Scope) other).elements) {
      if (!contains(element)) {
        return false;
      }
    }
    return true;
  }

  /** As a {@link Set}'s: the sum of the elements' hash codes. */
  @Override
  public int hashCode() {
    int hash = 0;
    for (String element : elements) {
      hash += element.hashCode();
    }
    return hash;
  }

  /** Glob matching where {@code *} is the only metacharacter, in linear time. */
  static final class Wildcards {
    private Wildcards() {}

    static boolean matches(String pattern, String text) {
      int firstStar = pattern.indexOf('*');
      if (firstStar < 0) {
        return pattern.equals(text);
      }
      int lastStar = pattern.lastIndexOf('*');
      String prefix = pattern.substring(0, firstStar);
      String suffix = pattern.substring(lastStar + 1);
      if (prefix.length() + suffix.length() > text.length()
          || !text.startsWith(prefix)
          || !text.endsWith(suffix)) {
        return false;
      }
      // Each literal run between stars is matched at its leftmost place; leftmost is always safe for a
      // glob, so no backtracking is ever needed. Every search is Knuth-Morris-Pratt: linear in total.
      int position = prefix.length();
      int limit = text.length() - suffix.length();
      int segmentStart = firstStar + 1;
      while (segmentStart <= lastStar) {
        int segmentEnd = pattern.indexOf('*', segmentStart);
        if (segmentEnd > segmentStart) {
          int found = indexOf(text, position, limit, pattern, segmentStart, segmentEnd);
          if (found < 0) {
            return false;
          }
          position = found + (segmentEnd - segmentStart);
        }
        segmentStart = segmentEnd + 1;
      }
      return true;
    }

    /** Knuth-Morris-Pratt search for pattern[from, to) in text[start, limit). */
    private static int indexOf(String text, int start, int limit, String pattern, int from, int to) {
      int length = to - from;
      int[] failure = new int[length];
      for (int i = 1, k = 0; i < length; i++) {
        while (k > 0 && pattern.charAt(from + i) != pattern.charAt(from + k)) {
          k = failure[k - 1];
        }
        if (pattern.charAt(from + i) == pattern.charAt(from + k)) {
          k++;
        }
        failure[i] = k;
      }
      for (int i = start, k = 0; i < limit; i++) {
        while (k > 0 && text.charAt(i) != pattern.charAt(from + k)) {
          k = failure[k - 1];
        }
        if (text.charAt(i) == pattern.charAt(from + k)) {
          k++;
        }
        if (k == length) {
          return i - length + 1;
        }
      }
      return -1;
    }
  }
}
