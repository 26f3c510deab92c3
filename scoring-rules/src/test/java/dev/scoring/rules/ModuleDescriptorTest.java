package dev.scoring.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Pins the module's public surface: one exported package, the provider registered both ways, few public types. */
final class ModuleDescriptorTest {

  @Test
  void moduleInfo_exportsOnePackageAndProvidesTheProvider() throws Exception {
    String info = Files.readString(Path.of("src/main/java/module-info.java"));
    assertTrue(info.contains("exports dev.scoring.rules;"));
    assertEquals(1, info.split("exports ", -1).length - 1, "exactly one exported package");
    assertTrue(info.contains("provides dev.scoring.api.ScorerProvider with dev.scoring.rules.RulesScorerProvider;"));
  }

  @Test
  void serviceLoader_findsTheRulesProvider() {
    boolean found = ServiceLoader.load(dev.scoring.api.ScorerProvider.class).stream()
        .anyMatch(p -> p.type() == RulesScorerProvider.class && p.get().type().equals("rules"));
    assertTrue(found);
  }

  @Test
  void publicTypes_areTheDocumentedFew() throws Exception {
    List<String> expected = List.of("HitPolicy", "ReloadableRuleSet", "RuleEvaluation", "RuleFileException",
        "RuleProblem", "RuleSet", "RuleSetBuilder", "RulesScorerProvider");
    try (var files = Files.list(Path.of("src/main/java/dev/scoring/rules"))) {
      List<String> publicTypes = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
          .map(n -> n.substring(0, n.length() - 5))
          .filter(n -> {
            try {
              return java.lang.reflect.Modifier.isPublic(Class.forName("dev.scoring.rules." + n).getModifiers());
            } catch (ClassNotFoundException e) {
              throw new AssertionError(e);
            }
          })
          .sorted().toList();
      assertEquals(expected, publicTypes);
    }
    assertTrue(Arrays.stream(RuleSet.class.getClasses()).allMatch(c -> c.getSimpleName().equals("Loader")));
  }
}
