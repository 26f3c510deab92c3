package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the module's public surface: one exported package, one provider, and the service file. */
final class ModuleDescriptorTest {

  @Test
  void descriptor_exportsOnePackage_andProvidesTheScorerProvider() throws Exception {
    Path classes = Path.of(OnnxScorerProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertEquals("dev.scoring.onnx", d.name());
    assertEquals(Set.of("dev.scoring.onnx"), d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    assertEquals(1, d.provides().size());
    assertEquals(List.of(OnnxScorerProvider.class.getName()), d.provides().iterator().next().providers());
    assertEquals(List.of(OnnxScorerProvider.class.getName()),
        Files.readAllLines(classes.resolve("META-INF/services/dev.scoring.api.ScorerProvider")));
  }

  @Test
  void registry_findsTheProvider() {
    assertEquals(true, Fixtures.REGISTRY.types().contains("onnx"));
  }
}
