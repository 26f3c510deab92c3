package dev.scoring.ml.logistic;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The UCI bank-marketing 10% sample (test resource, see SOURCE.txt) as rows: numeric columns as
 * NUMBER, the others as CATEGORY; {@code pdays = 999} ("never contacted") is read as missing.
 */
final class BankData {

  static final Set<String> NUMBERS = Set.of("age", "duration", "campaign", "pdays", "previous", "emp.var.rate",
      "cons.price.idx", "cons.conf.idx", "euribor3m", "nr.employed");

  final FeatureSchema schema;
  final List<Features> rows = new ArrayList<>();
  final List<String> labels = new ArrayList<>();

  private BankData(FeatureSchema schema) {
    this.schema = schema;
  }

  static BankData load() {
    try (InputStream raw = BankData.class.getResourceAsStream("bank-additional.csv.gz")) {
      if (raw == null) {
        throw new IllegalStateException("test resource bank-additional.csv.gz not found");
      }
      return read(new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same format from a file, e.g. the full bank-additional-full.csv. */
  static BankData load(java.nio.file.Path csv) {
    try (BufferedReader in = java.nio.file.Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BankData read(BufferedReader in) {
    try {
      String[] header = split(in.readLine());
      FeatureSchema.Builder b = FeatureSchema.builder();
      for (int i = 0; i < header.length - 1; i++) {
        if (NUMBERS.contains(header[i])) {
          b.number(header[i]);
        } else {
          b.category(header[i]);
        }
      }
      BankData data = new BankData(b.build());
      String line;
      while ((line = in.readLine()) != null) {
        String[] cells = split(line);
        MutableFeatures row = Features.mutable(data.schema);
        for (int i = 0; i < header.length - 1; i++) {
          if (NUMBERS.contains(header[i])) {
            double v = Double.parseDouble(cells[i]);
            if (!(header[i].equals("pdays") && v == 999)) {
              row.setNumber(i, v);
            }
          } else {
            row.setString(i, cells[i]);
          }
        }
        data.rows.add(row.snapshot());
        data.labels.add(cells[header.length - 1]);
      }
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] split(String line) {
    String[] cells = line.split(";", -1);
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i];
      if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
        cells[i] = c.substring(1, c.length() - 1);
      }
    }
    return cells;
  }

  /** The area under the ROC curve (Mann-Whitney, ties counted half) of scores for labels equal to {@code positive}. */
  static double auc(double[] scores, List<String> labels, String positive) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, c) -> Double.compare(scores[a], scores[c]));
    double rankSum = 0;
    long pos = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels.get(order[k]).equals(positive)) {
          rankSum += rank;
          pos++;
        }
      }
      i = j + 1;
    }
    long neg = order.length - pos;
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }
}
