package dev.scoring.ml.calibration;

/** Checks shared by the calibrators' fitting methods. */
final class Fitting {

  private Fitting() {}

  static void check(double[] scores, boolean[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
    }
    if (scores.length == 0) {
      throw new IllegalArgumentException("no held-out rows to fit a calibrator on");
    }
    boolean pos = false;
    boolean neg = false;
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
      }
      pos |= labels[i];
      neg |= !labels[i];
    }
    if (!pos || !neg) {
      throw new IllegalArgumentException(
          "the held-out labels are all " + (pos ? "positive" : "negative") + "; a calibrator needs both classes");
    }
  }
}
