package dev.scoring.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.lifecycle.DirectoryModelStore;
import dev.scoring.lifecycle.ModelLoader;
import dev.scoring.lifecycle.ModelState;
import dev.scoring.lifecycle.ModelStore;
import dev.scoring.ml.logistic.LogisticTrainer;
import dev.scoring.retraining.GateReport;
import dev.scoring.retraining.PromotionGate;
import dev.scoring.retraining.Retrainer;
import dev.scoring.retraining.RetrainingReport;
import dev.scoring.review.LabelledExample;
import dev.scoring.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scoring retrain}: trains a candidate from a store's feedback log (plus an optional base
 * training CSV), judges it against the stored champion on the most recent held-out feedback with a
 * promotion gate, and stores it as a new version only if the gate passes.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = "Retrain a model from the store's feedback log (reviewers' overrides and outcomes), plus an optional "
        + "base training CSV; judge the candidate against the stored champion on the most recent held-out feedback "
        + "with the promotion gate; store it as the next version (shadow by default) only if the gate passes. "
        + "Exit code 0 when the gate passes, " + RetrainCommand.REFUSED + " when it refuses.")
final class RetrainCommand implements Callable<Integer> {

  /** Exit code when the gate refuses the candidate (nothing is stored). */
  static final int REFUSED = 3;

  @Spec @Nullable CommandSpec spec;

