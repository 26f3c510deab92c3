package dev.scoring.ml.trees;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;

/**
 * A scorer backed by a tree ensemble (or an XGBoost linear booster), as built by
 * {@link XGBoostProvider} and {@link LightGbmProvider}: besides the {@link Scorer} methods it gives
 * the raw margins and the leaf each tree predicts. Immutable and thread-safe.
 */
public interface TreeScorer extends Scorer {

  /**
   * The margin of each output group (one for binary and regression models, one per class for
   * multiclass), before the link function: XGBoost's {@code output_margin}, LightGBM's {@code raw_score}.
   *
   * @throws dev.scoring.api.RecordException if the row is bound to another schema
   */
  double[] margins(Features row);

  /**
   * The leaf each tree reaches, in model order: XGBoost's node ids ({@code pred_leaf}), LightGBM's
   * leaf indexes ({@code pred_leaf}); empty for a linear booster.
   *
   * @throws dev.scoring.api.RecordException if the row is bound to another schema
   */
  int[] leaves(Features row);

  /** How many category values the model did not know were scored (as missing) since the scorer was built. */
  long unseenCategories();
}
