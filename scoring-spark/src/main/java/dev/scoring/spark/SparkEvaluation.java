package dev.scoring.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.evaluation.Calibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Evaluation of a scored table as Spark aggregations, with the figures of the in-process
 * {@link BinaryMetrics} and {@link Calibration} (equal up to the order of floating-point sums).
 *
 * <p>One aggregation counts rows and positives per distinct score (per segment); the driver then
 * walks the distinct scores in order as the in-process code walks its sorted rows, ties as one group.
 * The driver therefore receives one row per distinct score: fine for model probabilities over
 * millions of rows, not meant for billions of distinct values.
 *
 * <p>The score column must be numeric and not null; the label column numeric, 0 or 1, not null.
 */
public final class SparkEvaluation {

  private static final String SEGMENT = "__segment";

  private SparkEvaluation() {}

  /**
   * ROC AUC, PR AUC (average precision), log loss and Brier score of the whole table.
   *
   * @throws IllegalArgumentException if a score is null or not finite, a label is not 0 or 1, or one class is absent
   */
  public static BinaryMetrics binary(Dataset<Row> table, String scoreColumn, String labelColumn) {
    return ScoreTable.of(groups(table, scoreColumn, labelColumn, null).values().iterator().next()).metrics();
  }

  /**
   * {@link #binary} per value of {@code segmentColumn} (a null segment is {@code "null"}), in one aggregation.
   *
   * @throws IllegalArgumentException as {@link #binary}, for any segment
   */
  public static Map<String, BinaryMetrics> binaryBySegment(Dataset<Row> table, String scoreColumn, String labelColumn,
      String segmentColumn) {
    Map<String, BinaryMetrics> out = new TreeMap<>();
    groups(table, scoreColumn, labelColumn, segmentColumn).forEach((s, g) -> out.put(s, ScoreTable.of(g).metrics()));
    return out;
  }

  /**
   * The calibration in {@code bins} equal-width bins, as {@link Calibration#of(double[], int[], int)}.
   *
   * @throws IllegalArgumentException if a score is outside [0, 1], a label is not 0 or 1, or {@code bins < 1}
   */
  public static Calibration calibration(Dataset<Row> table, String scoreColumn, String labelColumn, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1: " + bins);
    }
    return ScoreTable.of(groups(table, scoreColumn, labelColumn, null).values().iterator().next()).calibration(bins);
  }

  /** Per segment (one entry "" without segments), the rows (score, rows, positives) in ascending score order. */
  private static Map<String, List<Row>> groups(Dataset<Row> table, String scoreColumn, String labelColumn,
      @org.jspecify.annotations.Nullable String segmentColumn) {
    Dataset<Row> t = table.select(col(scoreColumn).cast(DataTypes.DoubleType).as("s"), col(labelColumn).cast(DataTypes.DoubleType).as("y"),
        segmentColumn == null ? org.apache.spark.sql.functions.lit("") .as(SEGMENT) : col(segmentColumn).cast(DataTypes.StringType).as(SEGMENT));
    List<Row> bad = t.where("s is null or isnan(s) or s = double('inf') or s = double('-inf') or y is null or (y != 0 and y != 1)")
        .limit(1).collectAsList();
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("evaluation needs finite scores in '" + scoreColumn + "' and labels 0 or 1 in '"
          + labelColumn + "'; found score " + bad.get(0).get(0) + ", label " + bad.get(0).get(1));
    }
    List<Row> rows = t.groupBy(col(SEGMENT), col("s")).agg(count("*").as("n"), sum(col("y")).as("p"))
        .orderBy(col(SEGMENT), col("s")).collectAsList();
    Map<String, List<Row>> out = new TreeMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(r.isNullAt(0) ? "null" : r.getString(0), k -> new ArrayList<>()).add(r);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the table is empty: need at least one row");
    }
    return out;
  }

  /** Distinct scores in ascending order with their row and positive counts. */
  private record ScoreTable(double[] score, long[] rows, long[] positives, long n, long p) {

    static ScoreTable of(List<Row> groups) {
      int g = groups.size();
      double[] s = new double[g];
      long[] rows = new long[g];
      long[] pos = new long[g];
      long n = 0;
      long p = 0;
      for (int i = 0; i < g; i++) {
        Row r = groups.get(i);
        s[i] = r.getDouble(1);
        rows[i] = r.getLong(2);
        pos[i] = (long) r.getDouble(3);
        n += rows[i];
        p += pos[i];
      }
      return new ScoreTable(s, rows, pos, n, p);
    }

    BinaryMetrics metrics() {
      if (p == 0 || p == n) {
        throw new IllegalArgumentException("ROC AUC needs both classes but every label is " + (p == 0 ? 0 : 1) + " (" + n + " rows)");
      }
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(n + " rows: BinaryMetrics counts rows in an int");
      }
      // as Binary.auc and Binary.averagePrecision, over the same tie groups in the same order
      double negBelow = 0;
      double posSeen = 0;
      double acc = 0;
      for (int g = 0; g < score.length; g++) {
        double wp = positives[g];
        double wn = rows[g] - positives[g];
        acc += wp * (negBelow + 0.5 * wn);
        negBelow += wn;
        posSeen += wp;
      }
      double auc = acc / (posSeen * negBelow);
      double tp = 0;
      double fp = 0;
      double ap = 0;
      for (int g = score.length - 1; g >= 0; g--) {
        double wp = positives[g];
        double wn = rows[g] - positives[g];
        tp += wp;
        fp += wn;
        if (wp > 0) {
          ap += (wp / p) * (tp / (tp + fp));
        }
      }
      boolean probabilities = score[0] >= 0 && score[score.length - 1] <= 1;
      double logLoss = Double.NaN;
      double brier = Double.NaN;
      if (probabilities) {
        double ll = 0;
        double sq = 0;
        for (int g = 0; g < score.length; g++) {
          double q = Math.min(1 - 1e-15, Math.max(1e-15, score[g]));
          long neg = rows[g] - positives[g];
          ll -= positives[g] * Math.log(q) + neg * Math.log1p(-q);
          double d1 = score[g] - 1;
          double d0 = score[g];
          sq += positives[g] * d1 * d1 + neg * d0 * d0;
        }
        logLoss = ll / n;
        brier = sq / n;
      }
      return new BinaryMetrics((int) n, (int) p, auc, ap, logLoss, brier);
    }

    Calibration calibration(int bins) {
      if (score[0] < 0 || score[score.length - 1] > 1) {
        throw new IllegalArgumentException("calibration needs probabilities but a score is outside [0, 1]");
      }
      long[] count = new long[bins];
      double[] sum = new double[bins];
      double[] pos = new double[bins];
      for (int g = 0; g < score.length; g++) {
        int b = Math.min((int) (score[g] * bins), bins - 1);
        count[b] += rows[g];
        sum[b] += rows[g] * score[g];
        pos[b] += positives[g];
      }
      // as Calibration.of with equal weights
      List<Calibration.Bin> out = new ArrayList<>(bins);
      double ece = 0;
      double mce = 0;
      for (int b = 0; b < bins; b++) {
        double mean = count[b] == 0 ? Double.NaN : sum[b] / count[b];
        double rate = count[b] == 0 ? Double.NaN : pos[b] / count[b];
        if (count[b] > 0) {
          double gap = Math.abs(mean - rate);
          ece += (double) count[b] / n * gap;
          mce = Math.max(mce, gap);
        }
        out.add(new Calibration.Bin((double) b / bins, (double) (b + 1) / bins, count[b], mean, rate));
      }
      return new Calibration(out, ece, mce);
    }
  }
}
