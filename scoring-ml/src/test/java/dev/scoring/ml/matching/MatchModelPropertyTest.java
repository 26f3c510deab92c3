package dev.scoring.ml.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** EM never decreases the likelihood; blocking by union keeps every pair one rule keeps; clustering guards hold. */
final class MatchModelPropertyTest {

  private static final List<MatchField> FIELDS = List.of(
      MatchField.of("a", FieldType.NAME), MatchField.of("b", FieldType.COMPANY), MatchField.of("c", FieldType.CATEGORY));

  @Test
  void emNeverDecreasesTheLikelihood() {
    qt().withExamples(200).forAll(longs().all(), integers().between(5, 400)).checkAssert((seed, n) -> {
      SplittableRandom r = new SplittableRandom(seed);
      int[][] rows = new int[n][FIELDS.size()];
      boolean[] match = new boolean[n];
      for (int k = 0; k < n; k++) {
        match[k] = r.nextDouble() < 0.3;
        for (int f = 0; f < FIELDS.size(); f++) {
          int levels = FIELDS.get(f).levels();
          rows[k][f] = match[k] && r.nextDouble() < 0.7 ? 0 : r.nextInt(levels);
        }
      }
      double[][] u = new double[FIELDS.size()][];
      for (int f = 0; f < FIELDS.size(); f++) {
        int levels = FIELDS.get(f).levels();
        u[f] = new double[levels];
        double sum = 0;
        for (int l = 0; l < levels - 1; l++) {
          u[f][l] = 0.05 + r.nextDouble();
          sum += u[f][l];
        }
        for (int l = 0; l < levels - 1; l++) {
          u[f][l] /= sum;
        }
        u[f][levels - 1] = 1;
      }
      FellegiSunter.Estimate e = FellegiSunter.em(FIELDS, rows, u, 0.01 + 0.9 * r.nextDouble());
      List<Double> ll = e.logLikelihoods();
      for (int i = 1; i < ll.size(); i++) {
        assertTrue(ll.get(i) >= ll.get(i - 1) - 1e-9 * Math.abs(ll.get(i - 1)), "iteration " + i + ": " + ll);
      }
    });
  }

  @Test
  void countedWeightsFavourAgreementOnLabelledData() {
    List<LabelledPair> pairs = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(3);
    List<MatchRecord> accounts = Accounts.table(200, 3);
    for (int i = 0; i < 200; i++) {
      MatchRecord a = accounts.get(i);
      pairs.add(new LabelledPair(a, Accounts.corrupt(a, r, "c" + i), true));
      pairs.add(new LabelledPair(a, accounts.get((i + 1 + r.nextInt(198)) % 200), false));
    }
    Matcher m = Matcher.untrained(Accounts.FIELDS).withTokenWeights(accounts);
    MatchModel fs = FellegiSunter.supervised(m, pairs);
    MatchModel lr = LogisticMatchTrainer.withL2(1e-3).train(m, pairs);
    for (MatchModel model : List.of(fs, lr)) {
      Matcher trained = m.withModel(model);
      int right = 0;
      for (LabelledPair p : pairs) {
        right += (trained.probability(p.left(), p.right()) >= 0.5) == p.match() ? 1 : 0;
      }
      assertTrue(right >= 0.95 * pairs.size(), model.kind() + ": " + right + " of " + pairs.size());
      assertTrue(model.weight(0, 0) > 0, "company exact argues for a match");
      assertEquals(0.0, model.weight(0, FIELDS_MISSING(model)), "missing is neutral");
    }
  }

  private static int FIELDS_MISSING(MatchModel model) {
    return model.fields().get(0).missingLevel();
  }

  @Test
  void blockingByUnionKeepsEveryPairAnyRuleKeeps() {
    qt().withExamples(30).forAll(longs().all(), integers().between(2, 150)).checkAssert((seed, n) -> {
      List<MatchRecord> table = Accounts.table(n, seed);
      SplittableRandom r = new SplittableRandom(seed);
      List<MatchRecord> withDupes = new ArrayList<>(table);
      for (int i = 0; i < n / 3; i++) {
        withDupes.add(Accounts.corrupt(table.get(r.nextInt(n)), r, "d" + i));
      }
      Blocking union = Blocking.forFields(Accounts.FIELDS).maxBlockSize(30);
      CandidatePairs all = union.pairs(withDupes);
      for (Blocking.Rule rule : union.rules()) {
        CandidatePairs one = Blocking.of(rule).maxBlockSize(30).pairs(withDupes);
        assertTrue(all.containsAll(one), rule.name());
      }
      for (int k = 0; k < all.size(); k++) {
        assertTrue(all.left(k) < all.right(k));
      }
    });
  }

  @Test
  void clusteringRespectsSizeAndCohesionGuards() {
    qt().withExamples(200).forAll(longs().all(), integers().between(2, 60), integers().between(2, 10)).checkAssert((seed, n, max) -> {
      SplittableRandom r = new SplittableRandom(seed);
      Blocking.PairBuffer buffer = new Blocking.PairBuffer();
      for (int k = 0; k < n * 2; k++) {
        int i = r.nextInt(n);
        int j = r.nextInt(n);
        if (i != j) {
          buffer.add(CandidatePairs.pack(i, j));
        }
      }
      CandidatePairs pairs = CandidatePairs.of(buffer.pairs, buffer.size, n);
      double[] p = new double[pairs.size()];
      for (int k = 0; k < p.length; k++) {
        p[k] = r.nextDouble();
      }
      int[] entity = new Clustering(0.5, max, 0.0).cluster(n, pairs, p);
      int[] sizes = new int[n];
      for (int i = 0; i < n; i++) {
        sizes[entity[i]]++;
        assertTrue(entity[i] <= i, "entity is the smallest member");
        assertEquals(entity[i], entity[entity[i]]);
      }
      for (int s : sizes) {
        assertTrue(s <= max, "cluster of " + s + " > " + max);
      }
      // every pair within a cluster is connected through links at or above the threshold
      int[] unguarded = new Clustering(0.5, n, 0.0).cluster(n, pairs, p);
      for (int k = 0; k < pairs.size(); k++) {
        if (p[k] >= 0.5) {
          assertEquals(unguarded[pairs.left(k)], unguarded[pairs.right(k)]);
        }
      }
    });
  }

  @Test
  void cohesionStopsAChain() {
    // a chain 0-1-2-3-4 of strong links: with cohesion 0.5 no cluster holds both ends
    Blocking.PairBuffer b = new Blocking.PairBuffer();
    for (int i = 0; i < 4; i++) {
      b.add(CandidatePairs.pack(i, i + 1));
    }
    CandidatePairs pairs = CandidatePairs.of(b.pairs, b.size, 5);
    double[] p = {0.99, 0.98, 0.97, 0.96};
    int[] chained = new Clustering(0.5, 100, 0).cluster(5, pairs, p);
    assertEquals(chained[0], chained[4]);
    int[] guarded = new Clustering(0.5, 100, 0.5).cluster(5, pairs, p);
    assertTrue(guarded[0] != guarded[4]);
    assertEquals(guarded[0], guarded[1]);
  }
}