  @Option(names = "--store", required = true, paramLabel = "FILE|URL",
      description = "The store with the feedback log (SQLite file or JDBC URL); also the model store unless --models-dir.")
  @Nullable String store;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "A directory model store instead of the store database's.")
  @Nullable Path modelsDir;

  @Option(names = "--model", required = true, paramLabel = "ID", description = "The model id; its champion is the one to beat.")
  @Nullable String model;

  @Option(names = "--positive", required = true, split = ",", paramLabel = "LABELS",
      description = "The labels that count as positive (the first names the model's positive class).")
  List<String> positive = new ArrayList<>();

  @Option(names = "--base", paramLabel = "IN.csv", description = "A base training set added to the feedback (e.g. the champion's training data).")
  @Nullable Path base;

  @Option(names = "--label", paramLabel = "COL", description = "The base training set's label column (required with --base).")
  @Nullable String label;

  @Option(names = "--delimiter", paramLabel = "CHAR", description = "The base file's delimiter (default: detected).")
  @Nullable Character delimiter;

  @Option(names = "--recalibrate", paramLabel = "METHOD",
      description = "Instead of training a logistic model, refit the champion's calibrator (platt or isotonic; trees included).")
  @Nullable String recalibrate;

  @Option(names = "--hold-out", defaultValue = "0.3", paramLabel = "SHARE",
      description = "The most recent share of the feedback held out for the gate (default ${DEFAULT-VALUE}).")
  double holdOut;

  @Option(names = "--segment", paramLabel = "FEATURE", description = "The gate's segment check compares AUCs per value of this feature.")
  @Nullable String segment;

  @Option(names = "--exclude", split = ",", paramLabel = "FEATURES", description = "Features the logistic candidate must not use (leaky ones).")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--l2", defaultValue = "1e-3", paramLabel = "X", description = "L2 penalty (default ${DEFAULT-VALUE}).")
  double l2;

  @Option(names = "--min-category-count", defaultValue = "10", paramLabel = "N", description = "Rarer category levels go to <other> (default ${DEFAULT-VALUE}).")
  int minCategoryCount;

  @Option(names = "--level", defaultValue = "0.05", paramLabel = "P",
      description = "The gate's one-sided DeLong level: refuse when p(candidate worse) is below it (default ${DEFAULT-VALUE}).")
  double level;

  @Option(names = "--max-calibration-error", defaultValue = "0.05", paramLabel = "X",
      description = "The largest expected calibration error allowed (default ${DEFAULT-VALUE}).")
  double maxCalibrationError;

  @Option(names = "--max-segment-loss", defaultValue = "0.05", paramLabel = "X",
      description = "The largest AUC loss allowed in any segment (default ${DEFAULT-VALUE}).")
  double maxSegmentLoss;

  @Option(names = "--min-segment-rows", defaultValue = "100", paramLabel = "N",
      description = "The fewest held-out rows a segment needs to be judged (default ${DEFAULT-VALUE}).")
  int minSegmentRows;

  @Option(names = "--min-per-class", defaultValue = "20", paramLabel = "N",
      description = "The fewest positive and negative held-out rows (default ${DEFAULT-VALUE}).")
  int minPerClass;

  @Option(names = "--state", defaultValue = "shadow", paramLabel = "STATE",
      description = "The stored candidate's state if it passes: shadow (default) or champion.")
  String state = "shadow";

  @Option(names = "--author", defaultValue = "scoring retrain", paramLabel = "NAME", description = "Who the stored version names as author.")
  String author = "scoring retrain";

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
    String modelId = ScoreCommand.required(model);
    ModelState onPass = ModelsCommand.state(state);
    if (onPass != ModelState.SHADOW && onPass != ModelState.CHAMPION) {
      throw new CliException("--state must be shadow or champion, not " + state);
    }
    if (base != null && label == null) {
      throw new CliException("--base needs --label (the base file's label column)");
    }
    StoreOption o = new StoreOption();
    o.store = store;
    RetrainingReport report;
    try (Store s = o.open()) {
      List<LabelledExample> examples = s.feedback().examples(1);
      if (examples.isEmpty()) {
        throw new CliException("the store's feedback log is empty: nothing to retrain from");
      }
      FeatureSchema schema = examples.get(0).input().schema();
      ModelStore models = modelsDir != null ? DirectoryModelStore.open(modelsDir) : s.models();
      Scorer champion;
      try {
        champion = ModelLoader.of(models, ScorerRegistry.discover(RetrainCommand.class.getClassLoader()), schema)
            .champion(modelId, modelId);
      } catch (ModelException e) {
        throw new CliException("cannot load the champion of " + modelId + ": " + e.getMessage(), e);
      }
      LogisticTrainer.Builder trainer = LogisticTrainer.builder().l2(l2).minCategoryCount(minCategoryCount);
      exclude.forEach(trainer::exclude);
      PromotionGate gate = PromotionGate.builder().level(level).maxCalibrationError(maxCalibrationError)
          .maxSegmentLoss(maxSegmentLoss).minSegmentRows(minSegmentRows).minPerClass(minPerClass).build();
      Retrainer.Builder b = Retrainer.builder(s.feedback(), modelId)
          .positive(positive.get(0), positive.subList(1, positive.size()).toArray(String[]::new))
          .holdOutShare(holdOut).trainer(trainer).gate(gate).store(models, onPass).author(author);
      if (segment != null) {
        if (schema.find(segment).isEmpty()) {
          throw new CliException("the feedback has no feature '" + segment + "' to segment by; it has " + schema.names());
        }
        b.segmentBy(segment);
      }
      if (base != null) {
        List<Features> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        readBase(schema, rows, labels);
        b.baseTraining(rows, labels);
      }
      Retrainer retrainer = b.build();
      try {
        report = recalibrate == null ? retrainer.retrain(champion) : retrainer.recalibrate(champion, recalibrate);
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw new CliException("cannot retrain " + modelId + ": " + e.getMessage(), e);
      }
    }
    if (json) {
      json(out, report);
    } else {
      out.println(report.summary());
    }
    return report.passed() ? 0 : REFUSED;
  }

  /** Reads the base CSV into rows of the feedback's schema (each feature from the column of its name). */
  private void readBase(FeatureSchema schema, List<Features> rows, List<String> labels) {
    String labelName = ScoreCommand.required(label);
    try (Input csv = new Input(ScoreCommand.required(base), delimiter)) {
      int labelColumn = csv.column(labelName, "label");
      Map<String, Columns.Declared> declared = new LinkedHashMap<>();
      for (Feature f : schema.features()) {
        csv.column(f.name(), "feature");
        declared.put(f.name(), new Columns.Declared(f.name(), f.type(), f.name()));
      }
      Set<String> skip = new HashSet<>(csv.header());
      skip.removeAll(declared.keySet());
      Columns columns = Columns.bind(csv.name(), csv.header(), skip, declared, null, csv.sample());
      for (Iterator<CSVRecord> it = csv.rows(); it.hasNext();) {
        CSVRecord r = it.next();
        String y = labelColumn < r.size() ? r.get(labelColumn) : "";
        if (!y.isEmpty()) {
          rows.add(columns.row(r));
          labels.add(y);
        }
      }
    }
    if (rows.isEmpty()) {
      throw new CliException("no labelled rows in " + base);
    }
  }

  static void json(PrintWriter out, RetrainingReport r) throws IOException {
    GateReport gate = r.gate();
    JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
    g.writeStartObject();
    g.writeStringField("model", r.modelId());
    g.writeStringField("kind", r.kind());
    g.writeBooleanField("passed", r.passed());
    g.writeNumberField("training_rows", r.trainingRows());
    g.writeNumberField("base_rows", r.baseRows());
    g.writeNumberField("hold_out_rows", r.holdOutRows());
    g.writeStringField("hold_out_from", r.holdOutFrom().toString());
    g.writeNumberField("positives", gate.positives());
    ShadowCommand.finite(g, "champion_auc", gate.championAuc());
    ShadowCommand.finite(g, "candidate_auc", gate.candidateAuc());
    g.writeObjectFieldStart("delong");
    ShadowCommand.finite(g, "difference", gate.delong().difference());
    ShadowCommand.finite(g, "standard_error", gate.delong().standardError());
    ShadowCommand.finite(g, "z", gate.delong().z());
    ShadowCommand.finite(g, "p_value", gate.delong().pValue());
    g.writeEndObject();
    ShadowCommand.finite(g, "candidate_calibration_error", gate.candidateCalibrationError());
    ShadowCommand.finite(g, "champion_calibration_error", gate.championCalibrationError());
    g.writeArrayFieldStart("checks");
    for (GateReport.Check c : gate.checks()) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeBooleanField("passed", c.passed());
      ShadowCommand.finite(g, "value", c.value());
      ShadowCommand.finite(g, "bound", c.bound());
      g.writeStringField("detail", c.detail());
      g.writeEndObject();
    }
    g.writeEndArray();
    ShadowCommand.segments(g, gate.segments());
    if (r.saved().isPresent()) {
      g.writeObjectFieldStart("stored");
      g.writeNumberField("version", r.saved().get().version());
      g.writeStringField("state", r.saved().get().state().name().toLowerCase(Locale.ROOT));
      g.writeStringField("type", r.saved().get().type());
      g.writeStringField("digest", r.saved().get().digest());
      g.writeEndObject();
    } else {
      g.writeNullField("stored");
    }
    g.writeEndObject();
    g.flush();
    out.println();
  }
}
