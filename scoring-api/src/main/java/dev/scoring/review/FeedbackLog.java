package dev.scoring.review;

import java.util.List;

/**
 * Collects labelled examples (reviewers' overrides and observed outcomes) for retraining and for
 * quality monitoring. {@link InMemoryFeedbackLog} is provided; durable logs implement this
 * interface. Implementations are thread-safe.
 */
public interface FeedbackLog {

  /** Appends an example. */
  void record(LabelledExample example);

  /** Every example so far, oldest first. */
  List<LabelledExample> examples();
}
