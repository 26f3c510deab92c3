package dev.scoring.ml.logistic;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelException;
import dev.scoring.ml.internal.ModelKinds;
import dev.scoring.api.ModelSource;
import dev.scoring.ml.calibration.Calibrator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A trained logistic regression: the fitted feature transformation, the coefficients, optional
 * standard errors and calibration, and its {@link TrainingProvenance}. Immutable and thread-safe.
 *
 * <p>Binary models have classes {@code [negative, positive]}; softmax models have three or more.
 * Class 0 is the reference: its margin is 0, and {@link #coefficients(int)} gives zeros for it.
 * The margin of class k is {@code coefficients(k)[0] + sum_j coefficients(k)[1 + j] * x_j} over the
 * design columns {@link #columns()}; the binary probability is the sigmoid of class 1's margin.
 *
 * <p>Saved as JSON with {@link #toJson()} (format described in the module README) and read back
 * with {@link #read(byte[], String)}; scored with {@link #scorer(String, FeatureSchema)} or through
 * the {@code logistic} provider.
 */
public final class LogisticModel {

  /** The file format version this library writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  final String modelVersion;
  final List<String> classes;
  final Transformation transformation;
  final double[][] coef;
  final double[] standardErrors;
  final @Nullable Calibrator calibration;
  final TrainingProvenance provenance;

  LogisticModel(
      String modelVersion,
      List<String> classes,
      Transformation transformation,
      double[][] coef,
      double[] standardErrors,
      @Nullable Calibrator calibration,
      TrainingProvenance provenance) {
    if (modelVersion.isBlank()) {
      throw new IllegalArgumentException("model version must not be blank");
    }
    if (classes.size() < 2) {
      throw new IllegalArgumentException("a logistic model needs at least two classes, got " + classes);
    }
    if (coef.length != classes.size() - 1) {
      throw new IllegalArgumentException(coef.length + " coefficient rows for " + classes.size() + " classes");
    }
    for (double[] row : coef) {
      if (row.length != transformation.columns + 1) {
        throw new IllegalArgumentException(row.length + " coefficients for " + transformation.columns + " columns and an intercept");
      }
      for (double v : row) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("coefficients must be finite, got " + v);
        }
      }
    }
    if (standardErrors.length != 0 && standardErrors.length != transformation.columns + 1) {
      throw new IllegalArgumentException(standardErrors.length + " standard errors for " + (transformation.columns + 1) + " coefficients");
    }
    if (calibration != null && classes.size() != 2) {
      throw new IllegalArgumentException("calibration applies to binary models only; this one has classes " + classes);
    }
    this.modelVersion = modelVersion;
    this.classes = List.copyOf(classes);
    this.transformation = transformation;
    this.coef = new double[coef.length][];
    for (int k = 0; k < coef.length; k++) {
      this.coef[k] = coef[k].clone();
    }
    this.standardErrors = standardErrors.clone();
    this.calibration = calibration;
    this.provenance = provenance;
  }

  /**
   * Reads a model file.
   *
   * @throws ModelException naming the file, line and column if it is malformed, and saying so
   *     clearly if it was written by a newer format version
   */
  public static LogisticModel read(Path file) {
    return read(ModelSource.path(file).read(), file.toString());
  }

  /**
   * Reads a model from its JSON bytes (UTF-8).
   *
   * @param sourceName where they came from, for messages
   * @throws ModelException naming the source, line and column if they are malformed, and saying
   *     so clearly if they were written by a newer format version
   */
  public static LogisticModel read(byte[] json, String sourceName) {
    try {
      return ModelJson.read(new String(json, StandardCharsets.UTF_8), sourceName);
    } catch (ModelException e) {
      throw ModelKinds.mismatch(json, sourceName, ModelKinds.LOGISTIC, e);
    }
  }

  /** The model as JSON (UTF-8), in format version {@link #FORMAT_VERSION}. */
  public byte[] toJson() {
    return ModelJson.write(this).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A scorer bound to {@code schema}: each used feature must be in it with the same type.
   *
   * @param scorerId the scorer's id in scores and audit records
   * @throws ModelException if the schema lacks a feature or has it with another type
   */
  public LogisticScorer scorer(String scorerId, FeatureSchema schema) {
    return new LogisticScorer(this, scorerId, schema, ModelSource.digest(toJson()), true);
  }

  /** The model's version string, as given to the trainer. */
  public String modelVersion() {
    return modelVersion;
  }

  /** The class labels; class 0 is the reference (the negative class of a binary model). */
  public List<String> classes() {
    return classes;
  }

  /** Whether this is a softmax model over three or more classes. */
  public boolean isMultinomial() {
    return classes.size() > 2;
  }

  /** The features the model reads, in order. */
  public List<String> features() {
    List<String> names = new ArrayList<>();
    for (Transformation.Block b : transformation.blocks) {
      names.add(b.name());
    }
    return names;
  }

  /** The feature schema the model binds to: its features with their types, in model order. */
  public FeatureSchema requiredSchema() {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (Transformation.Block block : transformation.blocks) {
      b.add(block.name(), block.kind().featureType());
    }
    return b.build();
  }

  /** The design columns, e.g. {@code "age"}, {@code "job=blue-collar"}, {@code "job=<other>"}, {@code "age=<missing>"}. */
  public List<String> columns() {
    return transformation.columnNames;
  }

  /**
   * Class {@code classIndex}'s intercept followed by one coefficient per {@link #columns() column}
   * (a copy; zeros for the reference class 0).
   *
   * @throws IndexOutOfBoundsException if there is no such class
   */
  public double[] coefficients(int classIndex) {
    if (classIndex < 0 || classIndex >= classes.size()) {
      throw new IndexOutOfBoundsException("class " + classIndex + " of " + classes);
    }
    return classIndex == 0 ? new double[transformation.columns + 1] : coef[classIndex - 1].clone();
  }

  /**
   * Standard errors of the positive class's intercept and coefficients (aligned with
   * {@link #coefficients(int)}), from the inverse Hessian at the optimum; computed for
   * unpenalised binary models fitted with Newton's method, empty otherwise.
   */
  public Optional<double[]> standardErrors() {
    return standardErrors.length == 0 ? Optional.empty() : Optional.of(standardErrors.clone());
  }

  /** The calibration applied to the binary probability, if any. */
  public Optional<Calibrator> calibration() {
    return Optional.ofNullable(calibration);
  }

  /**
   * This model with another calibration ({@code null} for none).
   *
   * @throws IllegalArgumentException if the model is multinomial and a calibrator is given
   */
  public LogisticModel withCalibration(@Nullable Calibrator calibrator) {
    return new LogisticModel(modelVersion, classes, transformation, coef, standardErrors, calibrator, provenance);
  }

  /** How the model was trained. */
  public TrainingProvenance provenance() {
    return provenance;
  }

  boolean sameCoefficients(LogisticModel other) {
    return Arrays.deepEquals(coef, other.coef);
  }

  @Override
  public String toString() {
    return "LogisticModel[" + modelVersion + ", classes " + classes + ", " + transformation.columns + " columns]";
  }
}
