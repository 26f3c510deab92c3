package dev.scoring.ml.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Estimates Fellegi-Sunter models: u probabilities by counting levels over random pairs (almost all
 * non-matches), m probabilities and the match share by expectation-maximisation over the candidate
 * pairs, without labels; or m and u by counting when labelled pairs exist. A missing level is
 * neutral: it is left out of both products, so its weight is 0. Thread-safe (stateless).
 */
public final class FellegiSunter {

  /** EM stops after this many iterations at most. */
  public static final int MAX_ITERATIONS = 200;

  private FellegiSunter() {}

  /**
   * The result of EM.
   *
   * @param model the estimated model
   * @param logLikelihoods the observed-data log-likelihood before each iteration and after the last
   * @param converged whether the likelihood stopped improving before {@link #MAX_ITERATIONS}
   */
  public record Estimate(MatchModel model, List<Double> logLikelihoods, boolean converged) {
    /** Copies the list. */
    public Estimate {
      logLikelihoods = List.copyOf(logLikelihoods);
    }
  }

  /**
   * Estimates a model without labels: u from {@code randomPairs} random pairs of {@code table}, then
   * m and lambda by EM over the {@code candidates} (positions in {@code table}).
   */
  public static Estimate unsupervised(Matcher matcher, List<MatchRecord> table, CandidatePairs candidates, int randomPairs, long seed) {
    if (table.size() < 2) {
      throw new IllegalArgumentException("need at least 2 records, got " + table.size());
    }
    List<Prepared> prepared = prepare(matcher, table);
    int nf = matcher.fieldCount();
    SplittableRandom random = new SplittableRandom(seed);
    int[][] uRows = new int[randomPairs][];
    for (int k = 0; k < randomPairs; k++) {
      int i = random.nextInt(table.size());
      int j = random.nextInt(table.size() - 1);
      if (j >= i) {
        j++;
      }
      uRows[k] = new int[nf];
      matcher.levels(prepared.get(i), prepared.get(j), uRows[k]);
    }
    List<MatchField> fields = matcher.model().fields();
    double[][] u = shares(fields, uRows, null, true);
    int[][] rows = new int[candidates.size()][];
    for (int k = 0; k < candidates.size(); k++) {
      rows[k] = new int[nf];
      matcher.levels(prepared.get(candidates.left(k)), prepared.get(candidates.right(k)), rows[k]);
    }
    return em(fields, rows, u, initialLambda(candidates.size(), table.size()));
  }

  /**
   * EM over the level rows of candidate pairs with u fixed: estimates m and lambda, maximising the
   * observed log-likelihood {@code sum log(lambda prod m + (1 - lambda) prod u)}; each iteration
   * never decreases it.
   *
   * @param fields the fields (level counts)
   * @param rows one level per field per pair
   * @param u P(level | non-match) per field (the missing level is ignored)
   * @param lambda0 the starting match share in (0, 1)
   */
  public static Estimate em(List<MatchField> fields, int[][] rows, double[][] u, double lambda0) {
    if (!(lambda0 > 0 && lambda0 < 1)) {
      throw new IllegalArgumentException("lambda0 must be in (0, 1): " + lambda0);
    }
    // compress identical level patterns
    Map<String, Integer> index = new HashMap<>();
    List<int[]> patterns = new ArrayList<>();
    List<double[]> counts = new ArrayList<>();
    for (int[] r : rows) {
      String key = java.util.Arrays.toString(r);
      Integer at = index.get(key);
      if (at == null) {
        index.put(key, patterns.size());
        patterns.add(r);
        counts.add(new double[] {1});
      } else {
        counts.get(at)[0]++;
      }
    }
    int nf = fields.size();
    double[][] m = new double[nf][];
    for (int f = 0; f < nf; f++) {
      m[f] = initialM(fields.get(f));
    }
    double lambda = lambda0;
    List<Double> ll = new ArrayList<>();
    boolean converged = false;
    double[] g = new double[patterns.size()];
    for (int it = 0; it <= MAX_ITERATIONS; it++) {
      // E step and likelihood
      double loglik = 0;
      for (int p = 0; p < patterns.size(); p++) {
        int[] r = patterns.get(p);
        double a = lambda;
        double b = 1 - lambda;
        for (int f = 0; f < nf; f++) {
          if (r[f] != fields.get(f).missingLevel()) {
            a *= m[f][r[f]];
            b *= u[f][r[f]];
          }
        }
        double total = a + b;
        g[p] = total > 0 ? a / total : 0.0;
        loglik += counts.get(p)[0] * Math.log(Math.max(total, Double.MIN_NORMAL));
      }
      ll.add(loglik);
      int n = ll.size();
      if (n >= 2 && Math.abs(ll.get(n - 1) - ll.get(n - 2)) <= 1e-9 * Math.max(1.0, Math.abs(loglik))) {
        converged = true;
        break;
      }
      if (it == MAX_ITERATIONS) {
        break;
      }
      // M step
      double matches = 0;
      double all = 0;
      double[][] mNum = new double[nf][];
      double[] mDen = new double[nf];
      for (int f = 0; f < nf; f++) {
        mNum[f] = new double[fields.get(f).levels()];
      }
      for (int p = 0; p < patterns.size(); p++) {
        double c = counts.get(p)[0];
        double w = c * g[p];
        matches += w;
        all += c;
        int[] r = patterns.get(p);
        for (int f = 0; f < nf; f++) {
          if (r[f] != fields.get(f).missingLevel()) {
            mNum[f][r[f]] += w;
            mDen[f] += w;
          }
        }
      }
      lambda = Math.min(1 - 1e-12, Math.max(1e-12, matches / all));
      for (int f = 0; f < nf; f++) {
        if (mDen[f] > 0) {
          for (int l = 0; l < mNum[f].length; l++) {
            m[f][l] = mNum[f][l] / mDen[f];
          }
        }
      }
    }
    return new Estimate(model(fields, m, u, lambda), ll, converged);
  }

