package dev.scoring.examples.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.onnx.OnnxOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The class policy on a multiclass opportunity model: forecast risk ("on track", "at risk",
 * "likely slip") from a multinomial logistic regression (tools/tabular-models/train_forecast_risk.py,
 * generated opportunities), scored through ONNX Runtime with scikit-learn parity.
 */
class ForecastRiskPolicyTest {

  private static final List<String> CLASSES = List.of("at risk", "likely slip", "on track");
  private static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .number("days_in_stage").number("close_date_pushes").number("activities_14d").number("discount_pct").build();
  private static final GuardrailPolicy POLICY = GuardrailPolicy.builder()
      .classAction("on track", Action.auto("keep-forecast"))
      .classAction("at risk", Action.route("deal-desk"))
      .classAction("likely slip", Action.negative("move-to-next-quarter"))
      .classConfidence(0.6, 0.25)
      .reviewQueue("forecast-review")
      .build();

  private static Scorer load() {
    return Scorers.load(ScorerSpec.builder("onnx").id("forecast-risk")
        .source(ModelSource.bytes("forecast-risk.onnx", TestData.bytes("forecast-risk.onnx")))
        .schema(SCHEMA)
        .option(OnnxOptions.OUTPUT_CLASSES, String.join(",", CLASSES))
        .build());
  }

  @Test
  void everyTestOpportunityGetsItsClassActionOnlyWhenSureAndASlipIsNeverAutomatic() {
    List<CSVRecord> rows = TestData.csv("forecast-risk-test.csv");
    try (Scorer scorer = load()) {
      DecisionPipeline pipeline = DecisionPipeline.builder(SCHEMA).scorer(scorer).policy(POLICY).explainReviews(0).build();
      int auto = 0;
      int autoRight = 0;
      int slipProposed = 0;
      for (CSVRecord r : rows) {
        Features row = Features.of(SCHEMA, Map.of("days_in_stage", Double.parseDouble(r.get("days_in_stage")),
            "close_date_pushes", Double.parseDouble(r.get("close_date_pushes")),
            "activities_14d", Double.parseDouble(r.get("activities_14d")),
            "discount_pct", Double.parseDouble(r.get("discount_pct"))));
        Decision d = pipeline.decide(row);
        Score s = d.scores().get(0);
        for (int c = 0; c < 3; c++) {
          assertEquals(Double.parseDouble(r.get("p:" + CLASSES.get(c))), s.classProbability(c), 1e-5, "scikit-learn parity (float32 graph)");
        }
        double[] p = s.classProbabilities();
        java.util.Arrays.sort(p);
        boolean sure = p[2] >= 0.6 && p[2] - p[1] >= 0.25;
        if ("likely slip".equals(s.label()) && sure) {
          slipProposed++;
          assertEquals(Action.negative("move-to-next-quarter"), d.proposed());
          assertTrue(d.requiresReview(), d.summary());
        } else if (sure) {
          auto++;
          assertTrue(!d.requiresReview(), d.summary());
          autoRight += s.label().equals(r.get("class")) ? 1 : 0;
        } else {
          assertEquals("forecast-review", d.queue().orElseThrow());
          assertTrue(d.action().describe().contains("uncertain class"), d.summary());
        }
      }
      System.out.printf(Locale.ROOT, "forecast risk: %d of %d automatic (%.1f%% right), %d likely slips sent to review%n",
          auto, rows.size(), 100.0 * autoRight / auto, slipProposed);
      assertTrue(auto > 0 && slipProposed > 0 && auto + slipProposed < rows.size());
    }
  }
}
