package dev.scoring.ml.logistic;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.ml.calibration.CalibratedScorer;
import dev.scoring.testing.ScorerContract;
import java.util.List;

/** The scorer contract for a logistic scorer wrapped in an isotonic {@link CalibratedScorer}. */
final class CalibratedLogisticContractTest extends ScorerContract {

  @Override
  protected Scorer createScorer() {
    BankData d = Fixtures.bank();
    List<Features> heldOut = d.rows.subList(2000, 3000);
    boolean[] labels = new boolean[heldOut.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = d.labels.get(2000 + i).equals("yes");
    }
    return CalibratedScorer.fit(Fixtures.binary().scorer("bank-calibrated", d.schema), "isotonic", heldOut, labels);
  }

  @Override
  protected List<Features> sampleRows() {
    return Fixtures.sampleRows();
  }
}
