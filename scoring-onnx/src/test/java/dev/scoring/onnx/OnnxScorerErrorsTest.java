package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.RecordException;
import dev.scoring.api.Scorer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad models, bad options and bad records: each fails with a typed exception that says what and where. */
final class OnnxScorerErrorsTest {

  private static final FeatureSchema SCHEMA = OnnxGeneratedModelsTest.MLP_SCHEMA;
  private static final byte[] MLP = OnnxGeneratedModelsTest.MLP.bytes();

  private static Map<String, String> options(String... kv) {
    Map<String, String> m = new HashMap<>(OnnxGeneratedModelsTest.mlpOptions());
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static ModelException loadFails(byte[] model, Map<String, String> options) {
    return assertThrows(ModelException.class, () -> Fixtures.bytes(model, SCHEMA, options).close());
  }

  @Test
  void create_corruptFile_throwsModelException() {
    byte[] corrupt = MLP.clone();
    for (int i = 10; i < corrupt.length; i += 7) {
      corrupt[i] ^= 0x5A;
    }
    ModelException e = loadFails(corrupt, options());
    assertTrue(e.getMessage().contains("bytes:generated.onnx"), e.getMessage());
    assertTrue(e.getCause() != null);
    loadFails(new byte[] {1, 2, 3}, options());
    loadFails(new byte[0], options());
  }

  @Test
  void create_missingFileAndResource_throwModelException() {
    assertThrows(ModelException.class, () -> Fixtures.load(ModelSource.path(Path.of("no/such/model.onnx")), SCHEMA, options()));
    assertThrows(ModelException.class, () -> Fixtures.resource("no-such.onnx", SCHEMA, options()));
  }

  @Test
  void create_wrongInputName_listsTheModelInputs() {
    ModelException e = loadFails(MLP, options(OnnxOptions.INPUT_NAME, "features"));
    assertTrue(e.getMessage().contains("x: float[-1, 4]"), e.getMessage());
  }

  @Test
  void create_wrongFeatureCount_saysHowManyColumns() {
    ModelException e = loadFails(MLP, options(OnnxOptions.INPUT_FEATURES, "a,b,c"));
    assertTrue(e.getMessage().contains("expects 4 columns"), e.getMessage());
  }

  @Test
  void create_wrongFeatureType_forNumericInput() {
    ModelException e = loadFails(MLP, options(OnnxOptions.INPUT_FEATURES, "a,b,c,unused"));
    assertTrue(e.getMessage().contains("unused:category"), e.getMessage());
  }

  @Test
  void create_numberForStringInput_rejected() {
    byte[] model = OnnxModels.labelEncoder(List.of("a"), new float[] {1f}, 0f);
    FeatureSchema schema = FeatureSchema.builder().number("segment").build();
    assertThrows(ModelException.class, () -> Fixtures.bytes(model, schema, Map.of()));
  }

  @Test
  void create_unknownFeatureOptionAndValue_rejected() {
    assertTrue(loadFails(MLP, options("input.feature", "a")).getMessage().contains("unknown option"));
    assertTrue(loadFails(MLP, options(OnnxOptions.INPUT_FEATURES, "a,b,c,zz")).getMessage().contains("zz"));
    loadFails(MLP, options(OnnxOptions.OPTIMIZATION, "max"));
    loadFails(MLP, options(OnnxOptions.THREADS_INTRA, "-1"));
    loadFails(MLP, options(OnnxOptions.MISSING_VALUES, "a=lots"));
    loadFails(MLP, options(OnnxOptions.OUTPUT, "probabilities"));
    loadFails(MLP, options(OnnxOptions.OUTPUT_LABEL, "y"));
    loadFails(MLP, options(OnnxOptions.INPUT_LAYOUT, "sequence"));
    loadFails(MLP, options(OnnxOptions.BATCH_SIZE, "0"));
    loadFails(MLP, options(OnnxOptions.EXPLAIN_SAMPLES, "1"));
  }

  @Test
  void create_fillWithoutValues_listsTheFeature() {
    ModelException e = loadFails(MLP, options(OnnxOptions.MISSING, "fill", OnnxOptions.MISSING_VALUES, "a=0,b=0,c=0"));
    assertTrue(e.getMessage().contains("'d'"), e.getMessage());
  }

  @Test
  void create_cudaWithoutGpu_saysWhatIsAvailable() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA));
    ModelException e = loadFails(MLP, options(OnnxOptions.EXECUTION_PROVIDER, "cuda"));
    assertTrue(e.getMessage().contains("onnxruntime_gpu"), e.getMessage());
  }

  @Test
  void score_missingValue_rejectFillAndNan() {
    Features row = Features.builder(SCHEMA).set("a", 1.0).set("b", 2.0).set("c", 3.0).build(); // d missing
    try (Scorer reject = Fixtures.bytes(MLP, SCHEMA, options());
         Scorer fill = Fixtures.bytes(MLP, SCHEMA, options(OnnxOptions.MISSING, "fill", OnnxOptions.MISSING_VALUES, "a=0,b=0,c=0,d=0.25"));
         Scorer nan = Fixtures.bytes(MLP, SCHEMA, options(OnnxOptions.MISSING, "nan"))) {
      RecordException e = assertThrows(RecordException.class, () -> reject.score(row));
      assertEquals(RecordException.Problem.MISSING_VALUE, e.problem());
      assertEquals("d", e.feature().orElseThrow());
      assertEquals(OnnxGeneratedModelsTest.MLP.forward(new double[] {1, 2, 3, 0.25}), fill.scoreValue(row), 1e-6);
      RecordException n = assertThrows(RecordException.class, () -> nan.score(row), "NaN through an MLP is NaN: never a score");
      assertEquals(RecordException.Problem.INVALID, n.problem());
      assertTrue(n.getMessage().contains("NaN"), n.getMessage());
    }
  }

  @Test
  void scoreBatch_emptyOversizeAndBadRow() {
    try (Scorer s = Fixtures.bytes(MLP, SCHEMA, options(OnnxOptions.BATCH_MAX_ROWS, "10"))) {
      assertEquals(List.of(), s.scoreBatch(List.of()));
      s.scoreBatch(List.of(), new double[0]);
      List<Features> rows = OnnxGeneratedModelsTest.mlpRows(11, 5);
      RecordException e = assertThrows(RecordException.class, () -> s.scoreBatch(rows));
      assertEquals(RecordException.Problem.TOO_LARGE, e.problem());
      List<Features> withMissing = new java.util.ArrayList<>(rows.subList(0, 5));
      withMissing.add(Features.builder(SCHEMA).set("a", 1).build());
      RecordException m = assertThrows(RecordException.class, () -> s.scoreBatch(withMissing));
      assertEquals(RecordException.Problem.MISSING_VALUE, m.problem());
      assertEquals(rows.get(0).snapshot(), rows.get(0));
      assertEquals(OnnxGeneratedModelsTest.MLP.forward(OnnxGeneratedModelsTest.x(rows.get(0))), s.scoreValue(rows.get(0)), 1e-6,
          "the scorer still works after failed batches");
    }
  }

  @Test
  void scoreBatch_rowOfAnotherSchema_failsBeforeAnyOutput() {
    FeatureSchema other = FeatureSchema.builder().number("a").number("b").build();
    for (String chunk : List.of("4096", "2")) { // one run (the gather checks), several runs (checked up front)
      try (Scorer s = Fixtures.bytes(MLP, SCHEMA, options(OnnxOptions.BATCH_SIZE, chunk))) {
        List<Features> rows = new java.util.ArrayList<>(OnnxGeneratedModelsTest.mlpRows(6, 9));
        rows.set(4, Features.builder(other).set("a", 1).set("b", 2).build());
        double[] values = new double[6];
        java.util.Arrays.fill(values, -7);
        RecordException e = assertThrows(RecordException.class, () -> s.scoreBatch(rows, values));
        assertEquals(RecordException.Problem.SCHEMA_MISMATCH, e.problem());
        for (double v : values) {
          assertEquals(-7, v, 0.0, "no output for a failed batch (batch.size " + chunk + ")");
        }
        assertEquals(RecordException.Problem.SCHEMA_MISMATCH,
            assertThrows(RecordException.class, () -> s.scoreBatch(rows)).problem());
        rows.set(4, rows.get(3));
        s.scoreBatch(rows, values);
        assertEquals(OnnxGeneratedModelsTest.MLP.forward(OnnxGeneratedModelsTest.x(rows.get(5))), values[5], 1e-6);
      }
    }
  }

  @Test
  void score_afterClose_throwsIllegalState_andCloseIsIdempotent() {
    Scorer s = Fixtures.bytes(MLP, SCHEMA, options());
    Features row = OnnxGeneratedModelsTest.mlpRows(1, 6).get(0);
    double expected = OnnxGeneratedModelsTest.MLP.forward(OnnxGeneratedModelsTest.x(row));
    try (Scorer other = Fixtures.bytes(MLP, SCHEMA, options())) {
      s.score(row);
      s.close();
      s.close();
      assertThrows(IllegalStateException.class, () -> s.score(row));
      assertThrows(IllegalStateException.class, () -> s.scoreBatch(List.of(row)));
      assertThrows(IllegalStateException.class, () -> s.explain(row));
      // the process-wide OrtEnvironment stays open: a scorer loaded before still scores, a new one loads
      assertEquals(expected, other.scoreValue(row), 1e-6);
      try (Scorer fresh = Fixtures.bytes(MLP, SCHEMA, options())) {
        assertEquals(expected, fresh.scoreValue(row), 1e-6);
      }
      assertEquals(expected, other.scoreBatch(List.of(row, row)).get(1).value(), 1e-6);
    }
  }
}
