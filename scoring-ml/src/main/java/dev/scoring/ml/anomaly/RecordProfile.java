package dev.scoring.ml.anomaly;

import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What recent normal records look like, feature by feature, and how a record becomes the numbers
 * an isolation forest splits on: a number is itself (a missing one its median) plus a missing
 * flag, a boolean 0 or 1 (missing ½), a category the share of recent records that had it (an unseen
 * one 0), so a rare category stands apart. Immutable.
 */
final class RecordProfile {

  static final String MISSING = "\u0000missing";

  final int[] columns;
  final FeatureType[] types;
  final String[] names;
  /** Per feature: the first dimension it encodes to. */
  final int[] dim;
  final int dims;
  final double[] median;
  final double[] low;
  final double[] high;
  final double[] missingShare;
  final double[] trueShare;
  final List<Map<String, Double>> shares;

  RecordProfile(int[] columns, FeatureType[] types, String[] names, double[] median, double[] low, double[] high,
      double[] missingShare, double[] trueShare, List<Map<String, Double>> shares) {
    this.columns = columns;
    this.types = types;
    this.names = names;
    this.median = median;
    this.low = low;
    this.high = high;
    this.missingShare = missingShare;
    this.trueShare = trueShare;
    this.shares = List.copyOf(shares);
    this.dim = new int[columns.length];
    int d = 0;
    for (int f = 0; f < columns.length; f++) {
      dim[f] = d;
      d += types[f] == FeatureType.NUMBER ? 2 : 1;
    }
    this.dims = d;
  }

  /** The profile of {@code rows[0..n)} for the given features. */
  static RecordProfile of(int[] columns, FeatureType[] types, String[] names, Features[] rows, int n) {
    int k = columns.length;
    double[] median = new double[k];
    double[] low = new double[k];
    double[] high = new double[k];
    double[] missing = new double[k];
    double[] trueShare = new double[k];
    List<Map<String, Double>> shares = new java.util.ArrayList<>();
    double[] values = new double[n];
    for (int f = 0; f < k; f++) {
      int c = columns[f];
      Map<String, Double> share = new HashMap<>();
      int present = 0;
      int miss = 0;
      int trues = 0;
      for (int i = 0; i < n; i++) {
        Features r = rows[i];
        if (r.isMissing(c)) {
          miss++;
          if (types[f] == FeatureType.CATEGORY) {
            share.merge(MISSING, 1.0, Double::sum);
          }
          continue;
        }
        switch (types[f]) {
          case NUMBER -> values[present++] = r.number(c);
          case BOOLEAN -> trues += r.bool(c) ? 1 : 0;
          default -> share.merge(r.string(c), 1.0, Double::sum);
        }
      }
      missing[f] = (double) miss / n;
      trueShare[f] = n == miss ? 0 : (double) trues / (n - miss);
      if (types[f] == FeatureType.NUMBER && present > 0) {
        double[] sorted = Arrays.copyOf(values, present);
        Arrays.sort(sorted);
        median[f] = quantile(sorted, 0.5);
        low[f] = quantile(sorted, 0.05);
        high[f] = quantile(sorted, 0.95);
      }
      share.replaceAll((key, v) -> v / n);
      shares.add(Map.copyOf(share));
    }
    return new RecordProfile(columns, types, names, median, low, high, missing, trueShare, shares);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }

  /** Encodes a row into {@code out[0..dims)}. */
  void encode(Features row, double[] out) {
    for (int f = 0; f < columns.length; f++) {
      int c = columns[f];
      int d = dim[f];
      boolean miss = row.isMissing(c);
      switch (types[f]) {
        case NUMBER -> {
          out[d] = miss ? median[f] : row.number(c);
          out[d + 1] = miss ? 1 : 0;
        }
        case BOOLEAN -> out[d] = miss ? 0.5 : (row.bool(c) ? 1 : 0);
        default -> {
          Double s = shares.get(f).get(miss ? MISSING : row.string(c));
          out[d] = s == null ? 0 : s;
        }
      }
    }
  }

  /** Replaces feature {@code f}'s dimensions in {@code out} by those of a typical record. */
  void typical(int f, double[] out) {
    int d = dim[f];
    switch (types[f]) {
      case NUMBER -> {
        out[d] = median[f];
        out[d + 1] = missingShare[f] > 0.5 ? 1 : 0;
      }
      case BOOLEAN -> out[d] = missingShare[f] > 0.5 ? 0.5 : (trueShare[f] >= 0.5 ? 1 : 0);
      default -> {
        double best = 0;
        for (double v : shares.get(f).values()) {
          best = Math.max(best, v);
        }
        out[d] = best;
      }
    }
  }

  /** What feature {@code f} of {@code row} is, against recent records, for people. */
  String describe(int f, Features row) {
    int c = columns[f];
    String name = names[f];
    if (row.isMissing(c)) {
      return name + " is missing (" + pct(missingShare[f]) + " of recent records)";
    }
    return switch (types[f]) {
      case NUMBER -> name + " = " + row.display(c) + " (typical " + Interval.round(low[f]) + " to " + Interval.round(high[f]) + ")";
      case BOOLEAN -> name + " = " + row.bool(c) + " (" + pct(row.bool(c) ? trueShare[f] : 1 - trueShare[f]) + " of recent records)";
      default -> {
        Double s = shares.get(f).get(row.string(c));
        yield name + " = " + row.string(c) + (s == null ? " (not seen in recent records)" : " (" + pct(s) + " of recent records)");
      }
    };
  }

  private static String pct(double share) {
    return Interval.round(100 * share) + "%";
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(columns.length);
    for (int f = 0; f < columns.length; f++) {
      out.writeDouble(median[f]);
      out.writeDouble(low[f]);
      out.writeDouble(high[f]);
      out.writeDouble(missingShare[f]);
      out.writeDouble(trueShare[f]);
      Map<String, Double> s = shares.get(f);
      out.writeInt(s.size());
      for (Map.Entry<String, Double> e : new java.util.TreeMap<>(s).entrySet()) {
        out.writeUTF(e.getKey());
        out.writeDouble(e.getValue());
      }
    }
  }

  static RecordProfile read(DataInputStream in, int[] columns, FeatureType[] types, String[] names) throws IOException {
    int k = in.readInt();
    if (k != columns.length) {
      throw new IOException("profile of " + k + " features, expected " + columns.length);
    }
    double[] median = new double[k];
    double[] low = new double[k];
    double[] high = new double[k];
    double[] missing = new double[k];
    double[] trueShare = new double[k];
    List<Map<String, Double>> shares = new java.util.ArrayList<>();
    for (int f = 0; f < k; f++) {
      median[f] = in.readDouble();
      low[f] = in.readDouble();
      high[f] = in.readDouble();
      missing[f] = in.readDouble();
      trueShare[f] = in.readDouble();
      int m = in.readInt();
      if (m < 0) {
        throw new IOException("negative category count");
      }
      Map<String, Double> s = new HashMap<>();
      for (int i = 0; i < m; i++) {
        s.put(in.readUTF(), in.readDouble());
      }
      shares.add(Map.copyOf(s));
    }
    return new RecordProfile(columns, types, names, median, low, high, missing, trueShare, shares);
  }
}
