package dev.scoring.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Action;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's 50-rule workload (rules50.rules) on 300 holdout rows of lead_50k (see
 * SOURCE.txt) against the same rules written by hand in Java: same points, route, flags and fired
 * set on every row.
 */
final class Rules50Test {

  static final String[] COLUMNS = ("days_since_signup,pages_viewed,sessions,avg_session_min,email_opens,email_clicks,"
      + "webinar_attended,demo_requested,company_size_log10,revenue_log10,industry_code,region_code,lead_source_code,"
      + "title_seniority,is_decision_maker,trial_active,trial_days_used,features_used,support_tickets,pricing_views,"
      + "docs_views,is_referral,pricing_time_sec,days_since_activity,form_fills,chat_interactions,mobile_ratio,"
      + "bounce_rate,legacy_score,ad_clicks").split(",");

  static final FeatureSchema SCHEMA = schema();

  private static FeatureSchema schema() {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (String c : COLUMNS) {
      b.number(c);
    }
    return b.build();
  }

  static String text(String resource) {
    try (InputStream in = Rules50Test.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<Features> rows() {
    List<Features> rows = new ArrayList<>();
    String[] lines = text("lead_holdout_300.csv").split("\n");
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",", -1);
      MutableFeatures row = Features.mutable(SCHEMA);
      for (int c = 0; c < COLUMNS.length; c++) {
        if (!cells[c].isEmpty()) {
          row.setNumber(c, Double.parseDouble(cells[c]));
        }
      }
      rows.add(row.snapshot());
    }
    return rows;
  }

  static RuleSet rules50() {
    return RuleSet.loader(SCHEMA).parse("rules50.rules", text("rules50.rules"));
  }

  /** The hand-written reference: points, route (or null), flags and fired names. */
  record Expected(double points, String route, List<String> flags, List<String> fired) {}

  private static Expected byHand(Features r) {
    double[] v = new double[COLUMNS.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.number(i);
    }
    double size = v[8], rev = v[9], sen = v[13], dm = v[14], opens = v[4], pages = v[1], clicks = v[5];
    double src = v[12], web = v[6], demo = v[7], trial = v[15], used = v[17], tdays = v[16], pv = v[19];
    double ptime = v[22], docs = v[20], tickets = v[18], ref = v[21], act = v[23], sess = v[2], avg = v[3];
    double bounce = v[27], mobile = v[26], legacy = v[28], forms = v[24], chat = v[25], ind = v[10], region = v[11];
    double ads = v[29], signup = v[0];
    List<String> fired = new ArrayList<>();
    double p = 0;
    Object[][] s = {
        {"S01", 10, size > 2.7}, {"S02", 15, size >= 3.5}, {"S03", -10, size < 1},
        {"S04", 8, rev >= 7 && rev <= 8}, {"S05", 12, rev > 8}, {"S06", -5, Double.isNaN(rev)},
        {"S07", 10, sen >= 3}, {"S08", -5, Double.isNaN(sen)}, {"S09", 8, dm == 1},
        {"S10", -15, opens == 0 && pages < 3}, {"S11", 5, clicks >= 2}, {"S12", 5, src == 2 || src == 5 || src == 7},
        {"S13", -5, src == 0 || src == 4}, {"S14", 10, web == 1}, {"S15", 25, demo == 1},
        {"S16", 15, trial == 1 && used >= 3}, {"S17", -10, trial == 1 && tdays > 10 && used < 2},
        {"S18", 6, pv >= 2}, {"S19", 8, ptime > 120}, {"S20", 4, docs >= 3 && docs <= 10},
        {"S21", -8, tickets >= 3}, {"S22", 10, ref == 1}, {"S23", -10, act > 30}, {"S24", -5, Double.isNaN(act)},
        {"S25", 5, act <= 3}, {"S26", 3, sess >= 5}, {"S27", 4, avg > 5}, {"S28", -6, bounce > 0.8 && pages <= 2},
        {"S29", -3, mobile > 0.9}, {"S30", 7, legacy >= 70}, {"S31", -4, legacy < 20},
        {"S32", 5, forms >= 2 || chat >= 2}, {"S33", 6, (ind == 1 || ind == 3 || ind == 8) && size > 2},
        {"S34", -7, !(opens > 0 || pages > 0 || sess > 1)}, {"S35", 3, ads >= 2 && ads <= 5 && !(src == 6)}};
    for (Object[] line : s) {
      if ((Boolean) line[2]) {
        fired.add((String) line[0]);
        p += (Integer) line[1];
      }
    }
    Object[][] routes = {
        {"R01", "enterprise", size >= 3.5 && region == 1}, {"R02", "strategic", rev >= 8.5},
        {"R03", "partner", ref == 1 && src == 3}, {"R04", "sales_demo", demo == 1},
        {"R05", "sales_trial", trial == 1 && used >= 3},
        {"R06", "mid_market", size >= 2.5 && size <= 3.5 && sen >= 2},
        {"R07", "smb_inbound", size < 2.5 && (pv >= 1 || forms >= 1)},
        {"R08", "nurture", act > 60 || Double.isNaN(act)}};
    String route = null;
    for (Object[] rt : routes) {
      if ((Boolean) rt[2]) {
        fired.add((String) rt[0]);
        route = (String) rt[1];
        break;
      }
    }
    Object[][] flagRules = {
        {"F01", "stale", signup > 90 && sess < 2}, {"F02", "bot_suspect", bounce > 0.9 && avg < 0.5},
        {"F03", "data_gap", Double.isNaN(rev) && Double.isNaN(sen)}, {"F04", "hot", pv >= 3 && act <= 7},
        {"F05", "support_risk", tickets >= 2 && trial == 1}, {"F06", "exec_contact", dm == 1 && sen >= 4},
        {"F07", "mobile_only", mobile > 0.95 && !(sess > 3)}};
    List<String> flags = new ArrayList<>();
    for (Object[] f : flagRules) {
      if ((Boolean) f[2]) {
        fired.add((String) f[0]);
        flags.add((String) f[1]);
      }
    }
    return new Expected(p, route, flags, fired);
  }

