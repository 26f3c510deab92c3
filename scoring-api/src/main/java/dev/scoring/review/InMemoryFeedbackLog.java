package dev.scoring.review;

import java.util.ArrayList;
import java.util.List;

/** A {@link FeedbackLog} in memory; thread-safe and unbounded. */
public final class InMemoryFeedbackLog implements FeedbackLog {

  private final List<LabelledExample> examples = new ArrayList<>();

  @Override
  public synchronized void record(LabelledExample example) {
    examples.add(example);
  }

  @Override
  public synchronized List<LabelledExample> examples() {
    return List.copyOf(examples);
  }
}
