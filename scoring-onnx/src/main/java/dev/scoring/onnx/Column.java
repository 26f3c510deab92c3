package dev.scoring.onnx;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.RecordException;
import org.jspecify.annotations.Nullable;

/**
 * One schema feature bound to a model input column, with its missing-value rule; resolved once at
 * load so the hot path reads by index.
 */
final class Column {

  final String name;
  final int index;
  final FeatureType type;
  /** The fill value for a missing number, or NaN when there is none. */
  private final double fillNumber;
  /** The fill value for a missing string, or null when there is none. */
  private final @Nullable String fillString;
  /** Whether a missing number without a fill value becomes NaN (missing=nan, float/double inputs). */
  private final boolean nanForMissing;
  private final String scorerId;

  Column(Feature feature, double fillNumber, @Nullable String fillString, boolean nanForMissing, String scorerId) {
    this.name = feature.name();
    this.index = feature.index();
    this.type = feature.type();
    this.fillNumber = fillNumber;
    this.fillString = fillString;
    this.nanForMissing = nanForMissing;
    this.scorerId = scorerId;
  }

  /** The feature as a number; a missing value is filled, NaN, or rejected. */
  double number(Features row) {
    double v = row.number(index);
    if (v == v) { // not NaN: present (rows never hold NaN as a value)
      return v;
    }
    if (fillNumber == fillNumber || nanForMissing) {
      return fillNumber;
    }
    throw missing();
  }

  /** The feature as a string; a missing value is filled or rejected. */
  String string(Features row) {
    String s = row.string(index);
    if (s != null) {
      return s;
    }
    if (fillString != null) {
      return fillString;
    }
    throw missing();
  }

  private RecordException missing() {
    return new RecordException(RecordException.Problem.MISSING_VALUE, name,
        "feature '" + name + "' is missing and scorer '" + scorerId + "' has no fill value for it"
            + " (set option " + OnnxOptions.MISSING_VALUES + " or " + OnnxOptions.MISSING + ")");
  }

  @Override
  public String toString() {
    return name + ":" + type.name().toLowerCase(java.util.Locale.ROOT);
  }
}
