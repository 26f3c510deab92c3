package dev.scoring.api;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A model-agnostic explanation for any {@link Scorer}: Shapley values of the features, with the
 * features a record does not "have" taken from background records (interventional Shapley).
 *
 * <p>The value of a coalition {@code S} of features is the mean {@link Score#margin()} over the
 * background records with the features in {@code S} replaced by the explained record's values. The
 * {@linkplain Explanation#bias() bias} is the value of the empty coalition (the mean background
 * margin), and the contributions always sum exactly (up to rounding) to the record's margin minus
 * the bias: the efficiency constraint is imposed, not hoped for.
 *
 * <p>Cost, with {@code F} explained features and {@code B} background records, per explanation:
 * up to {@link Builder#exactMaxFeatures(int)} features (default 10) the values are exact, from
 * {@code (2^F - 2) * B} scored rows (1,022 for ten features and one background record); above it,
 * a KernelSHAP estimate from {@code samples * B} scored rows (default 512 coalitions, sampled in
 * complementary pairs by the Shapley kernel with a fixed seed, so explanations are reproducible)
 * and a constrained least-squares solve of {@code O(samples * F^2 + F^3)}. Rows are scored with
 * {@link Scorer#scoreBatch(List)}, so a batching scorer pays a few large calls. Never call it on
 * the hot path.
 *
 * <p>Immutable and thread-safe if the scorer is.
 */
public final class ShapleyExplainer {

  private static final int CHUNK = 4096;

  private final Scorer scorer;
  private final FeatureSchema schema;
  private final List<Features> background;
  private final int[] features;
  private final int samples;
  private final int exactMaxFeatures;
  private final long seed;
  private final double bias;

  private ShapleyExplainer(Builder b) {
    this.scorer = b.scorer;
    this.schema = scorer.schema();
    this.background = List.copyOf(b.background);
    this.features = b.features.clone();
    this.samples = b.samples;
    this.exactMaxFeatures = b.exactMaxFeatures;
    this.seed = b.seed;
    double sum = 0;
    for (Score s : scorer.scoreBatch(background)) {
      sum += s.margin();
    }
    this.bias = sum / background.size();
  }

  /** Starts an explainer for {@code scorer}; every schema feature is explained unless {@link Builder#features} says otherwise. */
  public static Builder builder(Scorer scorer) {
    return new Builder(scorer);
  }

  /** The mean background margin: the bias of every explanation (that explains at least one feature). */
  public double bias() {
    return bias;
  }

  /**
   * Explains the score of {@code row}.
   *
   * @throws RecordException if the row, or a row mixed from it and the background, cannot be scored
   */
  public Explanation explain(Features row) {
    row.requireSchema(schema);
    Features x = row.snapshot();
    double fx = scorer.score(x).margin();
    int m = features.length;
    if (m == 0) { // nothing to attribute: the whole margin is the bias
      return new Explanation(scorer.provenance().scorerId(), fx, List.of(), List.of());
    }
    double[] phi = new double[m];
    if (m == 1) {
      phi[0] = fx - bias;
    } else if (m <= exactMaxFeatures) {
      exact(x, fx, phi);
    } else {
      kernel(x, fx, phi);
    }
    List<Contribution> contributions = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      int f = features[i];
      String name = schema.feature(f).name();
      contributions.add(new Contribution(name, phi[i], name + " = " + x.display(f)));
    }
    return new Explanation(scorer.provenance().scorerId(), bias, contributions, List.of());
  }

  /** Exact Shapley values by enumerating every coalition. */
  private void exact(Features x, double fx, double[] phi) {
    int m = features.length;
    int full = (1 << m) - 1;
    long[] masks = new long[full - 1];
    for (int s = 1; s < full; s++) {
      masks[s - 1] = s;
    }
    double[] v = new double[full + 1];
    double[] inner = values(x, masks);
    v[0] = bias;
    v[full] = fx;
    System.arraycopy(inner, 0, v, 1, inner.length);
    // w(s) = s! (m - s - 1)! / m!
    double[] w = new double[m];
    for (int s = 0; s < m; s++) {
      w[s] = Math.exp(logFactorial(s) + logFactorial(m - s - 1) - logFactorial(m));
    }
    for (int s = 0; s <= full; s++) {
      int size = Integer.bitCount(s);
      for (int i = 0; i < m; i++) {
        if ((s & (1 << i)) == 0) {
          phi[i] += w[size] * (v[s | (1 << i)] - v[s]);
        }
      }
    }
    enforceEfficiency(phi, fx - bias);
  }

  /** KernelSHAP: coalitions sampled by the Shapley kernel, least squares under the efficiency constraint. */
  private void kernel(Features x, double fx, double[] phi) {
    int m = features.length;
    SplittableRandom random = new SplittableRandom(seed);
    double[] cumulative = new double[m - 1]; // sizes 1 .. m-1, p(s) ~ (m - 1) / (s (m - s))
    double total = 0;
    for (int s = 1; s < m; s++) {
      total += (m - 1.0) / (s * (double) (m - s));
      cumulative[s - 1] = total;
    }
    int pairs = Math.max(1, samples / 2);
    boolean[][] z = new boolean[pairs * 2][];
    long[][] words = new long[pairs * 2][];
    for (int p = 0; p < pairs; p++) {
      double u = random.nextDouble() * total;
      int size = 1;
      while (size < m - 1 && cumulative[size - 1] < u) {
        size++;
      }
      boolean[] a = new boolean[m];
      int[] order = new int[m];
      for (int i = 0; i < m; i++) {
        order[i] = i;
      }
      for (int i = 0; i < size; i++) { // partial Fisher-Yates: a random subset of this size
        int j = i + random.nextInt(m - i);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
        a[order[i]] = true;
      }
      boolean[] b = new boolean[m];
      for (int i = 0; i < m; i++) {
        b[i] = !a[i];
      }
      z[2 * p] = a;
      z[2 * p + 1] = b;
    }
    for (int k = 0; k < z.length; k++) {
      words[k] = toWords(z[k]);
    }
    double[] v = valuesOfWords(x, words);
    // phi_last = delta - sum(phi_others): regress y - z_last * delta on (z_i - z_last), i < last.
    double delta = fx - bias;
    int q = m - 1;
    double[][] ata = new double[q][q];
    double[] aty = new double[q];
    double[] row = new double[q];
    for (int k = 0; k < z.length; k++) {
      boolean[] zk = z[k];
      double zl = zk[q] ? 1 : 0;
      double y = v[k] - bias - zl * delta;
      for (int i = 0; i < q; i++) {
        row[i] = (zk[i] ? 1 : 0) - zl;
      }
      for (int i = 0; i < q; i++) {
        if (row[i] == 0) {
          continue;
        }
        aty[i] += row[i] * y;
        for (int j = 0; j < q; j++) {
          ata[i][j] += row[i] * row[j];
        }
      }
    }
    double ridge = 1e-9 * z.length;
    for (int i = 0; i < q; i++) {
      ata[i][i] += ridge;
    }
    double[] solution = solve(ata, aty);
    double sum = 0;
    for (int i = 0; i < q; i++) {
      phi[i] = solution[i];
      sum += solution[i];
    }
    phi[q] = delta - sum;
  }

  /** Spreads the rounding residue so that the contributions sum to {@code delta} exactly, as far as doubles allow. */
  private static void enforceEfficiency(double[] phi, double delta) {
    double sum = 0;
    for (double p : phi) {
      sum += p;
    }
    phi[phi.length - 1] += delta - sum;
  }

  private static long[] toWords(boolean[] z) {
    long[] w = new long[(z.length + 63) >>> 6];
    for (int i = 0; i < z.length; i++) {
      if (z[i]) {
        w[i >>> 6] |= 1L << (i & 63);
      }
    }
    return w;
  }

  private double[] values(Features x, long[] masks) {
    long[][] words = new long[masks.length][];
    for (int k = 0; k < masks.length; k++) {
      words[k] = new long[] {masks[k]};
    }
    return valuesOfWords(x, words);
  }

  /** The coalition values: mean margin over the background with the coalition's features from {@code x}. */
  private double[] valuesOfWords(Features x, long[][] coalitions) {
    int nb = background.size();
    double[] v = new double[coalitions.length];
    List<Features> batch = new ArrayList<>(Math.min(CHUNK, coalitions.length * nb));
    int[] owner = new int[Math.min(CHUNK, coalitions.length * nb)];
    MutableFeatures scratch = Features.mutable(schema);
    for (int k = 0; k < coalitions.length; k++) {
      for (Features bg : background) {
        scratch.copyFrom(bg);
        long[] w = coalitions[k];
        for (int i = 0; i < features.length; i++) {
          if ((w[i >>> 6] & (1L << (i & 63))) != 0) {
            scratch.set(features[i], x.value(features[i]));
          }
        }
        owner[batch.size()] = k;
        batch.add(scratch.snapshot());
        if (batch.size() == owner.length) {
          flush(batch, owner, v);
        }
      }
    }
    flush(batch, owner, v);
    for (int k = 0; k < v.length; k++) {
      v[k] /= nb;
    }
    return v;
  }

  private void flush(List<Features> batch, int[] owner, double[] v) {
    if (batch.isEmpty()) {
      return;
    }
    List<Score> scores = scorer.scoreBatch(batch);
    for (int i = 0; i < scores.size(); i++) {
      v[owner[i]] += scores.get(i).margin();
    }
    batch.clear();
  }

  /** Solves a symmetric positive-definite system by Gaussian elimination with partial pivoting. */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    double[] y = b.clone();
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
          p = r;
        }
      }
      double[] t = m[c];
      m[c] = m[p];
      m[p] = t;
      double ty = y[c];
      y[c] = y[p];
      y[p] = ty;
      double d = m[c][c];
      if (d == 0) {
        continue;
      }
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / d;
        if (f != 0) {
          for (int k = c; k < n; k++) {
            m[r][k] -= f * m[c][k];
          }
          y[r] -= f * y[c];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = y[r];
      for (int k = r + 1; k < n; k++) {
        s -= m[r][k] * x[k];
      }
      x[r] = m[r][r] == 0 ? 0 : s / m[r][r];
    }
    return x;
  }

  private static double logFactorial(int n) {
    double s = 0;
    for (int i = 2; i <= n; i++) {
      s += Math.log(i);
    }
    return s;
  }

  /** Builds a {@link ShapleyExplainer}; not thread-safe. */
  public static final class Builder {
    private final Scorer scorer;
    private List<Features> background = List.of();
    private int[] features;
    private int samples = 512;
    private int exactMaxFeatures = 10;
    private long seed = 42;

    private Builder(Scorer scorer) {
      this.scorer = scorer;
      this.features = new int[scorer.schema().size()];
      for (int i = 0; i < features.length; i++) {
        features[i] = i;
      }
    }

    /**
     * The background records (at least one): the reference a feature's absence is measured against.
     *
     * @throws IllegalArgumentException if empty
     * @throws RecordException if a record is bound to another schema
     */
    public Builder background(List<? extends Features> rows) {
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("the background needs at least one record");
      }
      List<Features> copy = new ArrayList<>(rows.size());
      for (Features r : rows) {
        r.requireSchema(scorer.schema());
        copy.add(r.snapshot());
      }
      this.background = copy;
      return this;
    }

    /**
     * The features to explain, by name (default: all); the others keep the background's values.
     *
     * @throws ModelException for a name the schema does not have
     * @throws IllegalArgumentException for a duplicate name
     */
    public Builder features(List<String> names) {
      int[] idx = new int[names.size()];
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < idx.length; i++) {
        if (!seen.add(names.get(i))) {
          throw new IllegalArgumentException("feature '" + names.get(i) + "' listed twice");
        }
        idx[i] = scorer.schema().feature(names.get(i)).index();
      }
      this.features = idx;
      return this;
    }

    /** Coalitions sampled by KernelSHAP (default 512). @throws IllegalArgumentException if below 2 */
    public Builder samples(int samples) {
      if (samples < 2) {
        throw new IllegalArgumentException("samples must be at least 2: " + samples);
      }
      this.samples = samples;
      return this;
    }

    /** Exact values up to this many features (default 10, at most 20). @throws IllegalArgumentException outside [0, 20] */
    public Builder exactMaxFeatures(int max) {
      if (max < 0 || max > 20) {
        throw new IllegalArgumentException("exactMaxFeatures must be in [0, 20]: " + max);
      }
      this.exactMaxFeatures = max;
      return this;
    }

    /** The sampler's seed (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The explainer; scores the background once to compute the bias.
     *
     * @throws IllegalStateException if no background was given
     * @throws RecordException if a background record cannot be scored
     */
    public ShapleyExplainer build() {
      if (background.isEmpty()) {
        throw new IllegalStateException("set the background records first");
      }
      return new ShapleyExplainer(this);
    }
  }
}
