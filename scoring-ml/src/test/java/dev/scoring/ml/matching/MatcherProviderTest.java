package dev.scoring.ml.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider type {@code matcher}: the file round-trips, pair rows score and explain, bad files fail clearly. */
final class MatcherProviderTest {

  static final List<MatchRecord> ACCOUNTS = Accounts.table(800, 31);
  static final Matcher MATCHER = Accounts.trained(ACCOUNTS, 31).withTokenWeights(ACCOUNTS);
  static final FeatureSchema PAIRS = PairScorer.pairSchema(Accounts.FIELDS);

  static Scorer load(byte[] json) {
    return ScorerRegistry.discover(MatcherProviderTest.class.getClassLoader()).load(ScorerSpec.builder("matcher").id("account-matcher")
        .source(ModelSource.bytes("matcher.json", json)).schema(PAIRS).build());
  }

  static Features pair(String leftCompany, String leftDomain, String rightCompany, String rightDomain) {
    return Features.of(PAIRS, Map.of("left.company", leftCompany, "left.domain", leftDomain,
        "right.company", rightCompany, "right.domain", rightDomain));
  }

  @Test
  void fileRoundTripsAndScoresLikeTheMatcher() {
    byte[] json = MATCHER.toJson("2026-12");
    Matcher read = Matcher.read(json, "matcher.json");
    assertEquals(MATCHER.model().describe(), read.model().describe());
    Scorer scorer = load(json);
    assertEquals("matcher", scorer.provenance().type());
    assertEquals("2026-12", scorer.provenance().modelVersion());
    Features row = pair("Acme Incorporated", "acme.com", "ACME Inc.", "https://www.acme.com/");
    Score s = scorer.score(row);
    double direct = MATCHER.probability(MatchRecord.of("l", "company", "Acme Incorporated", "domain", "acme.com"),
        MatchRecord.of("r", "company", "ACME Inc.", "domain", "https://www.acme.com/"));
    assertEquals(direct, s.value(), 1e-12);
    assertTrue(s.value() > 0.9);
    Explanation e = scorer.explain(row);
    assertEquals(s.margin(), e.margin(), 1e-9);
    assertEquals(Accounts.FIELDS.size(), e.contributions().size());
    assertTrue(scorer.score(pair("Acme Incorporated", "acme.com", "Globex Systems", "globex.com")).value() < 0.5);
  }

  @Test
  void logisticModelsRoundTripToo() {
    List<LabelledPair> pairs = new java.util.ArrayList<>();
    java.util.SplittableRandom r = new java.util.SplittableRandom(2);
    for (int i = 0; i < 300; i++) {
      MatchRecord a = ACCOUNTS.get(i);
      pairs.add(new LabelledPair(a, Accounts.corrupt(a, r, "c" + i), true));
      pairs.add(new LabelledPair(a, ACCOUNTS.get(i + 300), false));
    }
    Matcher lr = MATCHER.withModel(LogisticMatchTrainer.withL2(1e-3).train(MATCHER, pairs));
    Scorer scorer = load(lr.toJson("lr-1"));
    Features row = pair("Acme Incorporated", "acme.com", "ACME Inc.", "acme.com");
    assertEquals(lr.probability(MatchRecord.of("l", "company", "Acme Incorporated", "domain", "acme.com"),
        MatchRecord.of("r", "company", "ACME Inc.", "domain", "acme.com")), scorer.score(row).value(), 1e-12);
  }

  @Test
  void badFilesFailWithTheirName() {
    ModelException notJson = assertThrows(ModelException.class, () -> load("{\"format\": ".getBytes(StandardCharsets.UTF_8)));
    assertTrue(notJson.getMessage().contains("matcher.json"), notJson.getMessage());
    ModelException other = assertThrows(ModelException.class, () -> load("{\"format\": \"xgboost\"}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(other.getMessage().contains("not a matcher file"), other.getMessage());
    String good = new String(MATCHER.toJson("v"), StandardCharsets.UTF_8);
    ModelException type = assertThrows(ModelException.class, () -> load(good.replace("\"domain\"", "\"webbish\"")
        .replace("\"type\" : \"webbish\"", "\"type\" : \"webbish\"").getBytes(StandardCharsets.UTF_8)));
    assertTrue(type.getMessage().contains("matcher.json"), type.getMessage());
    ModelException schema = assertThrows(ModelException.class, () -> ScorerRegistry.discover(getClass().getClassLoader())
        .load(ScorerSpec.builder("matcher").source(ModelSource.bytes("m.json", MATCHER.toJson("v")))
            .schema(FeatureSchema.builder().text("left.company").build()).build()));
    assertTrue(schema.getMessage().contains("right.company") || schema.getMessage().contains("left.domain"), schema.getMessage());
  }

  @Test
  void noInputCrashesTheReader() {
    org.quicktheories.QuickTheory.qt().withExamples(500)
        .forAll(org.quicktheories.generators.SourceDSL.integers().between(0, 2000), org.quicktheories.generators.SourceDSL.integers().between(0, 255))
        .checkAssert((pos, b) -> {
          byte[] json = MATCHER.toJson("v");
          byte[] bad = json.clone();
          int at = pos % bad.length;
          bad[at] = (byte) (int) b;
          try {
            Matcher.read(bad, "fuzz.json");
          } catch (ModelException expected) {
            // a clear typed error is fine; anything else fails the test
          }
          byte[] cut = java.util.Arrays.copyOf(json, at);
          try {
            Matcher.read(cut, "cut.json");
          } catch (ModelException expected) {
            // fine
          }
        });
  }
}
