package dev.scoring.spark;

import dev.scoring.api.Action;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.ml.logistic.LogisticTrainer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank-marketing decision used by the tests: a logistic model (no call duration, the known leak)
 * trained in the library on the first 60% of the calls, a rule that routes clients whose previous
 * campaign succeeded, probability bands, and a guardrail for clients over 70.
 */
final class BankPipeline {

  private BankPipeline() {}

  static ScorerSpec logistic(TestData bank) {
    int train = (int) (bank.rows().size() * 0.6);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < train; i++) {
      labels.add(bank.labels()[i] == 1 ? "yes" : "no");
    }
    byte[] model = LogisticTrainer.builder().exclude("duration").minCategoryCount(30).l2(1e-3).modelVersion("bank-lr-1")
        .build().train(bank.rows().subList(0, train), labels).toJson();
    return ScorerSpec.builder("logistic").id("lr").schema(bank.schema()).source(ModelSource.bytes("bank-lr.json", model)).build();
  }

  /** The {@link PipelineFactory}: called on each executor (and in process by the tests). */
  static DecisionPipeline.Builder builder(FeatureSchema schema, List<Scorer> scorers) {
    int poutcome = schema.feature("poutcome").index();
    int age = schema.feature("age").index();
    FiredRule prior = new FiredRule("prior-success", "poutcome = success", "route retention-desk");
    return DecisionPipeline.builder(schema)
        .rules(row -> "success".equals(row.string(poutcome))
            ? new RuleOutcome.Decide(Action.route("retention-desk"), List.of(prior)) : RuleOutcome.pass())
        .scorer(scorers.get(0))
        .policy(GuardrailPolicy.builder()
            .band(0.0, 0.05, Action.negative("do-not-call"))
            .band(0.05, 0.3, Action.review("campaign-review", "uncertain score"))
            .band(0.3, 1.0, Action.auto("call-now"))
            .alwaysReview("client over 70", (Features row) -> !row.isMissing(age) && row.number(age) > 70)
            .reviewQueue("campaign-review").build())
        .explainReviews(3);
  }
}
