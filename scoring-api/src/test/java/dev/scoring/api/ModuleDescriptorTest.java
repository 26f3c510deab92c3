package dev.scoring.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the module's exported packages, so the public API cannot grow by accident. */
final class ModuleDescriptorTest {

  @Test
  void exports_areExactlyThePublicPackages() throws Exception {
    Path classes = Path.of(Scorer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor module;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      module = ModuleDescriptor.read(in);
    }
    assertEquals("dev.scoring.api", module.name());
    Set<String> exports = module.exports().stream()
        .filter(e -> e.targets().isEmpty())
        .map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(Set.of("dev.scoring.api", "dev.scoring.decision", "dev.scoring.review",
        "dev.scoring.lifecycle")), exports);
    Set<String> qualified = module.exports().stream()
        .filter(e -> !e.targets().isEmpty())
        .map(e -> e.source() + " to " + e.targets())
        .collect(Collectors.toSet());
    assertEquals(Set.of("dev.scoring.internal to [dev.scoring.monitoring]"), qualified);
    assertEquals(Set.of("dev.scoring.api.ScorerProvider"), module.uses());
  }
}
