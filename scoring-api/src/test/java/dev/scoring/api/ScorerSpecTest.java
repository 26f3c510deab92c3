package dev.scoring.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ScorerSpecTest {

  @Test
  void builder_defaultsAndOptions() {
    ScorerSpec spec = ScorerSpec.builder("xgboost").option("threads", "2").option("rate", "0.5").option("strict", "TRUE").build();
    assertEquals("xgboost", spec.id());
    assertEquals(ModelSource.none(), spec.source());
    assertEquals(2, spec.intOption("threads", 1));
    assertEquals(7, spec.intOption("absent", 7));
    assertEquals(0.5, spec.doubleOption("rate", 0));
    assertTrue(spec.booleanOption("strict", false));
  }

  @Test
  void options_badValuesNameScorerAndOption() {
    ScorerSpec spec = ScorerSpec.builder("onnx").id("intent").option("threads", "two").option("rate", "NaN").option("strict", "yes").build();
    assertEquals("scorer 'intent': option 'threads' must be an integer, got 'two'",
        assertThrows(ModelException.class, () -> spec.intOption("threads", 1)).getMessage());
    assertThrows(ModelException.class, () -> spec.doubleOption("rate", 1));
    assertThrows(ModelException.class, () -> spec.booleanOption("strict", true));
  }

  @Test
  void requireKnownOptions_listsUnknownAndKnown() {
    ScorerSpec spec = ScorerSpec.builder("onnx").id("intent").option("thraeds", "2").build();
    ModelException e = assertThrows(ModelException.class, () -> spec.requireKnownOptions(Set.of("threads", "output")));
    assertEquals("scorer 'intent' (onnx): unknown option(s) [thraeds]; known: [max-bytes, missing, output, threads, version]",
        e.getMessage());
  }

  @Test
  void commonOptions_haveOneSpellingAndHelpers() {
    ScorerSpec old = ScorerSpec.builder("onnx").id("intent").option("model.version", "3").build();
    ModelException e = assertThrows(ModelException.class, () -> old.requireKnownOptions(Set.of()));
    assertTrue(e.getMessage().contains("'model.version' is spelt 'version' for every provider"), e.getMessage());
    ScorerSpec spec = ScorerSpec.builder("x").option("version", " 7 ").option("missing", "NaN")
        .source(ModelSource.bytes("m", new byte[100])).option("max-bytes", "99").build();
    spec.requireKnownOptions(Set.of());
    assertEquals("7", spec.version("own"));
    assertEquals("own", ScorerSpec.builder("x").build().version("own"));
    assertEquals("nan", spec.missing("model", "nan"));
    assertEquals("model", ScorerSpec.builder("x").build().missing("model", "nan"));
    assertThrows(ModelException.class, () -> spec.missing("model"));
    assertTrue(assertThrows(ModelException.class, spec::readSource).getMessage().contains("more than the limit of 99"));
    assertThrows(ModelException.class, () -> ScorerSpec.builder("x").option("max-bytes", "-1").build().readSource());
  }

  @Test
  void typeAndId_mustBeTokens() {
    assertThrows(IllegalArgumentException.class, () -> ScorerSpec.builder("x g").build());
    assertThrows(IllegalArgumentException.class, () -> ScorerSpec.builder("xgboost").id("a/b").build());
  }

  @Test
  void modelSource_readsWithLimitAndDigest(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("m.txt");
    Files.writeString(file, "tree");
    byte[] bytes = ModelSource.path(file).read();
    assertArrayEquals("tree".getBytes(StandardCharsets.UTF_8), bytes);
    ModelException tooLarge = assertThrows(ModelException.class, () -> ModelSource.path(file).read(3));
    assertEquals("model " + file + " has 4 bytes, more than the limit of 3", tooLarge.getMessage());
    ModelException missing = assertThrows(ModelException.class, () -> ModelSource.path(dir.resolve("nope.json")).read());
    assertEquals("model file not found: " + dir.resolve("nope.json"), missing.getMessage());
    assertThrows(ModelException.class, () -> ModelSource.bytes("m", new byte[10]).read(5));
    assertThrows(ModelException.class, () -> ModelSource.resource(getClass().getClassLoader(), "no/such/model.json").read());
    assertThrows(ModelException.class, () -> ModelSource.none().read());
  }

  @Test
  void digest_isSha256() {
    // SHA-256("abc") from FIPS 180-2, appendix B.1
    assertEquals("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ModelSource.digest("abc".getBytes(StandardCharsets.US_ASCII)));
  }
}
