package dev.scoring.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Holds the library modules to DESIGN.md's module table ({@link ModuleTable}): no package cycle
 * anywhere, and no dependency that the table does not list, checked three ways (the classes'
 * references, the module descriptors' {@code requires}, the POMs' dependencies). The classes are
 * the main classes of every library module, read from their build output.
 */
final class ArchitectureTest {

  /** The repository root (the tests run in this module's directory). */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Map<String, ModuleTable> TABLE = ModuleTable.byArtifact();
  /** Per library module present in the repository: its compiled main classes. */
  private static final Map<String, Path> CLASSES = new TreeMap<>();
  private static final Map<String, ModuleDescriptor> DESCRIPTORS = new TreeMap<>();
  private static final Map<String, JavaClasses> IMPORTED = new TreeMap<>();
  private static JavaClasses all;

  @BeforeAll
  static void importModules() throws IOException {
    List<Path> locations = new ArrayList<>();
    for (String artifact : libraryModules()) {
      Path classes = ROOT.resolve(artifact).resolve("target/classes");
      assertTrue(Files.isDirectory(classes), artifact + " has no build output: add it as a test dependency of scoring-architecture");
      CLASSES.put(artifact, classes);
      locations.add(classes);
      IMPORTED.put(artifact, new ClassFileImporter().importPath(classes));
      Path info = classes.resolve("module-info.class");
      if (Files.exists(info)) {
        try (InputStream in = Files.newInputStream(info)) {
          DESCRIPTORS.put(artifact, ModuleDescriptor.read(in));
        }
      }
    }
    all = new ClassFileImporter().importPaths(locations);
  }

  /** The directories of the repository root with a Maven project and main Java sources, but for the modules on top. */
  private static Set<String> libraryModules() throws IOException {
    Set<String> found = new TreeSet<>();
    try (Stream<Path> dirs = Files.list(ROOT)) {
      dirs.filter(d -> Files.exists(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("src/main/java")))
          .map(d -> d.getFileName().toString())
          .filter(n -> !ModuleTable.ON_TOP.contains(n))
          .forEach(found::add);
    }
    return found;
  }

  @Test
  void everyLibraryModule_isInTheTable_andDependsOnScoringApi() throws IOException {
    assertTrue(CLASSES.keySet().containsAll(Set.of("scoring-api", "scoring-rules", "scoring-ml", "scoring-onnx",
        "scoring-monitoring", "scoring-testing")), "library modules found: " + CLASSES.keySet());
    for (String artifact : libraryModules()) {
      assertTrue(TABLE.containsKey(artifact), artifact + " is not in DESIGN.md's module table (ModuleTable.ROWS)");
      if (!artifact.equals("scoring-api")) {
        assertTrue(TABLE.get(artifact).dependsOn().contains("scoring-api"), artifact + " must depend on scoring-api");
      }
    }
  }

  @Test
  void packages_areFreeOfCycles() {
    // each package is a slice: dev.scoring.ml.trees and dev.scoring.ml.logistic are two
    slices().matching("dev.scoring.(**)").should().beFreeOfCycles().check(all);
  }

  @Test
  void classes_useOnlyTheirModule_theExportsOfTheModulesTheTableAllows_andTheirLibraries() {
    for (Map.Entry<String, JavaClasses> e : IMPORTED.entrySet()) {
      ModuleTable row = TABLE.get(e.getKey());
      if (row == null) {
        continue; // reported by everyLibraryModule_isInTheTable_andDependsOnScoringApi
      }
      Set<String> own = packagesOf(e.getValue());
      List<String> allowed = new ArrayList<>(own);
      allowed.addAll(ModuleTable.EVERYWHERE);
      allowed.addAll(row.externalPackages());
      ModuleDescriptor self = DESCRIPTORS.get(e.getKey());
      for (String dependency : row.dependsOn()) {
        ModuleDescriptor d = DESCRIPTORS.get(dependency);
        if (d == null) {
          allowed.addAll(packagesOf(IMPORTED.get(dependency)));
          continue;
        }
        for (ModuleDescriptor.Exports x : d.exports()) {
          if (x.targets().isEmpty() || self != null && x.targets().contains(self.name())) {
            allowed.add(x.source());
          }
        }
      }
      classes().that().resideInAnyPackage(own.toArray(String[]::new))
          .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
          .as(e.getKey() + " depends only on what DESIGN.md lists: " + row.dependsOn() + " " + row.externalPackages())
          .check(e.getValue());
    }
  }

