package dev.scoring.api;

import java.util.regex.Pattern;

/**
 * One named, typed feature and its position in a {@link FeatureSchema}.
 *
 * @param name the feature's name, unique in its schema; letters, digits, {@code _ . -}
 * @param type the feature's type
 * @param index the feature's position in its schema, from 0
 */
public record Feature(String name, FeatureType type, int index) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if the name is not a valid feature name or the index is negative
   */
  public Feature {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "feature name '" + name + "' is not valid: use a letter or '_' then letters, digits, '_', '.', '-'");
    }
    if (index < 0) {
      throw new IllegalArgumentException("feature '" + name + "' has negative index " + index);
    }
  }

  @Override
  public String toString() {
    return name + ":" + type.name().toLowerCase(java.util.Locale.ROOT);
  }
}
