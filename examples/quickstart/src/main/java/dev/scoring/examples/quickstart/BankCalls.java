package dev.scoring.examples.quickstart;

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
import java.util.function.IntConsumer;
import java.util.zip.GZIPInputStream;

/**
 * The UCI bank-marketing calls bundled with the quickstart (41,188 calls, May 2008 to November 2010,
 * in time order; see SOURCE.txt): one row per call, the label "yes" when the customer subscribed a
 * term deposit. {@code pdays = 999} ("never contacted before") is read as missing; "unknown" stays a
 * category level.
 *
 * @param schema every column but the label
 * @param rows the calls, in time order
 * @param labels "yes" or "no" per call
 * @param periods the call's year and month, as "2009-04"
 */
record BankCalls(FeatureSchema schema, List<Features> rows, List<String> labels, List<String> periods) {

  static final String RESOURCE = "bank-additional-full.csv.gz";
  static final Set<String> NUMBERS = Set.of("age", "duration", "campaign", "pdays", "previous",
      "emp.var.rate", "cons.price.idx", "cons.conf.idx", "euribor3m", "nr.employed");
  private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

  /** Reads the bundled file; {@code progress} hears the count of rows read every 4,096 rows. */
  static BankCalls load(IntConsumer progress) {
    try (InputStream raw = BankCalls.class.getResourceAsStream(RESOURCE)) {
      if (raw == null) {
        throw new IllegalStateException("the quickstart jar lacks " + RESOURCE + "; rebuild it with mvn -B -q package -DskipTests");
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
      String[] header = split(in.readLine());
      FeatureSchema.Builder sb = FeatureSchema.builder();
      for (int i = 0; i < header.length - 1; i++) {
        if (NUMBERS.contains(header[i])) {
          sb.number(header[i]);
        } else {
          sb.category(header[i]);
        }
      }
      FeatureSchema schema = sb.build();
      int month = List.of(header).indexOf("month");
      List<Features> rows = new ArrayList<>(41_188);
      List<String> labels = new ArrayList<>(41_188);
      List<String> periods = new ArrayList<>(41_188);
      MutableFeatures row = Features.mutable(schema);
      int year = 2008;
      int previousMonth = -1;
      int line = 1;
      for (String s = in.readLine(); s != null; s = in.readLine()) {
        line++;
        String[] v = split(s);
        if (v.length != header.length) {
          throw new IllegalStateException(RESOURCE + " line " + line + " has " + v.length + " fields, the header " + header.length);
        }
        row.clear();
        for (int i = 0; i < header.length - 1; i++) {
          if (NUMBERS.contains(header[i])) {
            double x = Double.parseDouble(v[i]);
            if (!(header[i].equals("pdays") && x == 999)) {
              row.setNumber(i, x);
            }
          } else {
            row.setString(i, v[i]);
          }
        }
        rows.add(row.snapshot());
        labels.add(v[header.length - 1]);
        int m = MONTHS.indexOf(v[month]);
        if (m < previousMonth) {
          year++; // the file is in time order without a year: the year turns when the month goes back
        }
        previousMonth = m;
        periods.add(String.format("%d-%02d", year, m + 1));
        if ((line & 4095) == 0) {
          progress.accept(line - 1);
        }
      }
      return new BankCalls(schema, List.copyOf(rows), List.copyOf(labels), List.copyOf(periods));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static String[] split(String line) {
    String[] v = line.split(";", -1);
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i].replace("\"", "");
    }
    return v;
  }

  int index(String feature) {
    return schema.feature(feature).index();
  }

  /** Labels 1 ("yes") and 0 for rows [from, to). */
  int[] binary(int from, int to) {
    int[] y = new int[to - from];
    for (int i = from; i < to; i++) {
      y[i - from] = labels.get(i).equals("yes") ? 1 : 0;
    }
    return y;
  }
}
