package dev.scoring.spark;

import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.monitoring.DriftMonitor;
import dev.scoring.monitoring.DriftReport;
import dev.scoring.monitoring.ReferenceProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jspecify.annotations.Nullable;
import scala.Tuple2;

/**
 * Drift of a whole table against a {@link ReferenceProfile}, as a Spark aggregation with the figures
 * of the in-process {@link DriftMonitor}: PSI and Jensen–Shannon distance, Kolmogorov–Smirnov for
 * numbers, chi-square for categories, adjusted p-values and the drift flags, per feature and for the
 * score, overall or per segment.
 *
 * <p>Each partition counts its rows into the monitor's bins ({@link DriftMonitor#count}) with a reused
 * row; the count vectors are summed and the driver's monitor {@linkplain DriftMonitor#evaluate
 * evaluates} them as one window: the same code, on the same counts, as a monitor with {@code
 * window(rows)} updated with every row in process, so the figures are identical. A value a feature
 * cannot take (NaN, infinite) counts as missing, as does a null score.
 */
public final class SparkDrift {

  private SparkDrift() {}

  /**
   * The drift report of {@code table} (its feature columns and, if given, its score column) against
   * {@code profile}, with {@code monitor}'s settings (PSI bins, correction, alarms).
   *
   * @param scoreColumn a numeric column with the final score, or {@code null} (the score then counts as missing)
   * @param monitor a monitor built on {@code profile}; only its settings are used
   * @throws SchemaMismatchException if a feature's column is missing or of the wrong type
   * @throws IllegalArgumentException if the table is empty, or {@code monitor} is not built on {@code profile}'s layout
   */
  public static DriftReport report(Dataset<Row> table, @Nullable String scoreColumn, ReferenceProfile profile,
      DriftMonitor monitor) {
    Map<String, long[]> counts = count(table, scoreColumn, null, profile);
    long[] all = counts.isEmpty() ? new long[monitor.newCounts().length + 1] : counts.values().iterator().next();
    return evaluate(monitor, all);
  }

  /**
   * {@link #report} per value of {@code segmentColumn} (a null segment is {@code "null"}), in one pass.
   *
   * @throws SchemaMismatchException if a feature's column is missing or of the wrong type
   * @throws IllegalArgumentException as {@link #report}, or if a segment has fewer rows than the monitor's minimum window
   */
  public static Map<String, DriftReport> reportBySegment(Dataset<Row> table, @Nullable String scoreColumn,
      String segmentColumn, ReferenceProfile profile, DriftMonitor monitor) {
    Map<String, DriftReport> out = new TreeMap<>();
    count(table, scoreColumn, segmentColumn, profile).forEach((s, c) -> out.put(s, evaluate(monitor, c)));
    return out;
  }

  private static DriftReport evaluate(DriftMonitor monitor, long[] countsAndRows) {
    int n = countsAndRows.length - 1;
    return monitor.evaluate(Arrays.copyOf(countsAndRows, n), countsAndRows[n]);
  }

  /** Per segment ("" without one): the summed count vector with the row count appended. */
  private static Map<String, long[]> count(Dataset<Row> table, @Nullable String scoreColumn, @Nullable String segmentColumn,
      ReferenceProfile profile) {
    ColumnBinding binding = ColumnBinding.bind(profile.schema(), table.schema());
    List<String> names = Arrays.asList(table.schema().fieldNames());
    int score = scoreColumn == null ? -1 : require(names, scoreColumn);
    int segment = segmentColumn == null ? -1 : require(names, segmentColumn);
    Broadcast<PortableProfile> b = JavaSparkContext.fromSparkContext(table.sparkSession().sparkContext())
        .broadcast(PortableProfile.of(profile));
    return new HashMap<>(table.toJavaRDD().mapPartitionsToPair((Iterator<Row> rows) -> {
      DriftMonitor counter = ExecutorCache.get(b.id(), () -> DriftMonitor.builder(b.value().toProfile()).window(1).build());
      MutableFeatures row = Features.mutable(b.value().toProfile().schema());
      Map<String, long[]> counts = new HashMap<>();
      Map<String, Long> rowCounts = new HashMap<>();
      int width = counter.newCounts().length;
      while (rows.hasNext()) {
        Row r = rows.next();
        String key = segment < 0 ? "" : r.isNullAt(segment) ? "null" : String.valueOf(r.get(segment));
        long[] c = counts.computeIfAbsent(key, k -> new long[width]);
        binding.fillLenient(r, row);
        double s = score < 0 || r.isNullAt(score) ? Double.NaN : ((Number) r.get(score)).doubleValue();
        counter.count(c, row, Double.isFinite(s) ? s : Double.NaN);
        rowCounts.merge(key, 1L, Long::sum);
      }
      List<Tuple2<String, long[]>> out = new ArrayList<>();
      counts.forEach((k, v) -> {
        long[] withRows = Arrays.copyOf(v, width + 1);
        withRows[width] = rowCounts.get(k);
        out.add(new Tuple2<>(k, withRows));
      });
      return out.iterator();
    }).reduceByKey((x, y) -> {
      long[] z = x.clone();
      for (int i = 0; i < z.length; i++) {
        z[i] += y[i];
      }
      return z;
    }).collectAsMap());
  }

  private static int require(List<String> names, String column) {
    int i = names.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("the table has no column '" + column + "'; its columns are " + names);
    }
    return i;
  }
}
