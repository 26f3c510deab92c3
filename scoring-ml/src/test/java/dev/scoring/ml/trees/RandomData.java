package dev.scoring.ml.trees;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A random table for parity tests: numeric features with missing values, optional categorical codes, labels. */
final class RandomData {

  final int rows;
  final int cols;
  final float[] x;
  final float[] label;
  final boolean[] categorical;
  final int categories;
  final String[] names;

  RandomData(long seed, int rows, int cols, double missing, int catCols, int categories, int classes, String task) {
    Random r = new Random(seed);
    this.rows = rows;
    this.cols = cols;
    this.categories = categories;
    this.x = new float[rows * cols];
    this.label = new float[rows];
    this.categorical = new boolean[cols];
    this.names = new String[cols];
    for (int c = 0; c < cols; c++) {
      categorical[c] = c < catCols;
      names[c] = (categorical[c] ? "cat" : "num") + c;
    }
    double[] w = new double[cols];
    double[] catEffect = new double[categories];
    for (int c = 0; c < cols; c++) {
      w[c] = r.nextGaussian();
    }
    for (int k = 0; k < categories; k++) {
      catEffect[k] = r.nextGaussian() * 1.5;
    }
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int c = 0; c < cols; c++) {
        float v;
        if (categorical[c]) {
          int k = r.nextInt(categories);
          v = k;
          s += catEffect[k];
        } else {
          v = (float) (r.nextGaussian() * (1 + c));
          // a few repeated values so that thresholds coincide with data points
          if (r.nextInt(10) == 0) {
            v = Math.round(v);
          }
          s += w[c] * v / (1 + c) + (c == 1 ? Math.sin(v) : 0);
        }
        if (r.nextDouble() < missing) {
          v = Float.NaN;
          s += 0.5;
        }
        x[i * cols + c] = v;
      }
      s += r.nextGaussian() * 0.5;
      label[i] = switch (task) {
        case "binary" -> s > 0 ? 1 : 0;
        case "multi" -> (float) Math.floorMod((int) Math.floor(s * 1.3), classes);
        case "count" -> (float) Math.min(20, Math.floor(Math.exp(s / 2)));
        default -> (float) s;
      };
    }
  }

  FeatureSchema schema(boolean categoryAsString) {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int c = 0; c < cols; c++) {
      if (categorical[c] && categoryAsString) {
        b.category(names[c]);
      } else {
        b.number(names[c]);
      }
    }
    return b.build();
  }

  List<Features> features(FeatureSchema schema) {
    List<Features> out = new ArrayList<>(rows);
    MutableFeatures row = Features.mutable(schema);
    for (int i = 0; i < rows; i++) {
      row.clear();
      for (int c = 0; c < cols; c++) {
        float v = x[i * cols + c];
        if (!Float.isNaN(v)) {
          if (schema.feature(c).type() == dev.scoring.api.FeatureType.CATEGORY) {
            row.setString(c, Integer.toString((int) v));
          } else {
            row.setNumber(c, v);
          }
        }
      }
      out.add(row.snapshot());
    }
    return out;
  }

  double[] asDouble() {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }
}
