import org.jspecify.annotations.NullMarked;

/**
 * The model lifecycle on top of the decision pipeline: the champion/challenger comparison from the
 * shadow log and the feedback ({@code dev.scoring.shadow}), retraining from feedback behind a
 * promotion gate and training files for tree models ({@code dev.scoring.retraining}), anomaly
 * detector episodes as monitor alarms ({@code dev.scoring.alarms}). Depends on
 * {@code scoring-api}, {@code scoring-ml} and {@code scoring-monitoring}; none of them depends on it.
 */
@NullMarked
module dev.scoring.lifecycle {
  requires transitive dev.scoring.api;
  requires transitive dev.scoring.ml;
  requires transitive dev.scoring.monitoring;
  requires com.fasterxml.jackson.core;
  requires static transitive org.jspecify;

  exports dev.scoring.alarms;
  exports dev.scoring.retraining;
  exports dev.scoring.shadow;
}
