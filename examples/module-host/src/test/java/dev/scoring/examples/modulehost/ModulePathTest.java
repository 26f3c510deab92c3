package dev.scoring.examples.modulehost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Scorer;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs on the module path (surefire's {@code useModulePath}): checks the JPMS claims of the
 * library modules: named modules, providers bound through {@code provides}/{@code uses}, and
 * packages that are not exported stay closed.
 */
final class ModulePathTest {

  @Test
  void theHostAndTheLibrary_areNamedModules() {
    assertEquals("dev.scoring.examples.modulehost", ModuleHost.class.getModule().getName());
    assertEquals("dev.scoring.api", Scorer.class.getModule().getName());
    Set<String> boot = ModuleLayer.boot().modules().stream().map(Module::getName).collect(Collectors.toSet());
    assertTrue(boot.containsAll(Set.of("dev.scoring.api", "dev.scoring.rules", "dev.scoring.ml", "dev.scoring.onnx")), boot.toString());
  }

  @Test
  void providers_areBoundFromTheirModules() {
    Map<String, String> providers = ModuleHost.providerModules();
    assertEquals("dev.scoring.rules", providers.get("rules"));
    assertEquals("dev.scoring.ml", providers.get("logistic"));
    assertEquals("dev.scoring.ml", providers.get("xgboost"));
    assertEquals("dev.scoring.ml", providers.get("lightgbm"));
    assertEquals("dev.scoring.onnx", providers.get("onnx"));
  }

  @Test
  void aScorecard_scoresThroughTheApiAlone() {
    assertEquals(80.0, ModuleHost.score(800, "example.com").value());
    assertEquals(30.0, ModuleHost.score(10, "GMail.com").value());
  }

  @Test
  void onlyTheDocumentedPackages_areExported() {
    Module api = Scorer.class.getModule();
    Module host = ModuleHost.class.getModule();
    assertEquals(Set.of("dev.scoring.api", "dev.scoring.decision", "dev.scoring.review", "dev.scoring.lifecycle"),
        api.getDescriptor().exports().stream().filter(e -> !e.isQualified()).map(e -> e.source()).collect(Collectors.toSet()));
    assertFalse(api.isExported("dev.scoring.internal", host));
    Module ml = ModuleLayer.boot().findModule("dev.scoring.ml").orElseThrow();
    assertTrue(ml.getPackages().contains("dev.scoring.ml.trees"));
    assertFalse(ml.isOpen("dev.scoring.ml.trees", host));
  }
}
