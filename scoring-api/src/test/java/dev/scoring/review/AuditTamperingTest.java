package dev.scoring.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.ReviewStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines audit file: every kind of tampering is detected and named; personal values never reach it. */
final class AuditTamperingTest {

  static final FeatureSchema SCHEMA = FeatureSchema.builder().number("amount").category("email").text("name").build();

  @TempDir Path dir;

  private static AuditRecord record(int i, String email, String name) {
    Features row = Features.of(SCHEMA, Map.of("amount", 100.0 * i, "email", email, "name", name));
    List<String> reasons = List.of("score in band [0.2, 0.5): review", "factor: email = " + email + " (+0.31)",
        "factor: name = " + name + " (-0.2)");
    Decision d = new Decision("d-" + i, Action.review("sdr", "uncertain; contact " + email), Action.auto("go"), 0.3,
        List.of(), List.of(new FiredRule("vip", "when name = '" + name + "'", "flag " + name)), reasons, false,
        ReviewStatus.QUEUED, Instant.parse("2026-12-01T09:00:00Z"));
    return new AuditRecord(d, row.digest(), row);
  }

  private Path write(int n) {
    Path file = dir.resolve("audit-" + System.nanoTime() + ".jsonl");
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(file)) {
      for (int i = 1; i <= n; i++) {
        sink.record(record(i, "p" + i + "@example.com", "Person " + i));
      }
    }
    return file;
  }

  private static AuditVerifier.Result verify(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
    return AuditVerifier.verifyFile(file);
  }

  private static void assertProblem(AuditVerifier.Kind kind, long seq, AuditVerifier.Result r) {
    assertTrue(r.problem() != null, "expected " + kind + " but the chain verified");
    assertEquals(kind, r.problem().kind(), r.toString());
    assertEquals(seq, r.problem().seq(), r.toString());
  }

  @Test
  void intactFileVerifies_andReopeningContinuesTheChain() throws IOException {
    Path file = write(5);
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(file)) {
      sink.record(record(6, "x@example.com", "X"));
      assertEquals(6, sink.head().seq());
    }
    AuditVerifier.Result r = AuditVerifier.verifyFile(file);
    assertTrue(r.ok(), r.toString());
    assertEquals(6, r.records());
  }

  @Test
  void editedField_isNamed() throws IOException {
    Path file = write(10);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(3, lines.get(3).replace("\"score\":0.3", "\"score\":0.9"));
    assertProblem(AuditVerifier.Kind.EDITED, 4, verify(file, lines));
  }

  @Test
  void editedFieldWithRecomputedHash_isNamedAtTheEditedRecord() throws IOException {
    Path file = write(10);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    AuditChain.Entry e = AuditVerifier.parse(lines.get(3));
    String forged = e.record().replace("\"score\":0.3", "\"score\":0.9");
    AuditChain.Entry f = new AuditChain.Entry(e.chain(), e.seq(), e.prev(), AuditChain.sha256(
        new AuditChain.Entry(e.chain(), e.seq(), e.prev(), "", forged).canonical()), forged);
    lines.set(3, f.line());
    assertProblem(AuditVerifier.Kind.EDITED, 4, verify(file, lines));
  }

  @Test
  void deletedRow_isNamed() throws IOException {
    Path file = write(10);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.remove(4);
    assertProblem(AuditVerifier.Kind.REMOVED, 5, verify(file, lines));
  }

  @Test
  void swappedRows_areNamed() throws IOException {
    Path file = write(10);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    String a = lines.get(2);
    lines.set(2, lines.get(3));
    lines.set(3, a);
    assertProblem(AuditVerifier.Kind.REORDERED, 3, verify(file, lines));
  }

  @Test
  void insertedRow_isNamed() throws IOException {
    Path file = write(10);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.add(6, lines.get(1));
    assertProblem(AuditVerifier.Kind.INSERTED, 2, verify(file, lines));
  }

  @Test
  void truncatedFile_isNamed() throws IOException {
    Path file = write(10);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 40));
    assertProblem(AuditVerifier.Kind.TRUNCATED, 10, AuditVerifier.verifyFile(file));

    Path whole = write(10);
    List<String> lines = new ArrayList<>(Files.readAllLines(whole));
    assertProblem(AuditVerifier.Kind.TRUNCATED, 9, verify(whole, lines.subList(0, 8)));
  }

  @Test
  void personalValuesNeverReachTheFile() {
    qt().withExamples(60)
        .forAll(strings().betweenCodePoints('a', 'z').ofLengthBetween(4, 12), strings().betweenCodePoints('A', 'Z').ofLengthBetween(5, 12),
            integers().between(1, 6), booleans().all())
        .checkAssert((local, name, n, hash) -> {
          Redaction redaction = hash
              ? Redaction.keyedHash(List.of("email", "name"), "0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8))
              : Redaction.drop(List.of("email", "name"));
          Path file = dir.resolve("redacted-" + System.nanoTime() + ".jsonl");
          String email = local + "@mail.example";
          String person = name + " Q" + local;
          try (JsonLinesAuditSink sink = new JsonLinesAuditSink(file, "main", redaction, JsonLinesAuditSink.Fsync.NEVER)) {
            for (int i = 0; i < n; i++) {
              sink.record(record(i, email, person));
            }
          }
          try {
            String text = Files.readString(file) + Files.readString(dir.resolve(file.getFileName() + ".head"));
            assertTrue(!text.contains(email) && !text.contains(local) && !text.contains(person) && !text.contains(name),
                "a personal value was written: " + text);
            assertTrue(text.contains(hash ? redaction.token(email) : Redaction.DROPPED));
            assertTrue(AuditVerifier.verifyFile(file).ok());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }
}