  /**
   * Counts m and u from labelled pairs (Laplace smoothing of 1 per level), and lambda as the share
   * of matching pairs.
   *
   * @throws IllegalArgumentException if the pairs hold no match or no non-match
   */
  public static MatchModel supervised(Matcher matcher, List<LabelledPair> pairs) {
    int nf = matcher.fieldCount();
    int[][] rows = new int[pairs.size()][];
    boolean[] labels = new boolean[pairs.size()];
    int positives = 0;
    for (int k = 0; k < pairs.size(); k++) {
      LabelledPair p = pairs.get(k);
      rows[k] = new int[nf];
      matcher.levels(matcher.prepare(p.left()), matcher.prepare(p.right()), rows[k]);
      labels[k] = p.match();
      positives += p.match() ? 1 : 0;
    }
    if (positives == 0 || positives == pairs.size()) {
      throw new IllegalArgumentException("labelled pairs need both matches and non-matches; got " + positives + " of " + pairs.size());
    }
    List<MatchField> fields = matcher.model().fields();
    double[][] m = shares(fields, rows, labels, true);
    boolean[] negatives = new boolean[labels.length];
    for (int k = 0; k < labels.length; k++) {
      negatives[k] = !labels[k];
    }
    double[][] u = shares(fields, rows, negatives, true);
    return model(fields, m, u, (double) positives / pairs.size());
  }

  /** Level shares per field over the rows selected (all if {@code select} is null), missing left out. */
  private static double[][] shares(List<MatchField> fields, int[][] rows, boolean @org.jspecify.annotations.Nullable [] select, boolean laplace) {
    double[][] out = new double[fields.size()][];
    for (int f = 0; f < fields.size(); f++) {
      MatchField field = fields.get(f);
      double[] c = new double[field.levels()];
      double total = 0;
      for (int k = 0; k < rows.length; k++) {
        if ((select == null || select[k]) && rows[k][f] != field.missingLevel()) {
          c[rows[k][f]]++;
          total++;
        }
      }
      int present = field.levels() - 1;
      for (int l = 0; l < c.length; l++) {
        c[l] = l == field.missingLevel() ? 1.0 : (c[l] + (laplace ? 1 : 0)) / (total + (laplace ? present : 0));
      }
      out[f] = c;
    }
    return out;
  }

  private static MatchModel model(List<MatchField> fields, double[][] m, double[][] u, double lambda) {
    double[][] mm = new double[m.length][];
    double[][] uu = new double[u.length][];
    for (int f = 0; f < m.length; f++) {
      mm[f] = m[f].clone();
      uu[f] = u[f].clone();
      int miss = fields.get(f).missingLevel();
      mm[f][miss] = 1.0;
      uu[f][miss] = 1.0;
    }
    return MatchModel.fellegiSunter(fields, mm, uu, lambda);
  }

  /** Starting m: most mass on exact, decreasing over the similarity levels. */
  private static double[] initialM(MatchField field) {
    int present = field.levels() - 1;
    double[] m = new double[field.levels()];
    double sum = 0;
    for (int l = 0; l < present; l++) {
      m[l] = Math.pow(0.25, l);
      sum += m[l];
    }
    for (int l = 0; l < present; l++) {
      m[l] /= sum;
    }
    m[field.missingLevel()] = 1.0;
    return m;
  }

  private static double initialLambda(int candidates, int records) {
    if (candidates == 0) {
      return 0.01;
    }
    return Math.min(0.5, Math.max(1e-4, 0.5 * records / (double) candidates));
  }

  static List<Prepared> prepare(Matcher matcher, List<MatchRecord> table) {
    List<Prepared> out = new ArrayList<>(table.size());
    for (MatchRecord r : table) {
      out.add(matcher.prepare(r));
    }
    return out;
  }
}
