package dev.scoring.retraining;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes labelled rows as a training file for XGBoost or LightGBM, which cannot be trained
 * in-library: the label first, then the chosen features in the schema's order, so a model trained
 * on the file binds back to the schema by position (give the {@code xgboost}/{@code lightgbm}
 * provider the {@link #columns()} as its {@code features} option).
 *
 * <ul>
 *   <li>{@link Format#CSV}: a header line ({@code label,} then the feature names), one line per row;
 *       a missing value is an empty field; numbers in Java's shortest round-trip form, booleans 1/0,
 *       timestamps as epoch milliseconds.
 *   <li>{@link Format#LIBSVM}: {@code label index:value ...} with 0-based indices (LightGBM's
 *       convention; XGBoost reads it with {@code ?format=libsvm&indexing_mode=0}); a missing value is
 *       left out, a zero is written.
 * </ul>
 *
 * Category and text features cannot be written as numbers that bind back to the schema: the export
 * refuses them by name, and a caller leaves them out with {@link #of(FeatureSchema, List)}.
 * Immutable and thread-safe.
 */
public final class TrainingExport {

  /** The file format. */
  public enum Format {
    /** Comma-separated with a header line. */
    CSV,
    /** LibSVM sparse text, 0-based indices. */
    LIBSVM
  }

  private static final Set<FeatureType> NUMERIC = Set.of(FeatureType.NUMBER, FeatureType.BOOLEAN, FeatureType.TIMESTAMP);

  private final FeatureSchema schema;
  private final int[] indices;
  private final List<String> columns;

  private TrainingExport(FeatureSchema schema, int[] indices, List<String> columns) {
    this.schema = schema;
    this.indices = indices;
    this.columns = List.copyOf(columns);
  }

  /**
   * Every feature of the schema, in its order.
   *
   * @throws IllegalArgumentException if a feature is a category or text (naming it)
   */
  public static TrainingExport of(FeatureSchema schema) {
    return of(schema, schema.names());
  }

  /**
   * The named features, written in the schema's order (whatever the order of {@code features}).
   *
   * @throws IllegalArgumentException if a name is unknown, or a feature is a category or text
   */
  public static TrainingExport of(FeatureSchema schema, List<String> features) {
    Set<String> wanted = Set.copyOf(features);
    for (String name : wanted) {
      schema.feature(name);  // throws for an unknown name
    }
    List<Integer> idx = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Feature f : schema.features()) {
      if (!wanted.contains(f.name())) {
        continue;
      }
      if (!NUMERIC.contains(f.type())) {
        throw new IllegalArgumentException("feature '" + f.name() + "' is a " + f.type().name().toLowerCase(java.util.Locale.ROOT)
            + ": XGBoost and LightGBM training files hold numbers that bind back to the schema; leave it out with "
            + "TrainingExport.of(schema, features)");
      }
      idx.add(f.index());
      names.add(f.name());
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no features to export");
    }
    return new TrainingExport(schema, idx.stream().mapToInt(Integer::intValue).toArray(), names);
  }

  /** The feature columns written after the label, in order. */
  public List<String> columns() {
    return columns;
  }

  /**
   * Writes {@code rows} with {@code labels} (0 or 1).
   *
   * @throws IllegalArgumentException if the lengths differ, a label is not 0 or 1, or a row is bound to another schema
   * @throws IOException if writing fails
   */
  public void write(List<? extends Features> rows, int[] labels, Format format, Writer out) throws IOException {
    if (rows.size() != labels.length) {
      throw new IllegalArgumentException(rows.size() + " rows but " + labels.length + " labels");
    }
    StringBuilder line = new StringBuilder(256);
    if (format == Format.CSV) {
      line.append("label");
      for (String c : columns) {
        line.append(',').append(csvName(c));
      }
      out.write(line.append('\n').toString());
    }
    for (int r = 0; r < labels.length; r++) {
      if (labels[r] != 0 && labels[r] != 1) {
        throw new IllegalArgumentException("label of row " + r + " is " + labels[r] + ", not 0 or 1");
      }
      Features row = rows.get(r);
      row.requireSchema(schema);
      line.setLength(0);
      line.append(labels[r]);
      for (int c = 0; c < indices.length; c++) {
        int i = indices[c];
        boolean missing = row.isMissing(i);
        if (format == Format.CSV) {
          line.append(',');
          if (!missing) {
            line.append(value(row, i));
          }
        } else if (!missing) {
          line.append(' ').append(c).append(':').append(value(row, i));
        }
      }
      out.write(line.append('\n').toString());
    }
    out.flush();
  }

  private String value(Features row, int i) {
    return switch (schema.feature(i).type()) {
      case BOOLEAN -> row.bool(i) ? "1" : "0";
      case TIMESTAMP -> Long.toString(row.epochMillis(i));
      default -> number(row.number(i));
    };
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String csvName(String name) {
    if (name.indexOf(',') < 0 && name.indexOf('"') < 0 && name.indexOf('\n') < 0 && name.indexOf('\r') < 0) {
      return name;
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
