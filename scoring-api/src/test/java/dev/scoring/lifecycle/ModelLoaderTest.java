package dev.scoring.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerProvider;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.decision.DecisionPipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored versions loaded through the registry and swapped into a live pipeline, as README.md shows. */
final class ModelLoaderTest {

  @TempDir Path dir;

  /** Type {@code versioned}: the model file is the version number as text. */
  static final class VersionedProvider implements ScorerProvider {
    @Override
    public String type() {
      return "versioned";
    }

    @Override
    public Scorer create(ScorerSpec spec) {
      String text = new String(spec.readSource(), StandardCharsets.UTF_8).strip();
      try {
        return new VersionedScorer(Integer.parseInt(text));
      } catch (NumberFormatException e) {
        throw new ModelException(spec.source().name() + ": not a version number: " + text);
      }
    }
  }

  @Test
  void championLoads_aNewVersionSwapsIn_aCorruptOneIsRefused_rollbackRestores() throws Exception {
    DirectoryModelStore store = DirectoryModelStore.open(dir.resolve("models"));
    store.save("lead-score", "versioned", "7".getBytes(StandardCharsets.UTF_8), ModelProvenance.of("t"),
        ModelState.CHAMPION);
    ModelVersion v2 = store.save("lead-score", "versioned", "8".getBytes(StandardCharsets.UTF_8),
        ModelProvenance.of("t"), ModelState.CANDIDATE);
    ModelVersion v3 = store.save("lead-score", "versioned", "eight".getBytes(StandardCharsets.UTF_8),
        ModelProvenance.of("t"), ModelState.CANDIDATE);
    ModelLoader loader = ModelLoader.of(store, ScorerRegistry.of(new VersionedProvider()), VersionedScorer.SCHEMA);

    ScorerSpec spec = loader.spec("score", "lead-score", 2);
    assertEquals("lead-score@2", spec.option(ScorerSpec.VERSION).orElseThrow());
    assertEquals(ModelSource.digest("8".getBytes(StandardCharsets.UTF_8)), v2.digest());

    LivePipeline live = LivePipeline.builder(
            Stages.builder().scorer("score", loader.champion("score", "lead-score")).build(),
            s -> DecisionPipeline.builder(VersionedScorer.SCHEMA).scorer(s.scorer("score")).policy(LivePipelineTest.POLICY))
        .smokeCheck("score", SmokeCheck.probabilities(List.of(LivePipelineTest.row(0))))
        .build();
    assertEquals(VersionedScorer.expected(7, 1), live.decide(LivePipelineTest.row(1)).score());

    live.swapScorer("score", () -> loader.load("score", "lead-score", v2.version()));
    assertEquals(VersionedScorer.expected(8, 1), live.decide(LivePipelineTest.row(1)).score());

    ModelRefusedException refused = assertThrows(ModelRefusedException.class,
        () -> live.swapScorer("score", () -> loader.load("score", "lead-score", v3.version())));
    assertTrue(refused.getMessage().contains("not a version number: eight"), refused.getMessage());

    Files.writeString(dir.resolve("models").resolve("lead-score").resolve("v1.bin"), "9");
    ModelRefusedException corrupt = assertThrows(ModelRefusedException.class,
        () -> live.swapScorer("score", () -> loader.load("score", "lead-score", 1)));
    assertTrue(corrupt.getMessage().contains("does not match its digest"), corrupt.getMessage());
    assertEquals(VersionedScorer.expected(8, 1), live.decide(LivePipelineTest.row(1)).score());

    live.rollback("score");
    assertEquals(VersionedScorer.expected(7, 1), live.decide(LivePipelineTest.row(1)).score());
  }
}
