package dev.scoring.ml.logistic;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.RecordException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted map from a row to the design matrix's columns (without the intercept): one block of
 * columns per used feature, in order. Immutable.
 *
 * <ul>
 *   <li>NUMBER: one column {@code (x - center) / scale}, center and scale the training mean and
 *       standard deviation (0 and 1 when not standardised).
 *   <li>BOOLEAN: one column, 1 or 0 (never standardised).
 *   <li>TIMESTAMP: days since: {@code (reference - t) / 86,400,000}, then as NUMBER.
 *   <li>CATEGORY: levels seen at least {@code minCount} times, most frequent first; the first is the
 *       reference (no column), each other level has a column; an {@code <other>} column if training
 *       had rarer levels, which also takes levels never seen (unseen levels go to the reference when
 *       there is no {@code <other>} column).
 *   <li>A {@code <missing>} indicator column per feature that had missing values in training (or
 *       for every feature when asked); a missing value's own column is then 0 (the mean for a
 *       standardised number). A missing value of a feature without an indicator cannot be scored.
 * </ul>
 */
final class Transformation {

  static final double MILLIS_PER_DAY = 86_400_000d;
  static final String OTHER = "<other>";
  static final String MISSING = "<missing>";

  enum Kind {
    NUMBER, BOOLEAN, TIMESTAMP, CATEGORY;

    FeatureType featureType() {
      return FeatureType.valueOf(name());
    }

    String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One feature's columns, starting at {@code firstColumn}. */
  record Block(
      String name,
      Kind kind,
      double center,
      double scale,
      double referenceMillis,
      List<String> levels,
      boolean other,
      boolean missingIndicator,
      int firstColumn) {

    Block {
      levels = List.copyOf(levels);
    }

    int width() {
      int w = kind == Kind.CATEGORY ? Math.max(0, levels.size() - 1) + (other ? 1 : 0) : 1;
      return w + (missingIndicator ? 1 : 0);
    }

    /** The column of level {@code i} (-1 for the reference level 0). */
    int levelColumn(int i) {
      return i == 0 ? -1 : firstColumn + i - 1;
    }

    int otherColumn() {
      return other ? firstColumn + levels.size() - 1 : -1;
    }

    int missingColumn() {
      return missingIndicator ? firstColumn + width() - 1 : -1;
    }

    /** The raw number on the model's scale before standardising (days since, for timestamps). */
    double derived(double raw) {
      return kind == Kind.TIMESTAMP ? (referenceMillis - raw) / MILLIS_PER_DAY : raw;
    }

    double standardised(double raw) {
      return (derived(raw) - center) / scale;
    }

    List<String> columnNames() {
      List<String> names = new ArrayList<>();
      if (kind == Kind.CATEGORY) {
        for (int i = 1; i < levels.size(); i++) {
          names.add(name + "=" + levels.get(i));
        }
        if (other) {
          names.add(name + "=" + OTHER);
        }
      } else {
        names.add(name);
      }
      if (missingIndicator) {
        names.add(name + "=" + MISSING);
      }
      return names;
    }
  }

  final List<Block> blocks;
  final int columns;
  final List<String> columnNames;
  /** Level index per category block (null for other blocks), for transform at training time. */
  private final List<Map<String, Integer>> levelIndex;

  Transformation(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
    List<String> names = new ArrayList<>();
    List<Map<String, Integer>> index = new ArrayList<>();
    int col = 0;
    for (Block b : this.blocks) {
      if (b.firstColumn() != col) {
        throw new IllegalArgumentException("block '" + b.name() + "' starts at column " + b.firstColumn() + ", expected " + col);
      }
      col += b.width();
      names.addAll(b.columnNames());
      index.add(levelMap(b));
    }
    this.columns = col;
    this.columnNames = List.copyOf(names);
    this.levelIndex = index;
  }

