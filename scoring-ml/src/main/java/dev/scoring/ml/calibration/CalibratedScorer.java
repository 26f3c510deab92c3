package dev.scoring.ml.calibration;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Any scorer followed by a {@link Calibrator}: the value becomes the calibrated probability of the
 * wrapped scorer's value; the margin stays the wrapped scorer's margin, so its explanations still
 * sum to it. Immutable and thread-safe when the wrapped scorer is; closing it closes the wrapped scorer.
 *
 * <p>Its provenance keeps the wrapped scorer's id and type; the model version gains
 * {@code "+<method>"} and the digest covers the wrapped digest and the calibrator's JSON.
 */
public final class CalibratedScorer implements Scorer {

  private final Scorer scorer;
  private final Calibrator calibrator;
  private final Provenance provenance;
  private volatile boolean closed;

  private CalibratedScorer(Scorer scorer, Calibrator calibrator) {
    this.scorer = scorer;
    this.calibrator = calibrator;
    Provenance p = scorer.provenance();
    String digest = ModelSource.digest((p.modelDigest() + "\n" + calibrator.toJson()).getBytes(StandardCharsets.UTF_8));
    this.provenance = new Provenance(p.scorerId(), p.type(), p.modelVersion() + "+" + calibrator.method(), digest);
  }

  /** Wraps {@code scorer} with {@code calibrator}. */
  public static CalibratedScorer of(Scorer scorer, Calibrator calibrator) {
    return new CalibratedScorer(scorer, calibrator);
  }

  /**
   * Fits a calibrator of the given method on held-out rows and labels, then wraps the scorer.
   * Platt scaling scales log-odds when the scorer's values are probabilities, raw values otherwise.
   *
   * @param method {@code "platt"} or {@code "isotonic"}
   * @throws IllegalArgumentException for another method, rows and labels of different lengths,
   *     or labels of one class only
   */
  public static CalibratedScorer fit(Scorer scorer, String method, List<? extends Features> heldOut, boolean[] labels) {
    double[] values = new double[heldOut.size()];
    scorer.scoreBatch(heldOut, values);
    Calibrator c = switch (method) {
      case "platt" -> {
        boolean probability = !heldOut.isEmpty() && scorer.score(heldOut.get(0)).kind() == dev.scoring.api.ScoreKind.PROBABILITY;
        yield PlattCalibrator.fit(values, labels, probability);
      }
      case "isotonic" -> IsotonicCalibrator.fit(values, labels);
      default -> throw new IllegalArgumentException("unknown calibration method '" + method + "'; known: platt, isotonic");
    };
    return of(scorer, c);
  }

  /** The wrapped scorer. */
  public Scorer scorer() {
    return scorer;
  }

  /** The calibrator. */
  public Calibrator calibrator() {
    return calibrator;
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return scorer.schema();
  }

  /** A probability. */
  @Override
  public java.util.Optional<dev.scoring.api.ScoreKind> kind() {
    return java.util.Optional.of(dev.scoring.api.ScoreKind.PROBABILITY);
  }

  @Override
  public Score score(Features row) {
    checkOpen();
    Score s = scorer.score(row);
    return Score.probability(calibrator.apply(s.value()), s.margin(), provenance);
  }

  @Override
  public double scoreValue(Features row) {
    checkOpen();
    return calibrator.apply(scorer.scoreValue(row));
  }

  @Override
  public void scoreBatch(List<? extends Features> rows, double[] values) {
    checkOpen();
    scorer.scoreBatch(rows, values);
    for (int i = 0, n = rows.size(); i < n; i++) {
      values[i] = calibrator.apply(values[i]);
    }
  }

  @Override
  public Explanation explain(Features row) {
    Explanation e = scorer.explain(row);
    return new Explanation(provenance.scorerId(), e.bias(), e.contributions(), e.firedRules());
  }

  @Override
  public void close() {
    closed = true;
    scorer.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("scorer '" + provenance.scorerId() + "' is closed");
    }
  }
}
