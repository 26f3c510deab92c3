package dev.scoring.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.scoring.api.Provenance;
import dev.scoring.decision.ShadowRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JsonLinesShadowLogTest {

  static final Provenance P = new Provenance("cand", "logistic", "2", "sha256:ab");

  static ShadowRecord scored(String id, double champ, double chall, String detail) {
    return new ShadowRecord(id, P, champ, "review ops", chall, "auto fast-track", ShadowRecord.Status.SCORED, detail,
        1234, Instant.parse("2026-11-23T10:00:00Z"));
  }

  @Test
  void records_roundTrip_andACutLastLineIsSkipped(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("shadow.jsonl");
    ShadowRecord failed = new ShadowRecord("d-2", P, Double.NaN, "route x", Double.NaN, null,
        ShadowRecord.Status.FAILED, "threw \"x\"\n", 99, Instant.parse("2026-11-23T10:00:01Z"));
    try (JsonLinesShadowLog log = new JsonLinesShadowLog(f)) {
      log.record(scored("d-1", 0.25, 0.875, ""));
      log.record(failed);
    }
    Files.writeString(f, "{\"decision_id\":\"d-3\",\"chall", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    List<ShadowRecord> back = JsonLinesShadowLog.read(f);
    assertEquals(2, back.size());
    assertEquals(scored("d-1", 0.25, 0.875, ""), back.get(0));
    assertEquals(failed.detail(), back.get(1).detail());
    assertEquals(Double.NaN, back.get(1).championScore());
    Files.writeString(f, "not json\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonLinesShadowLog.read(f));
    assertEquals(true, e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void anyRecord_survivesItsLine() {
    qt().forAll(strings().allPossible().ofLengthBetween(1, 30), doubles().between(0, 1), doubles().between(0, 1),
        strings().allPossible().ofLengthBetween(0, 30)).checkAssert((id, a, b, detail) -> {
          try {
            ShadowRecord r = scored(id, a, b, detail);
            assertEquals(r, JsonLinesShadowLog.parse(JsonLinesShadowLog.line(r)));
          } catch (java.io.IOException ex) {
            throw new AssertionError(ex);
          }
        });
  }
}
