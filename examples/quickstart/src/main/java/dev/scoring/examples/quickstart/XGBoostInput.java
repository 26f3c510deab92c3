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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed XGBoost model's input: its numbers as they are, its categories as XGBoost's codes
 * (the position of the level in bank-xgboost.categories, written by the training recipe). A level
 * the training period never saw has no code and is missing for the model.
 */
final class XGBoostInput {

  static final String CATEGORIES = "bank-xgboost.categories";
  /** The model's numeric features, before its categories (as in train_xgboost.py). */
  private static final List<String> NUMBERS = List.of("age", "campaign", "pdays", "previous");

  private final FeatureSchema schema;
  private final Map<String, List<String>> levels;
  private final int[] from;
  private final boolean[] category;

  XGBoostInput(FeatureSchema bank) {
    levels = readLevels();
    FeatureSchema.Builder b = FeatureSchema.builder();
    NUMBERS.forEach(b::number);
    levels.keySet().forEach(b::category);
    schema = b.build();
    from = new int[schema.size()];
    category = new boolean[schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      String name = schema.features().get(i).name();
      from[i] = bank.feature(name).index();
      category[i] = levels.containsKey(name);
    }
  }

  FeatureSchema schema() {
    return schema;
  }

  /** The model's row for a bank call. */
  Features row(Features call) {
    MutableFeatures r = Features.mutable(schema);
    for (int i = 0; i < from.length; i++) {
      if (call.isMissing(from[i])) {
        continue;
      }
      if (category[i]) {
        int code = levels.get(schema.features().get(i).name()).indexOf(call.string(from[i]));
        if (code >= 0) {
          r.setString(i, Integer.toString(code));
        }
      } else {
        r.setNumber(i, call.number(from[i]));
      }
    }
    return r.snapshot();
  }

  List<Features> rows(List<Features> calls) {
    List<Features> out = new ArrayList<>(calls.size());
    calls.forEach(c -> out.add(row(c)));
    return out;
  }

  private static Map<String, List<String>> readLevels() {
    try (InputStream in = XGBoostInput.class.getResourceAsStream(CATEGORIES)) {
      if (in == null) {
        throw new IllegalStateException("the quickstart jar lacks " + CATEGORIES);
      }
      Map<String, List<String>> levels = new LinkedHashMap<>();
      for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(": ");
        levels.put(line.substring(0, colon), List.of(line.substring(colon + 2).split(" \\| ", -1)));
      }
      return levels;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CATEGORIES, e);
    }
  }
}
