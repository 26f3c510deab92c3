package dev.scoring.retraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Pins the module's public surface: three exported packages, no qualified exports, no dependency on scoring-store. */
final class ModuleDescriptorTest {

  @Test
  void moduleInfo_exportsTheThreePackages() throws Exception {
    String info = Files.readString(Path.of("src/main/java/module-info.java"));
    assertEquals(3, info.split("exports ", -1).length - 1);
    assertEquals(true, info.contains("exports dev.scoring.retraining;") && info.contains("exports dev.scoring.shadow;")
        && info.contains("exports dev.scoring.alarms;"));
    assertFalse(info.contains(" to "), "no qualified exports");
    assertFalse(info.contains("dev.scoring.store"));
  }
}
