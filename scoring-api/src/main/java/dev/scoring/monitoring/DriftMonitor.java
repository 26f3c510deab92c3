package dev.scoring.monitoring;

import dev.scoring.internal.Special;
import org.jspecify.annotations.Nullable;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares live rows and scores with a {@link ReferenceProfile} over a window of rows, in
 * constant memory, and raises an alarm (with {@link MonitorEvent}s to a listener) when a feature
 * or the score drifts.
 *
 * <p>A window is {@code window} rows. It is tumbling by default ({@code slide == window}) and
 * sliding when {@code slide} is a proper divisor of {@code window}: the monitor keeps {@code
 * window / slide} buckets of counts and evaluates every {@code slide} rows once the window is
 * full. Each update counts the row's values into the reference bins (a binary search over the
 * edges, or over the sorted categories) and allocates nothing; statistics are computed when a
 * bucket closes, in preallocated arrays, so only a drift event allocates.
 *
 * <p>Per feature and for the score, each window gets: PSI and Jensen–Shannon distance over about
 * {@code psiBins} buckets plus a missing bucket; the two-sample Kolmogorov–Smirnov test for numbers
 * (on the reference's fine bins) or the chi-square test of homogeneity for categories; and the
 * p-values adjusted across features ({@link Correction}, Benjamini–Hochberg by default). A feature
 * drifts when its PSI reaches {@code psiAlarm} (default 0.25, the "major shift" band), its
 * adjusted p-value falls below {@code pValueAlarm} (default 0.05), or its JS distance reaches
 * {@code jensenShannonAlarm} (off by default). For comparison: Evidently's default algorithm uses
 * KS / chi-square at p &lt; 0.05 when the reference has up to 1,000 rows and, above that,
 * Wasserstein (numbers) or Jensen–Shannon (categories) at 0.1; NannyML's univariate drift defaults
 * to Jensen–Shannon with a constant threshold of 0.1. With very large windows every test becomes
 * significant for tiny shifts: rely on PSI/JS then
 * ({@code pValueAlarm(0)} turns the tests' alarm off).
 *
 * <pre>{@code
 * DriftMonitor monitor = DriftMonitor.builder(profile).window(5_000).slide(1_000)
 *     .listener(event -> log.warn("{}", event)).build();
 * monitor.update(row, score);     // per decision, from any thread
 * monitor.raised();               // the alarm, e.g. for a ReviewGate
 * }</pre>
 *
 * Thread-safe: updates take a short lock.
 */
public final class DriftMonitor implements Alarm {

  private final String name;
  private final FeatureSchema schema;
  private final int cols;
  private final String[] names;
  private final FeatureProfile[] profiles;
  private final boolean[] categorical;
  private final int[] schemaIndex;
  private final int[] offset;
  private final int[] slots;
  private final int[] coarseOf;
  private final int[] coarseOffset;
  private final int[] coarseCount;
  private final long[] reference;
  private final double[] referenceCoarse;
  private final long referenceRows;
  private final int slide;
  private final Correction correction;
  private final double psiAlarm;
  private final double pValueAlarm;
  private final double jsAlarm;
  private final MonitorListener listener;

  // guarded by this
  private final long[][] buckets;
  /** Scratch: the sum of the buckets, filled at each evaluation. */
  private final long[] bucketRows;
  private final long[] window;
  private long windowRows;
  private int current;
  private int filled;
  private long windows;
  private final double[] windowCoarse;
  private final double[] psi;
  private final double[] js;
  private final double[] stat;
  private final double[] pValue;
  private final double[] adjusted;
  private final double[] missingRate;
  private final boolean[] drifted;
  private final int[] order;
  private long reportWindow = -1;
  private long reportRows;

  private volatile boolean alarm;

  private DriftMonitor(Builder b) {
    ReferenceProfile profile = b.profile;
    this.name = b.name;
    this.schema = profile.schema();
    List<FeatureProfile> fs = new ArrayList<>(profile.features());
    fs.add(profile.score());
    this.cols = fs.size();
    this.names = new String[cols];
    this.profiles = fs.toArray(new FeatureProfile[0]);
    this.categorical = new boolean[cols];
    this.schemaIndex = new int[cols];
    this.offset = new int[cols];
    this.slots = new int[cols];
    this.coarseOffset = new int[cols];
    this.coarseCount = new int[cols];
    int total = 0;
    for (int c = 0; c < cols; c++) {
      FeatureProfile p = profiles[c];
      names[c] = p.name();
      categorical[c] = p.kind() == FeatureProfile.Kind.CATEGORICAL;
      schemaIndex[c] = c == cols - 1 ? -1 : schema.feature(p.name()).index();
      offset[c] = total;
      slots[c] = p.slots();
      total += slots[c];
    }
    this.reference = new long[total];
    this.coarseOf = new int[total];
    int coarseTotal = 0;
    long refRows = 0;
    for (int c = 0; c < cols; c++) {
      FeatureProfile p = profiles[c];
      System.arraycopy(p.counts, 0, reference, offset[c], p.counts.length);
      reference[offset[c] + slots[c] - 1] = p.missing();
      refRows = Math.max(refRows, p.rows());
      coarseOffset[c] = coarseTotal;
      int groups;
      if (categorical[c]) {
        for (int s = 0; s < slots[c]; s++) {
          coarseOf[offset[c] + s] = s;
        }
        groups = slots[c];
      } else {
        int present = slots[c] - 1;
        long n = DriftStatistics.sum(reference, offset[c], present);
        int g = 0;
        long cum = 0;
        for (int s = 0; s < present; s++) {
          coarseOf[offset[c] + s] = g;
          cum += reference[offset[c] + s];
          if (n > 0 && g < b.psiBins - 1 && s < present - 1 && cum * b.psiBins >= (g + 1) * n) {
            g++;
          }
        }
        coarseOf[offset[c] + present] = g + 1; // missing
        groups = g + 2;
      }
      coarseCount[c] = groups;
      coarseTotal += groups;
    }
    this.referenceRows = refRows;
    this.referenceCoarse = new double[coarseTotal];
    for (int c = 0; c < cols; c++) {
      for (int s = 0; s < slots[c]; s++) {
        referenceCoarse[coarseOffset[c] + coarseOf[offset[c] + s]] += reference[offset[c] + s];
      }
    }
    this.windowCoarse = new double[coarseTotal];
    this.slide = b.slide;
    this.correction = b.correction;
    this.psiAlarm = b.psiAlarm;
    this.pValueAlarm = b.pValueAlarm;
    this.jsAlarm = b.jsAlarm;
    this.listener = b.listener;
    this.buckets = new long[b.window / b.slide][total];
    this.bucketRows = new long[buckets.length];
    this.window = new long[total];
    this.psi = new double[cols];
    this.js = new double[cols];
    this.stat = new double[cols];
    this.pValue = new double[cols];
    this.adjusted = new double[cols];
    this.missingRate = new double[cols];
    this.drifted = new boolean[cols];
    this.order = new int[cols];
  }

  /** Starts a monitor against {@code profile}. */
  public static Builder builder(ReferenceProfile profile) {
    return new Builder(profile);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean raised() {
    return alarm;
  }

  /**
   * Counts one scored row. Allocation-free unless this row completes a window that drifts.
   *
   * @param score the row's final score, or NaN if it has none (counted as missing)
   * @throws dev.scoring.api.RecordException if the row is bound to another schema
   */
  public void update(Features row, double score) {
    row.requireSchema(schema);
    MonitorEvent event = null;
    synchronized (this) {
      long[] bucket = buckets[current];
      int last = cols - 1;
      for (int c = 0; c < last; c++) {
        bucket[offset[c] + slot(c, row)]++;
      }
      bucket[offset[last] + (score != score ? slots[last] - 1 : profiles[last].bin(score))]++;
      windowRows++;
      if (++bucketRows[current] == slide) {
        event = closeBucket();
      }
    }
    if (event != null) {
      listener.onEvent(event);
    }
  }

  private int slot(int c, Features row) {
    int i = schemaIndex[c];
    if (categorical[c]) {
      String v = row.string(i);
      return v == null ? slots[c] - 1 : profiles[c].bucket(v);
    }
    double v = row.number(i);
    return v != v ? slots[c] - 1 : profiles[c].bin(v);
  }

  private @Nullable MonitorEvent closeBucket() {
    MonitorEvent event = null;
    if (filled < buckets.length) {
      filled++;
    }
    if (filled == buckets.length) {
      windows++;
      boolean any = evaluate(windows);
      if (any) {
        alarm = true;
        event = new MonitorEvent.DriftDetected(name, report());
      } else if (alarm) {
        alarm = false;
        event = new MonitorEvent.DriftCleared(name, report());
      }
    }
    current = (current + 1) % buckets.length;
    if (filled == buckets.length) {
      java.util.Arrays.fill(buckets[current], 0);
      windowRows -= bucketRows[current];
      bucketRows[current] = 0;
    }
    return event;
  }

  /** Computes the statistics of the current window into the result arrays; allocation-free. */
  private boolean evaluate(long windowNumber) {
    System.arraycopy(buckets[0], 0, window, 0, window.length);
    for (int b = 1; b < buckets.length; b++) {
      long[] bucket = buckets[b];
      for (int k = 0; k < window.length; k++) {
        window[k] += bucket[k];
      }
    }
    java.util.Arrays.fill(windowCoarse, 0);
    for (int c = 0; c < cols; c++) {
      int off = offset[c];
      int n = slots[c];
      for (int s = 0; s < n; s++) {
        windowCoarse[coarseOffset[c] + coarseOf[off + s]] += window[off + s];
      }
      long rows = DriftStatistics.sum(window, off, n);
      missingRate[c] = rows == 0 ? Double.NaN : (double) window[off + n - 1] / rows;
      psi[c] = DriftStatistics.psi(referenceCoarse, coarseOffset[c], windowCoarse, coarseOffset[c], coarseCount[c]);
      js[c] = DriftStatistics.jensenShannon(referenceCoarse, coarseOffset[c], windowCoarse, coarseOffset[c], coarseCount[c]);
      if (categorical[c]) {
        stat[c] = DriftStatistics.chiSquare(reference, off, window, off, n);
        int k = DriftStatistics.nonEmpty(reference, off, window, off, n);
        pValue[c] = k < 2 || Double.isNaN(stat[c]) ? Double.NaN : Special.chiSquareSf(stat[c], k - 1);
      } else {
        stat[c] = DriftStatistics.ksBinned(reference, off, window, off, n - 1);
        pValue[c] = DriftStatistics.ksPValue(stat[c], DriftStatistics.sum(reference, off, n - 1), DriftStatistics.sum(window, off, n - 1));
      }
    }
    correction.adjust(pValue, adjusted, order, cols);
    boolean any = false;
    for (int c = 0; c < cols; c++) {
      drifted[c] = psi[c] >= psiAlarm || adjusted[c] < pValueAlarm || js[c] >= jsAlarm;
      any |= drifted[c];
    }
    reportWindow = windowNumber;
    reportRows = windowRows;
    return any;
  }

  private DriftReport report() {
    List<FeatureDrift> out = new ArrayList<>(cols);
    for (int c = 0; c < cols; c++) {
      out.add(new FeatureDrift(names[c], profiles[c].kind(), reportRows, missingRate[c], psi[c], js[c],
          categorical[c] ? FeatureDrift.Test.CHI_SQUARE : FeatureDrift.Test.KOLMOGOROV_SMIRNOV,
          stat[c], pValue[c], adjusted[c], drifted[c]));
    }
    return new DriftReport(reportWindow, reportRows, referenceRows, correction, out);
  }

  /** The report of the last evaluated window, if a window has been evaluated. */
  public synchronized Optional<DriftReport> lastReport() {
    return reportWindow < 0 ? Optional.empty() : Optional.of(report());
  }

  /**
   * Evaluates the rows counted so far in the current (possibly partial) window, without closing
   * it, raising the alarm or sending events: for offline comparisons and dashboards. The result
   * also becomes {@link #lastReport()}.
   *
   * @throws IllegalStateException if no row has been counted in the current window
   */
  public synchronized DriftReport evaluateNow() {
    if (windowRows == 0) {
      throw new IllegalStateException("the current window has no rows yet");
    }
    evaluate(0);
    return report();
  }

  /** Rows in the current window so far. */
  public synchronized long windowRows() {
    return windowRows;
  }

  /** Windows evaluated so far. */
  public synchronized long windows() {
    return windows;
  }

  /** Configures a {@link DriftMonitor}; not thread-safe. */
  public static final class Builder {
    private final ReferenceProfile profile;
    private String name = "drift";
    private int window = 1000;
    private int slide = -1;
    private int psiBins = 10;
    private Correction correction = Correction.BENJAMINI_HOCHBERG;
    private double psiAlarm = 0.25;
    private double pValueAlarm = 0.05;
    private double jsAlarm = Double.POSITIVE_INFINITY;
    private MonitorListener listener = MonitorListener.none();

    private Builder(ReferenceProfile profile) {
      this.profile = Objects.requireNonNull(profile);
    }

    /** The monitor's name in events and review reasons (default {@code "drift"}). */
    public Builder name(String name) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /** Rows per window (default 1,000). @throws IllegalArgumentException if below 1 */
    public Builder window(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("window must be at least 1 row: " + rows);
      }
      this.window = rows;
      return this;
    }

    /** Rows between evaluations of a sliding window (default: the window, i.e. tumbling). @throws IllegalArgumentException if below 1 */
    public Builder slide(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("slide must be at least 1 row: " + rows);
      }
      this.slide = rows;
      return this;
    }

    /** Target buckets for PSI and Jensen–Shannon on numbers (default 10). @throws IllegalArgumentException if below 2 */
    public Builder psiBins(int bins) {
      if (bins < 2) {
        throw new IllegalArgumentException("psiBins must be at least 2: " + bins);
      }
      this.psiBins = bins;
      return this;
    }

    /** The correction across features (default Benjamini–Hochberg). */
    public Builder correction(Correction correction) {
      this.correction = Objects.requireNonNull(correction);
      return this;
    }

    /** A feature drifts at this PSI or more (default 0.25); {@code +∞} turns it off. @throws IllegalArgumentException if not positive */
    public Builder psiAlarm(double psi) {
      if (!(psi > 0)) {
        throw new IllegalArgumentException("psiAlarm must be positive: " + psi);
      }
      this.psiAlarm = psi;
      return this;
    }

    /** A feature drifts below this adjusted p-value (default 0.05); 0 turns it off. @throws IllegalArgumentException unless in [0, 1] */
    public Builder pValueAlarm(double alpha) {
      if (!(alpha >= 0 && alpha <= 1)) {
        throw new IllegalArgumentException("pValueAlarm must be in [0, 1]: " + alpha);
      }
      this.pValueAlarm = alpha;
      return this;
    }

    /** A feature drifts at this Jensen–Shannon distance or more (default off). @throws IllegalArgumentException unless in (0, 1] */
    public Builder jensenShannonAlarm(double distance) {
      if (!(distance > 0 && distance <= 1)) {
        throw new IllegalArgumentException("jensenShannonAlarm must be in (0, 1]: " + distance);
      }
      this.jsAlarm = distance;
      return this;
    }

    /** Receives drift events (default none). */
    public Builder listener(MonitorListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /**
     * The monitor.
     *
     * @throws IllegalArgumentException if the slide does not divide the window or exceeds it
     */
    public DriftMonitor build() {
      if (slide == -1) {
        slide = window;
      }
      if (slide > window || window % slide != 0) {
        throw new IllegalArgumentException("slide (" + slide + ") must divide the window (" + window + ")");
      }
      return new DriftMonitor(this);
    }
  }
}
