package dev.scoring.api;

import org.jspecify.annotations.Nullable;

/**
 * One named, typed feature and its position in a {@link FeatureSchema}.
 *
 * @param name the feature's name, unique in its schema: any text a CSV header or a model file uses
 *     ("Total Time Spent on Website" included), from 1 to {@value #MAX_NAME_LENGTH} chars, without
 *     control characters or backquotes (rule files write such names in backquotes)
 * @param type the feature's type
 * @param index the feature's position in its schema, from 0
 */
public record Feature(String name, FeatureType type, int index) {

  /** The longest feature name accepted, in chars. */
  public static final int MAX_NAME_LENGTH = 1000;

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if the name is not a valid feature name or the index is negative
   */
  public Feature {
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException("feature name '" + shown(name) + "' is not valid: " + problem);
    }
    if (index < 0) {
      throw new IllegalArgumentException("feature '" + name + "' has negative index " + index);
    }
  }

  /**
   * Why {@code name} cannot be a feature name, or {@code null} if it can: it must be 1 to
   * {@value #MAX_NAME_LENGTH} chars, not only spaces, without control characters or backquotes.
   */
  public static @Nullable String nameProblem(String name) {
    if (name.isBlank()) {
      return "it is empty or blank";
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return "it is longer than " + MAX_NAME_LENGTH + " chars";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        return "it contains a control character (U+" + String.format("%04X", (int) c) + ") at position " + i;
      }
      if (c == '`') {
        return "it contains a backquote at position " + i;
      }
    }
    return null;
  }

  private static String shown(String name) {
    String s = name.length() > 60 ? name.substring(0, 57) + "..." : name;
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(c -> sb.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
    return sb.toString();
  }

  @Override
  public String toString() {
    return name + ":" + type.name().toLowerCase(java.util.Locale.ROOT);
  }
}
