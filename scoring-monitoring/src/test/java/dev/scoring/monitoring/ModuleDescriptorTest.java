package dev.scoring.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the module's exported packages and providers, so the public API cannot grow by accident. */
final class ModuleDescriptorTest {

  private static final Set<String> EXPORTS = Set.of("dev.scoring.evaluation", "dev.scoring.monitoring", "dev.scoring.report");

  @Test
  void descriptor_exportsExactlyThePublicPackages() throws Exception {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("dev.scoring.monitoring", d.name());
    assertEquals(new TreeSet<>(EXPORTS), d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new)));
    assertTrue(d.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), "no qualified exports");
    assertEquals(List.of(), d.provides().stream().flatMap(p -> p.providers().stream()).sorted().toList());
  }

  private static Path classes() {
    try {
      return Path.of(DriftMonitor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
