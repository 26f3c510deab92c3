package dev.scoring.examples.cli;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.ModelDescription;
import dev.scoring.api.Scorer;
import dev.scoring.ml.logistic.LogisticScorer;
import dev.scoring.ml.trees.TreeScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * Compares the category values a run gave the model with those the model did not know (scored as
 * missing, by the model's own rule), so a run where most are unknown (integer codes given to a
 * model trained on labels) is reported instead of silently scored.
 */
final class UnseenCategories {

  /** The share of unknown values above which a run is reported. */
  static final double WARN_SHARE = 0.2;

  private final Scorer scorer;
  private final List<Integer> categoryFeatures = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private long values;

  UnseenCategories(Scorer scorer, @Nullable ModelDescription model, FeatureSchema schema) {
    this.scorer = scorer;
    if (model != null) {
      for (Feature f : model.features()) {
        if (f.type() == FeatureType.CATEGORY) {
          schema.find(f.name()).filter(s -> s.type() == FeatureType.CATEGORY).ifPresent(s -> {
            categoryFeatures.add(s.index());
            names.add(s.name());
          });
        }
      }
    }
  }

  /** Counts the category values of these records. */
  void count(List<CSVRecord> records, Columns columns) {
    for (int f : categoryFeatures) {
      int col = columns.columnOf(f);
      for (CSVRecord r : records) {
        if (col < r.size() && !r.get(col).isEmpty()) {
          values++;
        }
      }
    }
  }

  /** The warning for this run, or null when few values were unknown or the scorer does not count them. */
  @Nullable String warning() {
    OptionalLong unseen = unseen(scorer);
    if (unseen.isEmpty() || values == 0 || unseen.getAsLong() <= WARN_SHARE * values) {
      return null;
    }
    return String.format(Locale.ROOT, "%,d of the %,d category values in %s (%.0f%%) are unknown to the model and were scored as "
        + "missing; check that the columns hold the labels the model was trained on (not codes)", unseen.getAsLong(), values,
        names, 100.0 * unseen.getAsLong() / values);
  }

  static OptionalLong unseen(Scorer scorer) {
    if (scorer instanceof TreeScorer t) {
      return OptionalLong.of(t.unseenCategories());
    }
    if (scorer instanceof LogisticScorer l) {
      return OptionalLong.of(l.unseenCategoryCount());
    }
    return OptionalLong.empty();
  }
}
