package dev.scoring.ml.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One field that two records are compared on: its name, its {@link FieldType}, and the similarity
 * thresholds that cut its comparison into levels. The levels are, in order: exact (similarity 1),
 * one per threshold (similarity at least that threshold, thresholds descending), else (below the
 * last threshold), and missing (either side has no value; always weight 0).
 *
 * <p>A field usually reads the record value of its own name on both sides. A <em>cross-field</em>
 * comparison ({@link #cross}) reads two different values, {@code source} on one record and
 * {@code otherSource} on the other, e.g. a lead's email against an account's web domain as a
 * {@link FieldType#DOMAIN} comparison (an email's domain is compared; a free-mail address is no
 * evidence, so the level is missing). It is symmetric: both orientations are compared and the
 * more similar one counts, so it serves a lookup and a dedup alike.
 *
 * @param name the field's name, e.g. {@code "company"}; for an ordinary field also the record value it reads
 * @param type what it holds
 * @param thresholds similarity thresholds in (0, 1), strictly descending (copied)
 * @param source the record value read on one side (the name, for an ordinary field)
 * @param otherSource the record value read on the other side (equal to {@code source}, for an ordinary field)
 */
public record MatchField(String name, FieldType type, double[] thresholds, String source, String otherSource) {

  /**
   * Checks and copies the thresholds.
   *
   * @throws IllegalArgumentException if a name is blank or the thresholds are not strictly descending in (0, 1)
   */
  public MatchField {
    Objects.requireNonNull(type, "type");
    if (name.isBlank() || source.isBlank() || otherSource.isBlank()) {
      throw new IllegalArgumentException("a match field needs a name and the record values it reads");
    }
    thresholds = thresholds.clone();
    for (int i = 0; i < thresholds.length; i++) {
      double t = thresholds[i];
      if (!(t > 0 && t < 1) || (i > 0 && !(t < thresholds[i - 1]))) {
        throw new IllegalArgumentException(
            "field '" + name + "': thresholds must descend strictly within (0, 1), got " + Arrays.toString(thresholds));
      }
    }
  }

  /** An ordinary field: it reads the record value {@code name} on both sides. */
  public MatchField(String name, FieldType type, double[] thresholds) {
    this(name, type, thresholds, name, name);
  }

  /** A field with its type's default thresholds (0.92 and 0.8 for most; TEXT, COMPANY, ADDRESS add 0.6). */
  public static MatchField of(String name, FieldType type) {
    return new MatchField(name, type, type.defaultThresholds());
  }

  /**
   * A cross-field comparison named {@code name} with its type's default thresholds: {@code source}
   * on one record against {@code otherSource} on the other, e.g.
   * {@code MatchField.cross("email_vs_domain", FieldType.DOMAIN, "email", "domain")}.
   */
  public static MatchField cross(String name, FieldType type, String source, String otherSource) {
    return new MatchField(name, type, type.defaultThresholds(), source, otherSource);
  }

  /** Whether this field compares two different record values. */
  public boolean isCross() {
    return !source.equals(otherSource);
  }

  /** The number of levels: exact, one per threshold, else, missing. */
  public int levels() {
    return thresholds.length + 3;
  }

  /** The index of the missing level (the last). */
  public int missingLevel() {
    return thresholds.length + 2;
  }

  /** The level of a similarity in [0, 1]. */
  public int level(double similarity) {
    if (similarity >= 1.0) {
      return 0;
    }
    for (int i = 0; i < thresholds.length; i++) {
      if (similarity >= thresholds[i]) {
        return i + 1;
      }
    }
    return thresholds.length + 1;
  }

  /** The level's name for explanations: {@code exact}, {@code >=0.92}, {@code different}, {@code missing}. */
  public String levelName(int level) {
    if (level == 0) {
      return "exact";
    }
    if (level <= thresholds.length) {
      return ">=" + stripZeros(thresholds[level - 1]);
    }
    if (level == thresholds.length + 1) {
      return "different";
    }
    if (level == thresholds.length + 2) {
      return "missing";
    }
    throw new IndexOutOfBoundsException("field '" + name + "' has " + levels() + " levels, not " + (level + 1));
  }

  /** All level names, in order. */
  public List<String> levelNames() {
    List<String> names = new ArrayList<>(levels());
    for (int i = 0; i < levels(); i++) {
      names.add(levelName(i));
    }
    return names;
  }

  /** A copy of the thresholds. */
  @Override
  public double[] thresholds() {
    return thresholds.clone();
  }

  private static String stripZeros(double v) {
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o instanceof MatchField f && name.equals(f.name) && type == f.type && Arrays.equals(thresholds, f.thresholds)
        && source.equals(f.source) && otherSource.equals(f.otherSource);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(thresholds), source, otherSource);
  }

  @Override
  public String toString() {
    return name + ":" + type + Arrays.toString(thresholds) + (isCross() ? "(" + source + " vs " + otherSource + ")" : "");
  }
}
