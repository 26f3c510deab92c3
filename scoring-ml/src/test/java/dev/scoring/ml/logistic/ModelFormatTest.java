package dev.scoring.ml.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.RecordException;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.ml.calibration.Calibrator;
import dev.scoring.ml.calibration.PlattCalibrator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ModelFormatTest {

  private static String json(LogisticModel m) {
    return new String(m.toJson(), StandardCharsets.UTF_8);
  }

  private static LogisticModel read(String json) {
    return LogisticModel.read(json.getBytes(StandardCharsets.UTF_8), "model.json");
  }

  @Test
  void roundTrip_givesTheSameFileAndScores(@TempDir Path dir) throws Exception {
    LogisticModel m = Fixtures.binary().withCalibration(new PlattCalibrator(0.9, -0.1, true, 1000));
    Path file = dir.resolve("m.json");
    Files.write(file, m.toJson());
    LogisticModel back = LogisticModel.read(file);
    assertEquals(json(m), json(back));
    assertTrue(m.sameCoefficients(back));
    assertEquals(m.provenance(), back.provenance());
    assertEquals(m.calibration(), back.calibration());
    FeatureSchema schema = Fixtures.bank().schema;
    Scorer a = m.scorer("a", schema);
    Scorer b = back.scorer("a", schema);
    for (Features row : Fixtures.sampleRows()) {
      assertEquals(a.score(row), b.score(row));
    }
  }

  @Test
  void file_holdsProvenance() {
    String text = json(Fixtures.binary());
    for (String field : List.of("\"format\" : \"dev.scoring.logistic\"", "\"format_version\" : 1", "training_data_digest",
        "\"training_rows\" : 2000", "hyper_parameters", "library_version", "java_version", "\"created_at\" : \"2026-11-23T12:00:00Z\"")) {
      assertTrue(text.contains(field), field);
    }
    TrainingProvenance p = Fixtures.binary().provenance();
    assertTrue(p.trainingDataDigest().startsWith("sha256:"));
    assertEquals("0.001", p.hyperParameters().get("l2"));
    assertTrue(!p.libraryVersion().equals("unknown") && !p.libraryVersion().contains("$"), p.libraryVersion());
  }

  @Test
  void read_newerFormatVersion_failsClearly() {
    String text = json(Fixtures.binary()).replace("\"format_version\" : 1", "\"format_version\" : 2")
        .replace("\"columns\"", "\"new_thing\" : {\"x\": [1]},\n  \"columns\"");
    ModelException e = assertThrows(ModelException.class, () -> read(text));
    assertTrue(e.getMessage().contains("format_version 2 is newer than this library reads (up to 1)"), e.getMessage());
    assertTrue(e.getMessage().startsWith("model.json"), e.getMessage());
  }

  @Test
  void read_newerCalibrationVersion_failsClearly() {
    String text = json(Fixtures.binary().withCalibration(new PlattCalibrator(1, 0, true, 10)))
        .replace("\"calibration_format\"", "").replace("\"format_version\":1", "\"format_version\":7");
    ModelException e = assertThrows(ModelException.class, () -> read(text));
    assertTrue(e.getMessage().contains("calibration format_version 7 is newer"), e.getMessage());
  }

  @Test
  void read_malformed_namesLineAndColumn() {
    String text = json(Fixtures.binary());
    String broken = text.replaceFirst("\"classes\" : \\[", "\"classes\" : [,");
    ModelException e = assertThrows(ModelException.class, () -> read(broken));
    assertTrue(e.getMessage().matches("model\\.json: not valid JSON at line \\d+, column \\d+: unexpected character \\(','\\): expected a value"),
        e.getMessage());
  }

  @Test
  void read_badContent_failsNamingTheField() {
    String text = json(Fixtures.binary());
    assertMessage(text.replace("\"model_version\"", "\"modelVersion\""), "unknown field 'modelVersion'");
    assertMessage(text.replaceFirst("\"scale\" : [0-9.E-]+", "\"scale\" : -1"), "'scale' must be positive");
    assertMessage(text.replaceFirst("\"columns\" : \\[ \"age\"", "\"columns\" : [ \"agee\""), "do not match the columns");
    assertMessage(text.replace("\"format\" : \"dev.scoring.logistic\"", "\"format\" : \"xgboost\""), "not a logistic model file");
    assertMessage("[1, 2]", "a logistic model file is a JSON object");
    assertMessage(text.replaceFirst("\"coefficients\" : \\[ \\[ ", "\"coefficients\" : [ [ 1.0, "), "coefficients for");
  }

  private static void assertMessage(String text, String expected) {
    ModelException e = assertThrows(ModelException.class, () -> read(text));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith("model.json"), e.getMessage());
  }

  @Test
  void provider_loadsThroughTheRegistry_withDigestAndVersion(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bank.json");
    byte[] bytes = Fixtures.binary().withCalibration(new PlattCalibrator(0.5, 0.0, true, 10)).toJson();
    Files.write(file, bytes);
    ScorerRegistry registry = ScorerRegistry.discover(getClass().getClassLoader());
    assertTrue(registry.types().contains("logistic"));
    FeatureSchema schema = Fixtures.bank().schema;
    try (Scorer calibrated = registry.load(ScorerSpec.builder("logistic").id("conv").path(file).schema(schema).build());
        Scorer raw = registry.load(ScorerSpec.builder("logistic").id("conv").path(file).schema(schema)
            .option("calibration", "none").build())) {
      assertEquals(ModelSource.digest(bytes), calibrated.provenance().modelDigest());
      assertEquals("bank-test-1", calibrated.provenance().modelVersion());
      Features row = Fixtures.sampleRows().get(0);
      double m = raw.score(row).margin();
      assertEquals(1 / (1 + Math.exp(-m)), raw.scoreValue(row), 1e-15);
      assertEquals(1 / (1 + Math.exp(-0.5 * m)), calibrated.scoreValue(row), 1e-12);
    }
    ModelException e = assertThrows(ModelException.class, () -> registry.load(ScorerSpec.builder("logistic").path(file)
        .schema(schema).option("calibrate", "yes").build()));
    assertTrue(e.getMessage().contains("unknown option(s) [calibrate]"), e.getMessage());
  }

  @Test
  void bind_toASchemaWithoutAFeatureOrWithAnotherType_fails() {
    LogisticModel m = Fixtures.binary();
    FeatureSchema missing = FeatureSchema.builder().number("age").build();
    ModelException e = assertThrows(ModelException.class, () -> m.scorer("x", missing));
    assertTrue(e.getMessage().contains("cannot bind"), e.getMessage());
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (var f : m.requiredSchema().features()) {
      b.add(f.name(), f.name().equals("age") ? dev.scoring.api.FeatureType.CATEGORY : f.type());
    }
    ModelException e2 = assertThrows(ModelException.class, () -> m.scorer("x", b.build()));
    assertTrue(e2.getMessage().contains("'age' is CATEGORY in the schema but the model needs NUMBER"), e2.getMessage());
    // the model's own required schema binds
    assertEquals(m.requiredSchema(), m.scorer("x", m.requiredSchema()).schema());
  }

  @Test
  void score_missingValueWithoutIndicator_isARecordException() {
    FeatureSchema schema = Fixtures.bank().schema;
    Scorer s = Fixtures.binary().scorer("x", schema);
    Features row = Features.builder(schema).set("age", null).build();
    RecordException e = assertThrows(RecordException.class, () -> s.score(row));
    assertEquals(RecordException.Problem.MISSING_VALUE, e.problem());
    assertEquals("age", e.feature().orElseThrow());
  }

  @Test
  void score_numericOnlyModel_missingWithAndWithoutIndicator() {
    List<String> labels = new java.util.ArrayList<>();
    List<Features> rows = LogisticTrainerTest.rows(300, 9, labels);
    LogisticModel m = LogisticTrainer.builder().features(List.of("x1", "x2")).build().train(rows, labels);
    assertEquals(List.of("x1", "x2", "x2=<missing>"), m.columns());
    LogisticScorer s = m.scorer("n", rows.get(0).schema());
    Features x2missing = Features.builder(rows.get(0).schema()).set("x1", 4.0).build();
    double margin = s.score(x2missing).margin();
    assertEquals(s.explain(x2missing).margin(), margin, 1e-12);
    Features x1missing = Features.builder(rows.get(0).schema()).set("x2", 1.0).build();
    RecordException e = assertThrows(RecordException.class, () -> s.scoreValue(x1missing));
    assertEquals(RecordException.Problem.MISSING_VALUE, e.problem());
    assertEquals("x1", e.feature().orElseThrow());
  }

  @Test
  void unseenCategory_goesToOtherAndIsCounted() {
    FeatureSchema schema = Fixtures.bank().schema;
    LogisticScorer s = Fixtures.binary().scorer("x", schema);
    List<Features> rows = Fixtures.sampleRows();
    Features unseen = rows.get(rows.size() - 2);
    long before = s.unseenCategoryCount();
    s.scoreValue(unseen);
    assertEquals(before + 1, s.unseenCategoryCount());
    var c = s.explain(unseen).contributions().stream().filter(x -> x.feature().equals("job")).findFirst().orElseThrow();
    int other = Fixtures.binary().columns().indexOf("job=<other>");
    assertTrue(other >= 0);
    assertEquals(Fixtures.binary().coefficients(1)[1 + other], c.weight(), 0.0);
    assertTrue(c.observed().contains("unseen"), c.observed());
  }

  @Test
  void calibrator_json_roundTrips() {
    Calibrator c = new PlattCalibrator(1.25, -0.5, false, 42);
    assertEquals(c, Calibrator.fromJson(c.toJson(), "c"));
  }
}
