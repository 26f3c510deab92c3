package dev.scoring.ml.matching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Pairwise precision, recall and F1 of a matcher on a table with known entities, and the blocking's figures. */
final class Evaluation {

  /** Figures of one model on one table. */
  record Metrics(String table, String model, double precision, double recall, double f1, long candidates,
      double pairCompleteness, double reductionRatio, long truePairs) {
    String line() {
      return String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | **%.3f** | %.4f | %.5f | %,d | %,d |",
          table, model, precision, recall, f1, pairCompleteness, reductionRatio, candidates, truePairs);
    }
  }

  static final double THRESHOLD = 0.5;

  private Evaluation() {}

  /** Scores the candidate pairs and counts true and false matches at the threshold against all true pairs. */
  static Metrics evaluate(String table, String model, List<MatchRecord> records, CandidatePairs candidates,
      CandidatePairs truth, long totalPairs, Matcher matcher) {
    double[] p = probabilities(records, candidates, matcher);
    long predicted = 0;
    long tp = 0;
    long kept = 0;
    for (int k = 0; k < candidates.size(); k++) {
      boolean match = truth.contains(candidates.left(k), candidates.right(k));
      kept += match ? 1 : 0;
      if (p[k] >= THRESHOLD) {
        predicted++;
        tp += match ? 1 : 0;
      }
    }
    double precision = predicted == 0 ? 0 : (double) tp / predicted;
    double recall = truth.size() == 0 ? 0 : (double) tp / truth.size();
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    double pc = truth.size() == 0 ? 1 : (double) kept / truth.size();
    double rr = 1 - (double) candidates.size() / totalPairs;
    Metrics m = new Metrics(table, model, precision, recall, f1, candidates.size(), pc, rr, truth.size());
    record(m);
    return m;
  }

  /** As {@link #evaluate}, then clusters the pairs at the threshold (connected components) and scores the clusters' pairs. */
  static Metrics clustered(String table, String model, List<MatchRecord> records, CandidatePairs candidates,
      CandidatePairs truth, long totalPairs, Matcher matcher) {
    double[] p = probabilities(records, candidates, matcher);
    int[] entity = new Clustering(THRESHOLD, records.size(), 0.0).cluster(records.size(), candidates, p);
    CandidatePairs predicted = Clustering.pairsOf(entity);
    long tp = 0;
    for (int k = 0; k < predicted.size(); k++) {
      tp += truth.contains(predicted.left(k), predicted.right(k)) ? 1 : 0;
    }
    double precision = predicted.size() == 0 ? 0 : (double) tp / predicted.size();
    double recall = truth.size() == 0 ? 0 : (double) tp / truth.size();
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    long kept = 0;
    for (int k = 0; k < truth.size(); k++) {
      kept += candidates.contains(truth.left(k), truth.right(k)) ? 1 : 0;
    }
    Metrics m = new Metrics(table, model + " + clusters", precision, recall, f1, candidates.size(),
        truth.size() == 0 ? 1 : (double) kept / truth.size(), 1 - (double) candidates.size() / totalPairs, truth.size());
    record(m);
    return m;
  }

  /** The match probability of every candidate pair, scored in parallel. */
  static double[] probabilities(List<MatchRecord> records, CandidatePairs candidates, Matcher matcher) {
    List<Prepared> prepared = records.parallelStream().map(matcher::prepare).toList();
    double[] p = new double[candidates.size()];
    java.util.stream.IntStream.range(0, candidates.size()).parallel().forEach(k ->
        p[k] = Matcher.sigmoid(matcher.margin(prepared.get(candidates.left(k)), prepared.get(candidates.right(k)))));
    return p;
  }

  /** Labelled candidate pairs of a table (labels from the truth). */
  static List<LabelledPair> labelled(List<MatchRecord> records, CandidatePairs candidates, CandidatePairs truth) {
    List<LabelledPair> out = new ArrayList<>(candidates.size());
    for (int k = 0; k < candidates.size(); k++) {
      int i = candidates.left(k);
      int j = candidates.right(k);
      out.add(new LabelledPair(records.get(i), records.get(j), truth.contains(i, j)));
    }
    return out;
  }

  /** Dedup: EM on the whole table; counted FS and logistic trained on one half of the entities, reported on the other. */
  static List<Metrics> dedup(MatchData.Table t) {
    List<Metrics> out = new ArrayList<>();
    Blocking blocking = Blocking.forFields(t.fields());
    long total = (long) t.records().size() * (t.records().size() - 1) / 2;
    CandidatePairs candidates = blocking.pairs(t.records());
    FellegiSunter.Estimate em = Matcher.trainUnsupervised(t.fields(), t.records(), 7);
    Matcher emMatcher = Matcher.of(em.model()).withTokenWeights(t.records());
    out.add(evaluate(t.name(), "Fellegi-Sunter, EM (no labels)", t.records(), candidates, t.truth(), total, emMatcher));
    out.add(clustered(t.name(), "Fellegi-Sunter, EM (no labels)", t.records(), candidates, t.truth(), total, emMatcher));

    MatchData.Table train = t.half(0);
    MatchData.Table test = t.half(1);
    Matcher trainMatcher = Matcher.untrained(t.fields()).withTokenWeights(train.records());
    List<LabelledPair> pairs = labelled(train.records(), blocking.pairs(train.records()), train.truth());
    MatchModel fs = FellegiSunter.supervised(trainMatcher, pairs);
    MatchModel lr = LogisticMatchTrainer.withL2(1e-4).train(trainMatcher, pairs);
    long testTotal = (long) test.records().size() * (test.records().size() - 1) / 2;
    CandidatePairs testCandidates = blocking.pairs(test.records());
    Matcher testMatcher = Matcher.untrained(t.fields()).withTokenWeights(test.records());
    out.add(evaluate(test.name(), "Fellegi-Sunter, counted from labels", test.records(), testCandidates, test.truth(), testTotal,
        testMatcher.withModel(fs)));
    out.add(evaluate(test.name(), "logistic on levels + similarities", test.records(), testCandidates, test.truth(), testTotal,
        testMatcher.withModel(lr)));
    out.add(clustered(test.name(), "logistic on levels + similarities", test.records(), testCandidates, test.truth(), testTotal,
        testMatcher.withModel(lr)));
    return out;
  }

  /** Linkage of two tables, the same three models. */
  static List<Metrics> link(MatchData.Linkage l) {
    List<Metrics> out = new ArrayList<>();
    List<MatchField> fields = l.left().fields();
    Blocking blocking = Blocking.forFields(fields);
    out.add(linkWith(l.name(), l.left(), l.right(), blocking, null, "Fellegi-Sunter, EM (no labels)"));
    MatchData.Table trainL = l.left().half(0);
    MatchData.Table trainR = l.right().half(0);
    List<MatchRecord> train = concat(trainL.records(), trainR.records());
    CandidatePairs trainTruth = CandidatePairs.sameEntity(concat(trainL.entities(), trainR.entities())).crossing(trainL.records().size());
    Matcher trainMatcher = Matcher.untrained(fields).withTokenWeights(train);
    List<LabelledPair> pairs = labelled(train, blocking.link(trainL.records(), trainR.records()), trainTruth);
    MatchModel fs = FellegiSunter.supervised(trainMatcher, pairs);
    MatchModel lr = LogisticMatchTrainer.withL2(1e-4).train(trainMatcher, pairs);
    String testName = l.name() + " (test half)";
    out.add(linkWith(testName, l.left().half(1), l.right().half(1), blocking, fs, "Fellegi-Sunter, counted from labels"));
    out.add(linkWith(testName, l.left().half(1), l.right().half(1), blocking, lr, "logistic on levels + similarities"));
    return out;
  }

  private static Metrics linkWith(String name, MatchData.Table left, MatchData.Table right, Blocking blocking,
      @org.jspecify.annotations.Nullable MatchModel model, String label) {
    List<MatchRecord> all = concat(left.records(), right.records());
    CandidatePairs truth = CandidatePairs.sameEntity(concat(left.entities(), right.entities())).crossing(left.records().size());
    CandidatePairs candidates = blocking.link(left.records(), right.records());
    long total = (long) left.records().size() * right.records().size();
    Matcher base = Matcher.untrained(left.fields()).withTokenWeights(all);
    MatchModel m = model;
    if (m == null) {
      long all2 = (long) all.size() * (all.size() - 1) / 2;
      m = FellegiSunter.unsupervised(base, all, candidates, (int) Math.min(20_000, all2), 7).model();
    }
    return evaluate(name, label, all, candidates, truth, total, base.withModel(m));
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static void record(Metrics m) {
    append("matching-evaluation.md", m.line());
  }

  /** Prints a table line and appends it to {@code target/<file>}. */
  static synchronized void append(String file, String line) {
    System.out.println(line);
    try {
      Path p = Path.of("target", file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
