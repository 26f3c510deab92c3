package dev.scoring.ml.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.Provenance;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.Action;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class RecordAnomalyScorerTest {

  private static RecordAnomalyScorer trained(long seed, int records) {
    RecordAnomalyScorer s = RecordAnomalyScorer.builder(Leads.SCHEMA).id("bots").build();
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < records; i++) {
      s.learn(Leads.person(r));
    }
    return s;
  }

  @Test
  void score_botsStandOut_peopleAreFlaggedAtAboutTheFlagRate() {
    RecordAnomalyScorer s = trained(1, 3_000);
    assertTrue(s.ready());
    SplittableRandom r = new SplittableRandom(2);
    int peopleFlagged = 0;
    int botsFlagged = 0;
    int n = 2_000;
    for (int i = 0; i < n; i++) {
      peopleFlagged += s.unusual(Leads.person(r)) ? 1 : 0;
      botsFlagged += s.unusual(Leads.bot(r)) ? 1 : 0;
    }
    assertTrue(botsFlagged >= 0.98 * n, "bots flagged: " + botsFlagged);
    assertTrue(peopleFlagged >= 0.002 * n && peopleFlagged <= 0.03 * n, "people flagged at about 1%: " + peopleFlagged);
  }

  @Test
  void explain_bot_namesTheFieldsThatMadeItUnusual_andSumsToTheScore() {
    RecordAnomalyScorer s = trained(3, 2_000);
    Features bot = Leads.bot(new SplittableRandom(4));
    Score score = s.score(bot);
    Explanation e = s.explain(bot);
    assertEquals(score.margin(), e.margin(), 1e-9, "contributions and bias sum to the score");
    List<String> top = e.topPositive(3).stream().map(Contribution::feature).toList();
    assertTrue(top.contains("ip_block_leads_1h") || top.contains("seconds_to_submit"), top.toString());
    assertFalse(top.contains("country"), "the country is ordinary: " + top);
    String reason = s.reason(bot);
    assertTrue(reason.startsWith("unusual record for 'bots' (anomaly score "), reason);
    assertTrue(reason.contains("(typical "), reason);
  }

  @Test
  void reviewStage_botGoesToReviewWithAReason_personIsDecidedAutomatically() {
    RecordAnomalyScorer bots = trained(5, 2_000);
    GuardrailPolicy policy = GuardrailPolicy.builder()
        .band(0.0, 0.5, Action.negative("disqualify"))
        .band(0.5, 1.0, Action.auto("fast-track"))
        .build();
    for (double conversion : new double[] {0.9, 0.1}) {
      DecisionPipeline pipeline = DecisionPipeline.builder(Leads.SCHEMA)
          .rules(bots.reviewStage())
          .scorer(new Constant(conversion))
          .policy(policy)
          .build();
      var bot = pipeline.decide(Leads.bot(new SplittableRandom(6)));
      assertTrue(bot.requiresReview(), bot.summary());
      assertTrue(bot.reasons().stream().anyMatch(x -> x.contains("unusual record for 'bots'")), bot.summary());
    }
    DecisionPipeline pipeline = DecisionPipeline.builder(Leads.SCHEMA)
        .rules(bots.reviewStage()).scorer(new Constant(0.9)).policy(policy).build();
    SplittableRandom r = new SplittableRandom(7);
    int reviewed = 0;
    for (int i = 0; i < 200; i++) {
      reviewed += pipeline.decide(Leads.person(r)).requiresReview() ? 1 : 0;
    }
    assertTrue(reviewed <= 10, "people mostly go straight through: " + reviewed);
  }

  @Test
  void learn_flaggedRecords_areNotLearned() {
    RecordAnomalyScorer s = trained(8, 1_000);
    long before = s.learned();
    SplittableRandom r = new SplittableRandom(9);
    int learned = 0;
    for (int i = 0; i < 500; i++) {
      learned += s.learn(Leads.bot(r)) ? 1 : 0;
    }
    assertTrue(learned <= 5, "a bot burst does not teach the model that bots are normal: " + learned);
    assertEquals(before + learned, s.learned());
    assertTrue(s.unusual(Leads.bot(r)));
  }

  @Test
  void dealChanges_tenfoldAmountAndBackwardStage_areUnusual() {
    FeatureSchema deals = FeatureSchema.builder()
        .number("amount_log10_ratio").number("stage_change").number("days_in_stage").category("segment").build();
    RecordAnomalyScorer s = RecordAnomalyScorer.builder(deals).id("deal-changes").build();
    SplittableRandom r = new SplittableRandom(10);
    String[] segments = {"smb", "mid", "ent"};
    for (int i = 0; i < 3_000; i++) {
      s.learn(Features.builder(deals)
          .set("amount_log10_ratio", 0.05 * r.nextGaussian())
          .set("stage_change", r.nextDouble() < 0.7 ? 0.0 : 1.0)
          .set("days_in_stage", 5 + 30 * r.nextDouble())
          .set("segment", segments[r.nextInt(3)])
          .build());
    }
    Features jump = Features.builder(deals).set("amount_log10_ratio", 1.0).set("stage_change", 0.0)
        .set("days_in_stage", 12.0).set("segment", "mid").build();
    Features backwards = Features.builder(deals).set("amount_log10_ratio", 0.0).set("stage_change", -2.0)
        .set("days_in_stage", 12.0).set("segment", "mid").build();
    Features ordinary = Features.builder(deals).set("amount_log10_ratio", 0.01).set("stage_change", 1.0)
        .set("days_in_stage", 15.0).set("segment", "smb").build();
    assertTrue(s.unusual(jump), s.reason(jump));
    assertTrue(s.unusual(backwards), s.reason(backwards));
    assertFalse(s.unusual(ordinary), s.reason(ordinary));
    assertEquals("amount_log10_ratio", s.explain(jump).topPositive(1).get(0).feature());
    assertEquals("stage_change", s.explain(backwards).topPositive(1).get(0).feature());
  }

  @Test
  void save_restore_givesTheSameScoresAndTheSameRefits() {
    RecordAnomalyScorer a = trained(11, 1_500);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    a.save(out);
    RecordAnomalyScorer b = RecordAnomalyScorer.builder(Leads.SCHEMA).id("bots").build();
    b.restore(new ByteArrayInputStream(out.toByteArray()));
    SplittableRandom r1 = new SplittableRandom(12);
    SplittableRandom r2 = new SplittableRandom(12);
    for (int i = 0; i < 600; i++) {
      Features x = i % 50 == 0 ? Leads.bot(r1) : Leads.person(r1);
      Features y = i % 50 == 0 ? Leads.bot(r2) : Leads.person(r2);
      assertEquals(a.scoreValue(x), b.scoreValue(y), "record " + i);
      assertEquals(a.learn(x), b.learn(y));
    }
    assertEquals(a.refits(), b.refits());
  }

  @Test
  void badInput_isRefusedClearly() {
    RecordAnomalyScorer fresh = RecordAnomalyScorer.builder(Leads.SCHEMA).build();
    IllegalStateException notReady = assertThrows(IllegalStateException.class, () -> fresh.score(Leads.person(new SplittableRandom(1))));
    assertTrue(notReady.getMessage().contains("0 of the 256"), notReady.getMessage());
    assertFalse(fresh.unusual(Leads.person(new SplittableRandom(1))));

    ModelException unknown = assertThrows(ModelException.class,
        () -> RecordAnomalyScorer.builder(Leads.SCHEMA).features("seconds", "fields_filled").build());
    assertTrue(unknown.getMessage().contains("'seconds'"), unknown.getMessage());
    ModelException text = assertThrows(ModelException.class, () -> RecordAnomalyScorer.builder(Leads.SCHEMA).features("message").build());
    assertTrue(text.getMessage().contains("TEXT"), text.getMessage());

    RecordAnomalyScorer s = trained(13, 300);
    FeatureSchema other = FeatureSchema.builder().number("x").build();
    RecordException mismatch = assertThrows(RecordException.class, () -> s.score(Features.builder(other).set("x", 1.0).build()));
    assertEquals(RecordException.Problem.SCHEMA_MISMATCH, mismatch.problem());
    assertThrows(RecordException.class, () -> s.learn(Features.builder(other).set("x", 1.0).build()));
    ModelException corrupt = assertThrows(ModelException.class, () -> s.restore(new ByteArrayInputStream(new byte[40])));
    assertTrue(corrupt.getMessage().contains("not a saved"), corrupt.getMessage());
    assertTrue(s.ready(), "a failed restore leaves the scorer as it was");
  }

  /** A conversion model that gives every record the same probability. */
  private record Constant(double p) implements Scorer {
    @Override
    public Provenance provenance() {
      return new Provenance("conversion", "test", "1", "none");
    }

    @Override
    public FeatureSchema schema() {
      return Leads.SCHEMA;
    }

    @Override
    public Score score(Features row) {
      return Score.probability(p, Math.log(p / (1 - p)), provenance());
    }

    @Override
    public Explanation explain(Features row) {
      return new Explanation("conversion", Math.log(p / (1 - p)), List.of(), List.of());
    }
  }
}
