package dev.scoring.ml.logistic;

import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Shared, lazily built test data and models (trained once per JVM). */
final class Fixtures {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  private static BankData bank;
  private static LogisticModel binary;
  private static LogisticModel softmax;

  private Fixtures() {}

  static synchronized BankData bank() {
    if (bank == null) {
      bank = BankData.load();
    }
    return bank;
  }

  /** Binary model on the first 2,000 bank rows without duration; categories below 30 rows go to other. */
  static synchronized LogisticModel binary() {
    if (binary == null) {
      BankData d = bank();
      binary = LogisticTrainer.builder().exclude("duration").minCategoryCount(30).l2(1e-3).modelVersion("bank-test-1")
          .clock(CLOCK).build().train(d.rows.subList(0, 2000), d.labels.subList(0, 2000));
    }
    return binary;
  }

  /** Softmax model predicting poutcome (failure / nonexistent / success) from a few features. */
  static synchronized LogisticModel softmax() {
    if (softmax == null) {
      BankData d = bank();
      List<String> labels = new ArrayList<>();
      int idx = d.schema.feature("poutcome").index();
      for (Features r : d.rows.subList(0, 2000)) {
        labels.add(r.string(idx));
      }
      softmax = LogisticTrainer.builder().features(List.of("age", "campaign", "euribor3m", "contact", "month", "pdays"))
          .minCategoryCount(30).l2(1e-3).modelVersion("poutcome-test-1").clock(CLOCK).build()
          .train(d.rows.subList(0, 2000), labels);
    }
    return softmax;
  }

  /** Rows for scoring tests: held-out bank rows, plus rows with an unseen category and a missing pdays. */
  static List<Features> sampleRows() {
    BankData d = bank();
    List<Features> rows = new ArrayList<>(d.rows.subList(3000, 3040));
    MutableFeatures m = Features.mutable(d.schema);
    m.copyFrom(d.rows.get(3001));
    m.setString(d.schema.feature("job").index(), "astronaut");
    m.setMissing(d.schema.feature("pdays").index());
    rows.add(m.snapshot());
    m.setString(d.schema.feature("month").index(), "smarch");
    rows.add(m.snapshot());
    return rows;
  }
}