  @Test
  void moduleDescriptors_requireOnlyWhatTheTableAllows() {
    Map<String, String> moduleOf = new TreeMap<>();
    DESCRIPTORS.forEach((artifact, d) -> moduleOf.put(artifact, d.name()));
    for (Map.Entry<String, ModuleDescriptor> e : DESCRIPTORS.entrySet()) {
      ModuleTable row = TABLE.get(e.getKey());
      if (row == null) {
        continue;
      }
      Set<String> allowed = new TreeSet<>(row.externalModules());
      allowed.add("org.jspecify");
      row.dependsOn().forEach(a -> allowed.add(moduleOf.getOrDefault(a, a)));
      for (ModuleDescriptor.Requires r : e.getValue().requires()) {
        String name = r.name();
        if (name.startsWith("java.") || name.startsWith("jdk.")) {
          continue;
        }
        assertTrue(allowed.contains(name), e.getKey() + " requires " + name + ", which DESIGN.md does not list; allowed: " + allowed);
      }
    }
    assertEquals("dev.scoring.api", moduleOf.get("scoring-api"));
    assertFalse(DESCRIPTORS.get("scoring-api").requires().stream()
        .anyMatch(r -> r.name().startsWith("dev.scoring")), "scoring-api depends on no other module");
  }

  @Test
  void everyExportedPackage_hasAPublicType() {
    DESCRIPTORS.forEach((artifact, d) -> {
      for (ModuleDescriptor.Exports x : d.exports()) {
        boolean any = IMPORTED.get(artifact).stream()
            .anyMatch(c -> c.getPackageName().equals(x.source()) && c.isTopLevelClass()
                && c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC));
        assertTrue(any, artifact + " exports " + x.source() + ", which has no public type");
      }
    });
  }

  @Test
  void poms_declareOnlyTheDependenciesTheTableAllows() throws Exception {
    for (String artifact : libraryModules()) {
      ModuleTable row = TABLE.get(artifact);
      if (row == null) {
        continue;
      }
      for (String dependency : mainDependencies(ROOT.resolve(artifact).resolve("pom.xml"))) {
        String group = dependency.substring(0, dependency.indexOf(':'));
        String id = dependency.substring(dependency.indexOf(':') + 1);
        boolean ok = group.equals("dev.scoring") ? row.dependsOn().contains(id)
            : row.externalArtifacts().contains(dependency) || row.externalArtifacts().contains(group + ":*");
        assertTrue(ok, artifact + "'s pom.xml depends on " + dependency + ", which DESIGN.md does not list for it");
      }
    }
  }

  @Test
  void bom_managesEveryLibraryModule_atTheReactorVersion() throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    Element bom = factory.newDocumentBuilder().parse(ROOT.resolve("scoring-bom/pom.xml").toFile()).getDocumentElement();
    Element root = factory.newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile()).getDocumentElement();
    assertEquals(text(root, "version"), text(bom, "version"), "scoring-bom's version follows the reactor's");
    Set<String> managed = new TreeSet<>();
    Element deps = child(child(bom, "dependencyManagement"), "dependencies");
    for (Node n = deps.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element d) {
        assertEquals("dev.scoring", text(d, "groupId"));
        assertEquals("${project.version}", text(d, "version"));
        managed.add(text(d, "artifactId"));
      }
    }
    assertEquals(libraryModules(), managed, "scoring-bom lists exactly the library modules");
  }

  /** {@code groupId:artifactId} of the project's own dependencies (not managed, not in profiles), but test scope. */
  private static List<String> mainDependencies(Path pom) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    List<String> out = new ArrayList<>();
    Element dependencies = child(project, "dependencies");
    if (dependencies == null) {
      return out;
    }
    NodeList list = dependencies.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) {
      if (list.item(i) instanceof Element d && d.getTagName().equals("dependency")) {
        Element scope = child(d, "scope");
        if (scope != null && scope.getTextContent().trim().equals("test")) {
          continue;
        }
        out.add(text(d, "groupId") + ":" + text(d, "artifactId"));
      }
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? "" : e.getTextContent().trim();
  }

  private static Set<String> packagesOf(JavaClasses classes) {
    Set<String> out = new TreeSet<>();
    classes.forEach(c -> out.add(c.getPackageName()));
    return out;
  }
}
