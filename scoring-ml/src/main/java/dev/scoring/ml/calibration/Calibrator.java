package dev.scoring.ml.calibration;

import dev.scoring.api.ModelException;

/**
 * Maps a scorer's output to a calibrated probability; immutable and thread-safe.
 *
 * <p>The input is the scorer's {@link dev.scoring.api.Score#value()} (what
 * {@link dev.scoring.api.Scorer#scoreValue} returns), so calibration adds no allocation to the hot
 * path. Serialised as a versioned JSON document, see {@link #toJson()} and {@link #fromJson(String, String)}.
 */
public sealed interface Calibrator permits PlattCalibrator, IsotonicCalibrator {

  /** The newest calibration format version this library reads and writes. */
  int FORMAT_VERSION = 1;

  /** The calibrated probability, in [0, 1], for a finite score. */
  double apply(double score);

  /** {@code "platt"} or {@code "isotonic"}. */
  String method();

  /** How many held-out rows it was fitted on. */
  long fittedRows();

  /**
   * The calibrator as a JSON object:
   * {@code {"format":"dev.scoring.calibration","format_version":1,"method":...,...}}.
   */
  String toJson();

  /**
   * Reads a calibrator written by {@link #toJson()}.
   *
   * @param json the JSON object
   * @param sourceName where it came from, for messages
   * @throws ModelException naming the source, line and column if it is malformed, or if it was
   *     written by a newer format version
   */
  static Calibrator fromJson(String json, String sourceName) {
    return CalibrationJson.read(json, sourceName);
  }
}
