package dev.scoring.examples.sparkjob;

import dev.scoring.api.Action;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.evaluation.Calibration;
import dev.scoring.monitoring.DriftMonitor;
import dev.scoring.monitoring.DriftReport;
import dev.scoring.monitoring.FeatureDrift;
import dev.scoring.monitoring.ReferenceProfile;
import dev.scoring.spark.DecisionOutput;
import dev.scoring.spark.SparkDrift;
import dev.scoring.spark.SparkEvaluation;
import dev.scoring.spark.SparkPipeline;
import dev.scoring.spark.SparkScoring;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The nightly job: re-scores and decides the whole lead table with the XGBoost model and the
 * guardrails, writes the night's audit trail and review items (date-partitioned Parquet, retry-safe),
 * and writes the monitoring report (AUC, calibration, drift against a reference profile).
 *
 * <p>Arguments: {@code <lead table CSV> <xgboost model JSON> <output base path> <date YYYY-MM-DD>}.
 * The model file is read on the driver and broadcast; the executors need only the application jar.
 */
public final class NightlyJob {

  private NightlyJob() {}

  /** The 30 numeric features of the bench lead table, in the model's order. */
  static final String[] FEATURES = {"days_since_signup", "pages_viewed", "sessions", "avg_session_min", "email_opens",
      "email_clicks", "webinar_attended", "demo_requested", "company_size_log10", "revenue_log10", "industry_code",
      "region_code", "lead_source_code", "title_seniority", "is_decision_maker", "trial_active", "trial_days_used",
      "features_used", "support_tickets", "pricing_views", "docs_views", "is_referral", "pricing_time_sec",
      "days_since_activity", "form_fills", "chat_interactions", "mobile_ratio", "bounce_rate", "legacy_score", "ad_clicks"};

  static FeatureSchema schema() {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (String f : FEATURES) {
      b.number(f);
    }
    return b.label("company_size_log10", "Company size (log10)").build();
  }

  /** The decision: bands on the conversion probability; big companies always get a person. Runs on each executor. */
  static DecisionPipeline.Builder pipeline(FeatureSchema schema, List<Scorer> scorers) {
    int size = schema.feature("company_size_log10").index();
    return DecisionPipeline.builder(schema)
        .scorer(scorers.get(0))
        .policy(GuardrailPolicy.builder()
            .band(0.0, 0.05, Action.negative("disqualify"))
            .band(0.05, 0.3, Action.review("sdr-review", "uncertain score"))
            .band(0.3, 0.6, Action.route("inside-sales"))
            .band(0.6, 1.0, Action.auto("fast-track"))
            .alwaysReview("enterprise account", (Features row) -> !row.isMissing(size) && row.number(size) >= 4.0)
            .reviewQueue("sales-ops-review").build())
        .explainReviews(3);
  }

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: NightlyJob <lead table CSV> <xgboost model JSON> <output base path> <date YYYY-MM-DD>");
      System.exit(2);
    }
    String input = args[0];
    Path model = Path.of(args[1]);
    String out = args[2];
    LocalDate date = LocalDate.parse(args[3]);
    SparkSession spark = SparkSession.builder().appName("scoring-nightly").getOrCreate();

    StructType columns = new StructType();
    for (String f : FEATURES) {
      columns = columns.add(f, DataTypes.DoubleType, true);
    }
    columns = columns.add("converted", DataTypes.IntegerType, true);
    Dataset<Row> table = spark.read().option("header", "true").schema(columns).csv(input);

    FeatureSchema schema = schema();
    ScorerSpec xgb = ScorerSpec.builder("xgboost").id("conversion").schema(schema).source(ModelSource.path(model)).build();
    SparkPipeline pipeline = SparkPipeline.builder(schema, NightlyJob::pipeline).scorer(xgb).runId(date.toString()).build();

    Dataset<Row> decided = SparkScoring.decide(table, pipeline).persist(StorageLevel.MEMORY_AND_DISK());
    DecisionOutput.write(decided, out, date);

    // the monitoring report of the whole table
    List<String> report = new ArrayList<>();
    Dataset<Row> labelled = decided.where("converted is not null and score is not null");
    BinaryMetrics m = SparkEvaluation.binary(labelled, SparkScoring.SCORE, "converted");
    report.add(String.format(Locale.ROOT, "rows %d, positives %d, ROC AUC %.4f, PR AUC %.4f, log loss %.4f, Brier %.4f",
        m.rows(), m.positives(), m.rocAuc(), m.prAuc(), m.logLoss(), m.brier()));
    Calibration c = SparkEvaluation.calibration(labelled, SparkScoring.SCORE, "converted", 10);
    report.add(String.format(Locale.ROOT, "calibration: ECE %.4f, MCE %.4f", c.expectedCalibrationError(), c.maximumCalibrationError()));
    ReferenceProfile profile = reference(table.sample(false, 0.05, 42).collectAsList(), schema, pipeline);
    DriftReport drift = SparkDrift.report(decided, SparkScoring.SCORE, profile, DriftMonitor.builder(profile).build());
    report.add("drift against the reference sample: " + (drift.drifted() ? "DRIFT in " + drift.driftedFeatures().size() + " features" : "none"));
    for (FeatureDrift f : drift.features()) {
      report.add(String.format(Locale.ROOT, "  %-20s psi %.4f  %s %.4g  p %.3g%s", f.name(), f.psi(),
          f.test() == FeatureDrift.Test.CHI_SQUARE ? "chi2" : "KS", f.statistic(), f.adjustedPValue(), f.drifted() ? "  DRIFT" : ""));
    }
    report.add("actions: " + decided.groupBy(SparkScoring.ACTION_KIND).count().collectAsList());
    spark.createDataset(report, Encoders.STRING()).coalesce(1).write().mode(SaveMode.Overwrite)
        .text(out + "/monitoring/date=" + date);
    report.forEach(System.out::println);
    decided.unpersist();
    spark.stop();
  }

  /**
   * A reference profile from sample rows scored in process. A real deployment saves the profile of the
   * training rows at training time ({@code ReferenceProfile.write}) and reads it here.
   */
  private static ReferenceProfile reference(List<Row> sample, FeatureSchema schema, SparkPipeline pipeline) {
    ReferenceProfile.Builder b = ReferenceProfile.builder(schema);
    try (Scorer scorer = dev.scoring.api.Scorers.load(pipeline.specs().get(0))) {
      MutableFeatures row = Features.mutable(schema);
      for (Row r : sample) {
        row.clear();
        for (int i = 0; i < FEATURES.length; i++) {
          if (!r.isNullAt(i)) {
            row.setNumber(i, r.getDouble(i));
          }
        }
        b.add(row, scorer.score(row).value());
      }
    }
    return b.build();
  }
}
