package dev.scoring.architecture;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The module table of DESIGN.md ("Modules"), as data: which library module may depend on which,
 * and on which third-party libraries. The architecture tests hold the code to it; a change here
 * is a change of the design and belongs in DESIGN.md too.
 *
 * @param artifact the Maven artifact id (also the directory under the repository root)
 * @param dependsOn the library modules it may depend on (by artifact id)
 * @param externalPackages third-party packages its classes may use ({@code ..} includes subpackages)
 * @param externalArtifacts third-party Maven artifacts ({@code groupId:artifactId}, or {@code groupId:*}) it may depend on
 * @param externalModules third-party Java modules its descriptor may require
 */
record ModuleTable(String artifact, Set<String> dependsOn, Set<String> externalPackages,
    Set<String> externalArtifacts, Set<String> externalModules) {

  private static final String JSPECIFY = "org.jspecify:jspecify";

  /** DESIGN.md's rows for the library modules (examples and benchmarks sit on top and are not checked). */
  static final List<ModuleTable> ROWS = List.of(
      // JSpecify only
      new ModuleTable("scoring-api", Set.of(), Set.of(), Set.of(JSPECIFY), Set.of()),
      // api
      new ModuleTable("scoring-monitoring", Set.of("scoring-api"), Set.of(), Set.of(), Set.of()),
      // api
      new ModuleTable("scoring-rules", Set.of("scoring-api"), Set.of(), Set.of(), Set.of()),
      // api, jackson-core
      new ModuleTable("scoring-ml", Set.of("scoring-api"), Set.of("com.fasterxml.jackson.core.."),
          Set.of("com.fasterxml.jackson.core:jackson-core"), Set.of("com.fasterxml.jackson.core")),
      // api, onnxruntime
      new ModuleTable("scoring-onnx", Set.of("scoring-api"), Set.of("ai.onnxruntime.."),
          Set.of("com.microsoft.onnxruntime:onnxruntime"), Set.of("com.microsoft.onnxruntime")),
      // api, JDBC drivers (and jackson-core, a chosen dependency, for the stored JSON columns)
      new ModuleTable("scoring-store", Set.of("scoring-api"), Set.of("javax.sql..", "org.sqlite..", "org.postgresql..", "com.fasterxml.jackson.core.."),
          Set.of("org.xerial:sqlite-jdbc", "org.postgresql:postgresql", "com.fasterxml.jackson.core:jackson-core"),
          Set.of("org.xerial.sqlitejdbc", "org.postgresql.jdbc", "com.fasterxml.jackson.core")),
      // api, ml, monitoring, jackson-core (the JSON-lines shadow log)
      new ModuleTable("scoring-lifecycle", Set.of("scoring-api", "scoring-ml", "scoring-monitoring"),
          Set.of("com.fasterxml.jackson.core.."), Set.of("com.fasterxml.jackson.core:jackson-core"),
          Set.of("com.fasterxml.jackson.core")),
      // api (+ plugins at run time), Spark (provided); monitoring because evaluation and drift on Spark return its report
      // types computed by its code (the same figures as in process); ml because record-matching dedup on Spark runs the
      // matching package's matcher and blocking rules; scoring-store is not needed: the audit and reviews of a Spark run
      // go to a date-partitioned table through Spark's commit protocol
      new ModuleTable("scoring-spark", Set.of("scoring-api", "scoring-ml", "scoring-monitoring"), Set.of("org.apache.spark..", "scala.."),
          Set.of("org.apache.spark:*"), Set.of()),
      // api, JUnit Jupiter
      new ModuleTable("scoring-testing", Set.of("scoring-api"), Set.of("org.junit.jupiter.api..", "org.opentest4j.."),
          Set.of("org.junit.jupiter:junit-jupiter-api"), Set.of("org.junit.jupiter.api")));

  /** Modules of the repository that are not library modules: they may depend on everything. */
  static final Set<String> ON_TOP = Set.of("examples", "scoring-benchmarks", "scoring-architecture", "scoring-bom");

  /** Java packages every module may use: the JDK and the nullness annotations (scoring-api requires them transitively). */
  static final List<String> EVERYWHERE = List.of("java..", "javax.crypto..", "org.jspecify..");

  static Map<String, ModuleTable> byArtifact() {
    return ROWS.stream().collect(java.util.stream.Collectors.toMap(ModuleTable::artifact, r -> r));
  }
}
