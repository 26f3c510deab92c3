package dev.scoring.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ScorerRegistryTest {

  /** A provider of type "constant". */
  public static final class ConstantProvider implements ScorerProvider {
    @Override
    public String type() {
      return "constant";
    }

    @Override
    public Scorer create(ScorerSpec spec) {
      return new ConstantScorer(spec, spec.doubleOption("value", 0.5));
    }
  }

  /** Another provider claiming "constant". */
  public static final class ClashingProvider implements ScorerProvider {
    @Override
    public String type() {
      return "constant";
    }

    @Override
    public Scorer create(ScorerSpec spec) {
      throw new UnsupportedOperationException();
    }
  }

  /** A provider whose constructor fails. */
  public static final class BrokenProvider implements ScorerProvider {
    public BrokenProvider() {
      throw new IllegalStateException("native library missing");
    }

    @Override
    public String type() {
      return "broken";
    }

    @Override
    public Scorer create(ScorerSpec spec) {
      throw new UnsupportedOperationException();
    }
  }

  /** A provider that fails with an unexpected exception. */
  public static final class ThrowingProvider implements ScorerProvider {
    @Override
    public String type() {
      return "throwing";
    }

    @Override
    public Scorer create(ScorerSpec spec) {
      throw new ArrayIndexOutOfBoundsException("bad model");
    }
  }

  private static ClassLoader loaderWith(Path dir, String... providers) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.write(services.resolve(ScorerProvider.class.getName()), List.of(providers));
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ScorerRegistryTest.class.getClassLoader());
  }

  @Test
  void discover_findsProvidersThroughServiceLoader(@TempDir Path dir) throws Exception {
    ScorerRegistry registry = ScorerRegistry.discover(loaderWith(dir, ConstantProvider.class.getName()));
    assertEquals(List.of("constant"), registry.types());
    Scorer s = registry.load(ScorerSpec.builder("constant").option("value", "0.25").build());
    assertEquals(0.25, s.score(Features.builder(s.schema()).build()).value());
  }

  @Test
  void discover_failsOnTwoProvidersOfOneType(@TempDir Path dir) throws Exception {
    ModelException e = assertThrows(ModelException.class, () -> ScorerRegistry.discover(
        loaderWith(dir, ConstantProvider.class.getName(), ClashingProvider.class.getName())));
    assertEquals("two scorer providers claim type 'constant': " + ConstantProvider.class.getName() + " and "
        + ClashingProvider.class.getName() + "; remove one from the class path", e.getMessage());
  }

  @Test
  void discover_reportsProvidersThatFailToLoad(@TempDir Path dir) throws Exception {
    ScorerRegistry registry = ScorerRegistry.discover(loaderWith(dir,
        ConstantProvider.class.getName(), BrokenProvider.class.getName(), "com.example.NoSuchProvider"));
    assertEquals(List.of("constant"), registry.types());
    assertEquals(2, registry.problems().size());
    assertTrue(registry.problems().get(0).contains("BrokenProvider"), registry.problems().toString());
    assertTrue(registry.problems().get(1).contains("com.example.NoSuchProvider"), registry.problems().toString());
    ModelException e = assertThrows(ModelException.class, () -> registry.provider("broken"));
    assertTrue(e.getMessage().startsWith("no scorer provider for type 'broken'; available: [constant]; providers that failed to load: "),
        e.getMessage());
  }

  @Test
  void load_unknownTypeListsAvailable() {
    ScorerRegistry registry = ScorerRegistry.of(new ConstantProvider());
    ModelException e = assertThrows(ModelException.class, () -> registry.load(ScorerSpec.builder("xgboost").build()));
    assertEquals("no scorer provider for type 'xgboost'; available: [constant]", e.getMessage());
  }

  @Test
  void load_wrapsUnexpectedProviderFailures() {
    ScorerRegistry registry = ScorerRegistry.of(new ThrowingProvider());
    ModelException e = assertThrows(ModelException.class,
        () -> registry.load(ScorerSpec.builder("throwing").id("m1").source(ModelSource.bytes("m.bin", new byte[1])).build()));
    assertTrue(e.getMessage().contains("failed to build scorer 'm1' from bytes:m.bin"), e.getMessage());
  }

  @Test
  void of_rejectsDuplicates() {
    assertThrows(ModelException.class, () -> ScorerRegistry.of(new ConstantProvider(), new ClashingProvider()));
  }
}
