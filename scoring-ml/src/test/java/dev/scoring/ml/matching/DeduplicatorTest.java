package dev.scoring.ml.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class DeduplicatorTest {

  @Test
  void progress_hearsEveryChunkInOrder_andTheResultIsTheSame() {
    MatchData.Table t = MatchData.febrl("dataset1");
    Matcher matcher = Matcher.untrained(t.fields()).withTokenWeights(t.records());
    Deduplicator dedup = new Deduplicator(matcher, Blocking.forFields(t.fields()), new Clustering(0.9, 50, 0.0));
    List<long[]> heard = new ArrayList<>();
    Thread caller = Thread.currentThread();
    Deduplicator.Result withProgress = dedup.run(t.records(), (scored, total) -> {
      assertEquals(caller, Thread.currentThread(), "reported on the calling thread");
      heard.add(new long[] {scored, total});
    });
    Deduplicator.Result plain = dedup.run(t.records());
    int n = plain.pairs().size();
    assertTrue(n > 0);
    assertEquals((n + Deduplicator.PROGRESS_EVERY - 1) / Deduplicator.PROGRESS_EVERY, heard.size());
    for (int i = 0; i < heard.size(); i++) {
      assertEquals(Math.min(n, (long) (i + 1) * Deduplicator.PROGRESS_EVERY), heard.get(i)[0]);
      assertEquals(n, heard.get(i)[1]);
    }
    assertArrayEquals(plain.probabilities(), withProgress.probabilities());
    assertArrayEquals(plain.entities(), withProgress.entities());
  }
}