  @Test
  void rules50_matchesHandWrittenJavaOnHoldoutRows() {
    RuleSet generated = rules50();
    assertTrue(generated.generated(), "rules50 compiles to bytecode");
    for (RuleSet rules : List.of(generated, generated.treeOnly())) {
      check(rules);
    }
  }

  private static void check(RuleSet rules) {
    assertEquals(50, rules.ruleNames().size());
    RuleEvaluation e = rules.newEvaluation();
    int routed = 0;
    int flagged = 0;
    for (Features row : rows()) {
      Expected x = byHand(row);
      rules.evaluate(row, e);
      assertEquals(x.points(), e.points(), 0.0, () -> "points of " + row);
      assertEquals(x.points(), rules.points(row), 0.0);
      Action d = e.decision();
      assertEquals(x.route(), d == null ? null : ((Action.Route) d).team(), () -> "route of " + row);
      assertEquals(x.flags(), e.flags());
      List<String> names = new ArrayList<>();
      for (int i = 0; i < e.firedCount(); i++) {
        names.add(e.fired(i).name());
      }
      assertEquals(x.fired(), names, () -> "fired rules of " + row);
      routed += d == null ? 0 : 1;
      flagged += e.flagCount() > 0 ? 1 : 0;
    }
    assertTrue(routed > 100 && flagged > 10, "the sample exercises routes (" + routed + ") and flags (" + flagged + ")");
  }

  @Test
  void rules50_loadsThroughTheRegistry() {
    ScorerSpec spec = ScorerSpec.builder("rules").id("lead-rules")
        .source(ModelSource.resource(Rules50Test.class.getClassLoader(), "dev/scoring/rules/rules50.rules"))
        .schema(SCHEMA).build();
    try (Scorer scorer = ScorerRegistry.discover(getClass().getClassLoader()).load(spec)) {
      assertEquals("rules", scorer.provenance().type());
      assertEquals("1", scorer.provenance().modelVersion());
      assertTrue(scorer.provenance().modelDigest().startsWith("sha256:"));
      for (Features row : rows().subList(0, 50)) {
        Expected x = byHand(row);
        Score s = scorer.score(row);
        assertEquals(x.points(), s.value(), 0.0);
        assertEquals(x.route(), s.label());
        assertEquals(x.points(), scorer.explain(row).margin(), 1e-9);
      }
    }
  }

  @Test
  void rules50_hasNoShadowingWarnings() {
    assertEquals(List.of(), rules50().warnings());
  }
}