  static Map<String, Integer> levelMap(Block b) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < b.levels().size(); i++) {
      m.put(b.levels().get(i), i);
    }
    return m;
  }

  /** Options for fitting. */
  record Options(boolean standardise, int minCategoryCount, boolean alwaysMissingIndicators, Map<String, Long> timestampReference) {}

  /**
   * Fits the transformation on training rows.
   *
   * @throws TrainingException if a used feature has no value in any row
   */
  static Transformation fit(FeatureSchema schema, List<String> features, List<? extends Features> rows, Options o) {
    List<Block> blocks = new ArrayList<>();
    int col = 0;
    for (String name : features) {
      var f = schema.feature(name);
      int idx = f.index();
      Kind kind = switch (f.type()) {
        case NUMBER -> Kind.NUMBER;
        case BOOLEAN -> Kind.BOOLEAN;
        case TIMESTAMP -> Kind.TIMESTAMP;
        case CATEGORY -> Kind.CATEGORY;
        case TEXT -> throw new TrainingException("feature '" + name + "' is TEXT, which a logistic model does not use; leave it out");
      };
      int missing = 0;
      for (Features r : rows) {
        if (r.isMissing(idx)) {
          missing++;
        }
      }
      if (missing == rows.size()) {
        throw new TrainingException("feature '" + name + "' is missing in all " + rows.size() + " training rows");
      }
      boolean indicator = missing > 0 || o.alwaysMissingIndicators();
      Block b;
      if (kind == Kind.CATEGORY) {
        Map<String, Integer> counts = new HashMap<>();
        for (Features r : rows) {
          String s = r.string(idx);
          if (s != null) {
            counts.merge(s, 1, Integer::sum);
          }
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> levels = new ArrayList<>();
        boolean other = false;
        for (Map.Entry<String, Integer> e : sorted) {
          if (levels.isEmpty() || e.getValue() >= o.minCategoryCount()) {
            levels.add(e.getKey());
          } else {
            other = true;
          }
        }
        b = new Block(name, kind, 0, 1, 0, levels, other, indicator, col);
      } else {
        double reference = 0;
        if (kind == Kind.TIMESTAMP) {
          Long given = o.timestampReference().get(name);
          if (given != null) {
            reference = given;
          } else {
            reference = Double.NEGATIVE_INFINITY;
            for (Features r : rows) {
              if (!r.isMissing(idx)) {
                reference = Math.max(reference, r.number(idx));
              }
            }
          }
        }
        double center = 0;
        double scale = 1;
        if (o.standardise() && kind != Kind.BOOLEAN) {
          Block raw = new Block(name, kind, 0, 1, reference, List.of(), false, false, 0);
          double sum = 0;
          int n = 0;
          for (Features r : rows) {
            if (!r.isMissing(idx)) {
              sum += raw.derived(r.number(idx));
              n++;
            }
          }
          center = sum / n;
          double ss = 0;
          for (Features r : rows) {
            if (!r.isMissing(idx)) {
              double d = raw.derived(r.number(idx)) - center;
              ss += d * d;
            }
          }
          double sd = Math.sqrt(ss / n);
          scale = sd > 0 ? sd : 1.0;
        }
        b = new Block(name, kind, center, scale, reference, List.of(), false, indicator, col);
      }
      blocks.add(b);
      col += b.width();
    }
    return new Transformation(blocks);
  }

  /**
   * Writes the row's design values (without intercept) into {@code out[offset, offset + columns)}.
   *
   * @param index the schema index of each block's feature
   * @throws RecordException if a value is missing for a feature without a missing indicator
   */
  void transform(Features row, int[] index, double[] out, int offset) {
    java.util.Arrays.fill(out, offset, offset + columns, 0.0);
    for (int k = 0; k < blocks.size(); k++) {
      Block b = blocks.get(k);
      int i = index[k];
      if (row.isMissing(i)) {
        if (!b.missingIndicator()) {
          throw missing(b.name());
        }
        out[offset + b.missingColumn()] = 1.0;
        continue;
      }
      if (b.kind() == Kind.CATEGORY) {
        Integer level = levelIndex.get(k).get(row.string(i));
        int c = level == null ? b.otherColumn() : b.levelColumn(level);
        if (c >= 0) {
          out[offset + c] = 1.0;
        }
      } else {
        out[offset + b.firstColumn()] = b.standardised(row.number(i));
      }
    }
  }

  static RecordException missing(String feature) {
    return new RecordException(RecordException.Problem.MISSING_VALUE, feature,
        "feature '" + feature + "' is missing, and the logistic model saw no missing values of it in training (no missing indicator)");
  }
}
