package dev.scoring.retraining;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The bundled UCI bank-marketing sample (every 6th row of bank-additional-full.csv in time order,
 * May 2008 to November 2010; see its SOURCE.txt). {@code pdays = 999} ("never contacted") is read
 * as missing; "unknown" stays a category level; labels are "yes"/"no".
 */
record BankData(FeatureSchema schema, List<Features> rows, List<String> labels) {

  static final Set<String> NUMBERS = Set.of("age", "duration", "campaign", "pdays", "previous",
      "emp.var.rate", "cons.price.idx", "cons.conf.idx", "euribor3m", "nr.employed");

  static BankData load() {
    try (InputStream in = new GZIPInputStream(Objects.requireNonNull(
            BankData.class.getResourceAsStream("/bank-marketing/bank-additional-every6th.csv.gz"), "bank sample"));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String[] header = split(r.readLine());
      FeatureSchema.Builder sb = FeatureSchema.builder();
      for (int i = 0; i < header.length - 1; i++) {
        if (NUMBERS.contains(header[i])) {
          sb.number(header[i]);
        } else {
          sb.category(header[i]);
        }
      }
      FeatureSchema schema = sb.build();
      List<Features> rows = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      MutableFeatures row = Features.mutable(schema);
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        String[] v = split(s);
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
      }
      return new BankData(schema, List.copyOf(rows), List.copyOf(labels));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String[] split(String line) {
    String[] v = line.split(";", -1);
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i].replace("\"", "");
    }
    return v;
  }
}
