package dev.scoring.monitoring;

import dev.scoring.api.Action;
import dev.scoring.api.Features;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.evaluation.BaselineComparison;
import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.evaluation.Bootstrap;
import dev.scoring.evaluation.Calibration;
import dev.scoring.evaluation.GuardrailSimulation;
import dev.scoring.evaluation.LeakageCheck;
import dev.scoring.evaluation.SegmentedEvaluation;
import dev.scoring.report.ModelCard;
import dev.scoring.report.ModelReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A full model report on the bank-marketing sample, for the report's tests: a hand-made score
 * (the rule points plus the employment rate, squashed) against the rule points, on the later 40%
 * of the calls, with drift against the earlier 60%.
 */
public final class BankReport {

  private BankReport() {}

  /** The report's builder with every part given. */
  public static ModelReport.Builder builder() {
    BankMarketing bank = BankMarketing.load();
    int n = bank.rows().size();
    int cut = (int) (n * 0.6);
    List<Features> train = bank.rows().subList(0, cut);
    List<Features> test = bank.rows().subList(cut, n);
    int[] y = java.util.Arrays.copyOfRange(bank.labels(), cut, n);
    double[] rules = new double[test.size()];
    double[] model = new double[test.size()];
    String[] job = new String[test.size()];
    String[] contact = new String[test.size()];
    for (int i = 0; i < test.size(); i++) {
      Features r = test.get(i);
      rules[i] = BankMarketingTest.rulePoints(bank, r);
      double z = -2.2 + rules[i] / 40 - (r.number(bank.index("nr.employed")) - 5100) / 60;
      model[i] = 1 / (1 + Math.exp(-z));
      job[i] = r.string(bank.index("job"));
      contact[i] = r.string(bank.index("contact"));
    }
    ReferenceProfile.Builder pb = ReferenceProfile.builder(bank.schema()).exclude("duration");
    train.forEach(r -> pb.add(r, BankMarketingTest.rulePoints(bank, r)));
    DriftMonitor drift = DriftMonitor.builder(pb.build()).window(test.size()).build();
    test.forEach(r -> drift.update(r, BankMarketingTest.rulePoints(bank, r)));
    Map<String, Long> reasons = new LinkedHashMap<>();
    reasons.put("uncertain score", 812L);
    reasons.put("negative action: disqualify", 640L);
    reasons.put("high impact: <deal> & \"quotes\"", 33L);
    SegmentedEvaluation seg = SegmentedEvaluation.builder().threshold(0.3).minRows(50).build();
    return ModelReport.builder("Bank marketing: report test")
        .finding("The model beats the rules.")
        .modelCard(new ModelCard("hand-made score", Map.of("type", "a formula, for the report's tests"), List.of("not a trained model")))
        .scores("model", model, y).baseline("rule points", rules)
        .metrics(BinaryMetrics.of(model, y), new Bootstrap(200, 0.95, 1).intervals(model, y))
        .comparison(BaselineComparison.compare(model, rules, y, new Bootstrap(200, 0.95, 1)))
        .calibration(Calibration.of(model, y, 10))
        .sweep("review band upper edge", GuardrailSimulation.sweep(new double[] {0.2, 0.3, 0.4, 0.5, 0.6}, hi -> GuardrailPolicy.builder()
            .band(0.0, 0.1, Action.negative("disqualify")).band(0.1, hi, Action.review("sdr", "uncertain score"))
            .band(hi, 1.0, Action.auto("call")).build(), model, y))
        .segments("job", seg.evaluate(model, y, job))
        .segments("contact", seg.evaluate(model, y, contact))
        .drift("earlier 60% against later 40%", drift.lastReport().orElseThrow())
        .leakage(LeakageCheck.builder().build().check(test, y))
        .reasons(reasons)
        .table("Review queue", List.of("id", "queue", "reason"), List.of(List.of("r-1", "sdr", "uncertain score <0.4>")));
  }
}
