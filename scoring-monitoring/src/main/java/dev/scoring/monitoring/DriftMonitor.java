package dev.scoring.monitoring;

import dev.scoring.monitoring.internal.Check;
import dev.scoring.internal.Special;
import org.jspecify.annotations.Nullable;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Compares live rows and scores with a {@link ReferenceProfile} over a window of rows, in
 * constant memory, and raises an alarm (with {@link MonitorEvent}s to a listener) when a feature
 * or the score drifts.
 *
 * <p>A window is counted in rows or in time. In rows ({@link Builder#window(int)}): tumbling by
 * default ({@code slide == window}) and sliding when {@code slide} is a proper divisor of {@code
 * window}; the monitor evaluates every {@code slide} rows once the window is full. In time ({@link
 * Builder#window(Duration)}): slots of {@code slide} aligned to the epoch, rows counted at their
 * event time ({@link #update(Features, double, long)}) or at the {@linkplain Builder#clock(Clock)
 * clock}'s time; a slot closes when a row of a later slot arrives or {@link #advance()} is
 * called, and each window that ends there is evaluated if it has {@link
 * Builder#minWindowRows(int)} rows. Either way the monitor keeps {@code window / slide} buckets of
 * counts (a ring; the oldest is dropped by zeroing it), so memory is constant however many rows
 * arrive: one bucket is (bins + 2) counts per numeric feature and (categories + 2) per
 * categorical one, not one entry per row.
 *
 * <p>Each update counts the row's values into the reference bins and allocates nothing: numbers
 * and the score through a precomputed uniform grid over each feature's edges (one multiply, a
 * table read and one branch-free correction step in the usual case; see {@code BinTable}), read
 * from flat arrays bound to the schema's indices once at build time; categories through a hash
 * table over the kept categories (one slot and one {@code equals}). Statistics are computed when
 * a bucket closes, in preallocated arrays, with the reference's side precomputed; only a drift
 * event allocates.
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
 *
 * DriftMonitor daily = DriftMonitor.builder(profile).window(Duration.ofDays(7)).slide(Duration.ofDays(1))
 *     .minWindowRows(500).build();  // the last 7 days, evaluated each midnight UTC
 * daily.update(row, decision.score(), decision.decidedAt().toEpochMilli());
 * }</pre>
 *
 * Thread-safe: an update takes a short lock (a {@link ReentrantLock}), counts the row, and lets
 * go; only the update that closes a window evaluates it under the lock (microseconds), and the
 * listener is called outside it.
 */
public final class DriftMonitor implements Alarm {

  private final String name;
  private final FeatureSchema schema;
  /** Where each column's counts sit and the reference's side of every statistic. */
  private final ReferenceLayout layout;

  private final int slide;
  private final long slideMillis;
  private final long windowMillis;
  private final Clock clock;
  private final int minWindowRows;
  private final Correction correction;
  private final double psiAlarm;
  private final double pValueAlarm;
  private final double jsAlarm;
  private final MonitorListener listener;

  // guarded by lock
  private final long[][] buckets;
  /** Scratch: the sum of the buckets, filled at each evaluation. */
  private final long[] bucketRows;
  private final long[] window;
  private long windowRows;
  private int current;
  private int filled;
  private long windows;
  private final double[] windowCoarse;
  /** Per column: rows in the last evaluated window. */
  private final long[] columnRows;
  /** Whether the JS distances enter the alarm (else they are computed only when a report is built). */
  private final boolean jsNeeded;
  /** Whether the last evaluation left the JS distances to {@link #report()}. */
  private boolean jsPending;
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
  private @Nullable Instant reportStart;
  private @Nullable Instant reportEnd;
  /** Time windows: the slot (epoch millis / slide) of the current bucket; {@link Long#MIN_VALUE} before the first row. */
  private long currentSlot = Long.MIN_VALUE;

  private volatile boolean alarm;
  private final ReentrantLock lock = new ReentrantLock();

  private DriftMonitor(Builder b) {
    this(b.name, b.profile.schema(), new ReferenceLayout(b.profile, b.psiBins), b.slide,
        b.slideTime == null ? 0 : b.slideTime.toMillis(), b.windowTime == null ? 0 : b.windowTime.toMillis(), b.clock,
        b.minWindowRows, b.correction, b.psiAlarm, b.pValueAlarm, b.jsAlarm, b.listener,
        b.windowTime == null || b.slideTime == null ? b.window / b.slide : (int) (b.windowTime.toMillis() / b.slideTime.toMillis()));
  }

  private DriftMonitor(String name, FeatureSchema schema, ReferenceLayout layout, int slide, long slideMillis,
      long windowMillis, Clock clock, int minWindowRows, Correction correction, double psiAlarm, double pValueAlarm,
      double jsAlarm, MonitorListener listener, int bucketCount) {
    this.name = name;
    this.schema = schema;
    this.layout = layout;
    this.slide = slide;
    this.slideMillis = slideMillis;
    this.windowMillis = windowMillis;
    this.clock = clock;
    this.minWindowRows = minWindowRows;
    this.correction = correction;
    this.psiAlarm = psiAlarm;
    this.pValueAlarm = pValueAlarm;
    this.jsAlarm = jsAlarm;
    this.jsNeeded = jsAlarm <= 1;
    int cols = layout.cols;
    int total = layout.slotCount;
    this.columnRows = new long[cols];
    this.listener = listener;
    this.buckets = new long[bucketCount][total];
    this.bucketRows = new long[buckets.length];
    this.window = new long[total];
    this.windowCoarse = new double[layout.coarseTotal];
    this.psi = new double[cols];
    this.js = new double[cols];
    this.stat = new double[cols];
    this.pValue = new double[cols];
    this.adjusted = new double[cols];
    this.missingRate = new double[cols];
    this.drifted = new boolean[cols];
    this.order = new int[cols];
  }

  /**
   * A zeroed count vector for {@link #count}: for counting rows apart from this monitor's window,
   * e.g. in each partition of a distributed job, summing the vectors element by element, and
   * {@linkplain #evaluate(long[], long) evaluating} the sum.
   */
  public long[] newCounts() {
    return new long[layout.slotCount];
  }

  /**
   * Counts one scored row into {@code counts} (from {@link #newCounts()}) as {@link #update(Features,
   * double)} counts it into the window; touches nothing of this monitor and allocates nothing.
   * Thread-safe for distinct count vectors.
   *
   * @param score the row's final score, or NaN if it has none (counted as missing)
   * @throws dev.scoring.api.RecordException if the row is bound to another schema
   * @throws IllegalArgumentException if {@code counts} is not this monitor's length
   */
  public void count(long[] counts, Features row, double score) {
    row.requireSchema(schema);
    if (counts.length != layout.slotCount) {
      throw new IllegalArgumentException(counts.length + " counts for a layout of " + layout.slotCount + "; use newCounts()");
    }
    layout.count(counts, row, score);
  }

  /**
   * The report of one window of exactly the {@code rows} rows counted into {@code counts}: the figures
   * a monitor of this configuration built with {@code window(rows)} reports after updating with the
   * same rows (the same code computes them). This monitor's own window, alarm and listener are untouched.
   *
   * @throws IllegalArgumentException if {@code counts} is not this monitor's length, or {@code rows}
   *     is below one or this monitor's {@code minWindowRows}
   */
  public DriftReport evaluate(long[] counts, long rows) {
    if (counts.length != layout.slotCount) {
      throw new IllegalArgumentException(counts.length + " counts for a layout of " + layout.slotCount + "; use newCounts()");
    }
    if (rows < Math.max(1, minWindowRows)) {
      throw new IllegalArgumentException(rows + " rows, fewer than the window's minimum " + Math.max(1, minWindowRows));
    }
    DriftMonitor one = new DriftMonitor(name, schema, layout, 1, 0, 0, clock, minWindowRows, correction, psiAlarm,
        pValueAlarm, jsAlarm, event -> { }, 1);
    System.arraycopy(counts, 0, one.buckets[0], 0, counts.length);
    one.windowRows = rows;
    one.bucketRows[0] = rows;
    one.closeBucket();
    return one.report();
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
   * Counts one scored row. Allocation-free unless this row completes a window that drifts. With a
   * time window the row is counted at the monitor's clock's time, as {@link #update(Features,
   * double, long)} with {@code clock.millis()}.
   *
   * @param score the row's final score, or NaN if it has none (counted as missing)
   * @throws dev.scoring.api.RecordException if the row is bound to another schema
   */
  public void update(Features row, double score) {
    if (slideMillis > 0) {
      update(row, score, clock.millis());
      return;
    }
    row.requireSchema(schema);
    MonitorEvent event = null;
    lock.lock();
    try {
      layout.count(buckets[current], row, score);
      windowRows++;
      if (++bucketRows[current] == slide) {
        event = closeBucket();
      }
    } finally {
      lock.unlock();
    }
    if (event != null) {
      listener.onEvent(event);
    }
  }

  /**
   * Counts one scored row at an event time, for a monitor with a time window ({@link
   * Builder#window(Duration)}). Slots are aligned to the epoch ({@code [k·slide, (k+1)·slide)}, UTC);
   * a row in a later slot than the current one first closes the current slot (and any empty ones
   * in between), evaluating each window that ends there. A row older than the current slot (late
   * data) is counted in the current slot. Allocation-free unless a slot closes.
   *
   * @param epochMillis the row's time, e.g. the decision's time or the record's event time
   * @throws dev.scoring.api.RecordException if the row is bound to another schema
   * @throws IllegalStateException if the window is counted in rows
   */
  public void update(Features row, double score, long epochMillis) {
    requireTimed();
    row.requireSchema(schema);
    List<MonitorEvent> events;
    lock.lock();
    try {
      events = advanceLocked(epochMillis);
      layout.count(buckets[current], row, score);
      windowRows++;
      bucketRows[current]++;
    } finally {
      lock.unlock();
    }
    emit(events);
  }

  /**
   * Closes the slots that ended by the clock's time without counting a row, so a quiet period
   * still ends its windows (call it from a scheduler). Equivalent to {@link #advanceTo(long)} with
   * {@code clock.millis()}.
   *
   * @throws IllegalStateException if the window is counted in rows
   */
  public void advance() {
    advanceTo(clock.millis());
  }

  /**
   * Closes the slots that ended by {@code epochMillis}, evaluating each full window with at least
   * {@link Builder#minWindowRows(int)} rows. Does nothing before the first row.
   *
   * @throws IllegalStateException if the window is counted in rows
   */
  public void advanceTo(long epochMillis) {
    requireTimed();
    List<MonitorEvent> events;
    lock.lock();
    try {
      events = currentSlot == Long.MIN_VALUE ? null : advanceLocked(epochMillis);
    } finally {
      lock.unlock();
    }
    emit(events);
  }

  private void requireTimed() {
    if (slideMillis == 0) {
      throw new IllegalStateException("monitor '" + name + "' counts its window in rows; event times need window(Duration)");
    }
  }

  private void emit(@Nullable List<MonitorEvent> events) {
    if (events != null) {
      for (MonitorEvent e : events) {
        listener.onEvent(e);
      }
    }
  }

  /** Moves the current slot to the one holding {@code t}, closing the slots in between; returns their events. */
  private @Nullable List<MonitorEvent> advanceLocked(long t) {
    long slot = Math.floorDiv(t, slideMillis);
    if (currentSlot == Long.MIN_VALUE) {
      currentSlot = slot;
      return null;
    }
    if (slot <= currentSlot) {
      return null;
    }
    List<MonitorEvent> events = null;
    // after buckets.length closes every bucket is empty: later closes would evaluate nothing
    long closes = Math.min(slot - currentSlot, buckets.length);
    for (long i = 0; i < closes; i++) {
      MonitorEvent e = closeBucket();
      currentSlot++;
      if (e != null) {
        if (events == null) {
          events = new ArrayList<>(2);
        }
        events.add(e);
      }
    }
    currentSlot = slot;
    return events;
  }

  private @Nullable MonitorEvent closeBucket() {
    MonitorEvent event = null;
    if (filled < buckets.length) {
      filled++;
    }
    if (filled == buckets.length && windowRows >= minWindowRows && windowRows > 0) {
      windows++;
      boolean any = evaluate(windows);
      if (slideMillis > 0) {
        long end = (currentSlot + 1) * slideMillis;
        reportEnd = Instant.ofEpochMilli(end);
        reportStart = Instant.ofEpochMilli(end - windowMillis);
      }
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
    for (int c = 0; c < layout.cols; c++) {
      int off = layout.offset[c];
      int n = layout.slots[c];
      int co = layout.coarseOffset[c];
      // the coarse buckets are runs of consecutive slots: sum each run in a register
      long rows = 0;
      long run = 0;
      int group = layout.coarseOf[off];
      for (int s = 0; s < n; s++) {
        long a = window[off + s];
        int g = layout.coarseOf[off + s];
        if (g != group) {
          windowCoarse[co + group] += run;
          run = 0;
          group = g;
        }
        run += a;
        rows += a;
      }
      windowCoarse[co + group] += run;
      missingRate[c] = rows == 0 ? Double.NaN : (double) window[off + n - 1] / rows;
      columnRows[c] = rows;
      psiAndJs(c, rows, jsNeeded);
      if (layout.categorical[c]) {
        stat[c] = DriftStatistics.chiSquare(layout.reference, off, window, off, n);
        int k = DriftStatistics.nonEmpty(layout.reference, off, window, off, n);
        pValue[c] = k < 2 || Double.isNaN(stat[c]) ? Double.NaN : Special.chiSquareSf(stat[c], k - 1);
      } else {
        long present = rows - window[off + n - 1];
        double nr = layout.refPresent[c];
        if (nr == 0 || present == 0) {
          stat[c] = Double.NaN;
        } else {
          // D = max |F_ref − F_window| at the bin edges, the reference's CDF precomputed
          // cumulative counts in a long (no floating-point chain); the largest and smallest
          // difference tracked apart, so each step is independent but for two compare-and-moves
          double inv = 1.0 / present;
          long ca = 0;
          double hi = 0;
          double lo = 0;
          for (int s = 0; s < n - 1; s++) {
            ca += window[off + s];
            double diff = layout.refCdf[off + s] - ca * inv;
            hi = diff > hi ? diff : hi;
            lo = diff < lo ? diff : lo;
          }
          stat[c] = Math.max(hi, -lo);
        }
        pValue[c] = DriftStatistics.ksPValue(stat[c], nr, present);
      }
    }
    jsPending = !jsNeeded;
    correction.adjust(pValue, adjusted, order, layout.cols);
    boolean any = false;
    for (int c = 0; c < layout.cols; c++) {
      drifted[c] = psi[c] >= psiAlarm || adjusted[c] < pValueAlarm || js[c] >= jsAlarm;
      any |= drifted[c];
    }
    reportWindow = windowNumber;
    reportRows = windowRows;
    return any;
  }

  /**
   * PSI and Jensen–Shannon distance of column {@code c}'s coarse buckets, as {@link
   * DriftStatistics#psi(long[], long[])} and {@link DriftStatistics#jensenShannon(long[], long[])}
   * compute them (equal up to rounding), with the reference's shares and logs precomputed: about
   * two logarithms per bucket.
   */
  private void psiAndJs(int c, long rows, boolean withJs) {
    if (rows == 0) {
      psi[c] = Double.NaN;
      js[c] = Double.NaN;
      return;
    }
    double inv = 1.0 / rows;
    int co = layout.coarseOffset[c];
    double p = 0;
    double j = 0;
    for (int g = 0; g < layout.coarseCount[c]; g++) {
      int i = co + g;
      double q = windowCoarse[i] * inv;
      double qf = Math.max(DriftStatistics.PSI_FLOOR, q);
      double logQf = Math.log(qf);
      p += (qf - layout.refCoarseFloored[i]) * (logQf - layout.refCoarseLogFloored[i]);
      if (!withJs) {
        continue;
      }
      double r = layout.refCoarseP[i];
      double m = (r + q) / 2;
      if (m > 0) {
        double logM = Math.log(m);
        if (r > 0) {
          j += 0.5 * r * (layout.refCoarseLogP[i] - logM);
        }
        if (q > 0) {
          j += 0.5 * q * ((q == qf ? logQf : Math.log(q)) - logM);
        }
      }
    }
    psi[c] = p;
    js[c] = withJs ? Math.sqrt(Math.max(0, j / LN2)) : Double.NaN;
  }

  private static final double LN2 = Math.log(2);

  private DriftReport report() {
    if (jsPending) {
      // the JS distances of the last evaluated window, from its coarse counts (still in windowCoarse)
      for (int c = 0; c < layout.cols; c++) {
        psiAndJs(c, columnRows[c], true);
      }
      jsPending = false;
    }
    List<FeatureDrift> out = new ArrayList<>(layout.cols);
    for (int c = 0; c < layout.cols; c++) {
      out.add(new FeatureDrift(layout.names[c], layout.profiles[c].kind(), reportRows, missingRate[c], psi[c], js[c],
          layout.categorical[c] ? FeatureDrift.Test.CHI_SQUARE : FeatureDrift.Test.KOLMOGOROV_SMIRNOV,
          stat[c], pValue[c], adjusted[c], drifted[c]));
    }
    return new DriftReport(reportWindow, reportStart, reportEnd, reportRows, layout.referenceRows, correction, out);
  }

  /** The report of the last evaluated window, if a window has been evaluated. */
  public Optional<DriftReport> lastReport() {
    lock.lock();
    try {
      return reportWindow < 0 ? Optional.empty() : Optional.of(report());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Evaluates the rows counted so far in the current (possibly partial) window, without closing
   * it, raising the alarm or sending events: for offline comparisons and dashboards. The result
   * also becomes {@link #lastReport()}.
   *
   * @throws IllegalStateException if no row has been counted in the current window
   */
  public DriftReport evaluateNow() {
    lock.lock();
    try {
      if (windowRows == 0) {
        throw new IllegalStateException("the current window has no rows yet");
      }
      evaluate(0);
      if (slideMillis > 0) {
        long end = (currentSlot + 1) * slideMillis;
        reportEnd = Instant.ofEpochMilli(end);
        reportStart = Instant.ofEpochMilli(end - windowMillis);
      }
      return report();
    } finally {
      lock.unlock();
    }
  }

  /** Rows in the current window so far. */
  public long windowRows() {
    lock.lock();
    try {
      return windowRows;
    } finally {
      lock.unlock();
    }
  }

  /** Windows evaluated so far. */
  public long windows() {
    lock.lock();
    try {
      return windows;
    } finally {
      lock.unlock();
    }
  }

  /** Configures a {@link DriftMonitor}; not thread-safe. */
  public static final class Builder {
    private final ReferenceProfile profile;
    private String name = "drift";
    private int window = 1000;
    private int slide = -1;
    private @Nullable Duration windowTime;
    private @Nullable Duration slideTime;
    private Clock clock = Clock.systemUTC();
    private int minWindowRows = 1;
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
this.name = Check.notBlank("name", name);
      return this;
    }

    /** Rows per window (default 1,000; replaces a time window). @throws IllegalArgumentException if below 1 */
    public Builder window(int rows) {
this.window = Check.atLeast("window", rows, 1, " row");
      this.windowTime = null;
      return this;
    }

    /** Rows between evaluations of a sliding window (default: the window, i.e. tumbling). @throws IllegalArgumentException if below 1 */
    public Builder slide(int rows) {
this.slide = Check.atLeast("slide", rows, 1, " row");
      return this;
    }

    /**
     * A time window instead of a row count: tumbling by default, sliding with {@link
     * #slide(Duration)}. Rows are counted at their event time ({@link DriftMonitor#update(Features,
     * double, long)}) or at the {@linkplain #clock(Clock) clock}'s time; memory stays {@code window
     * / slide} buckets of counts however many rows arrive.
     *
     * @throws IllegalArgumentException unless at least one millisecond
     */
    public Builder window(Duration duration) {
      if (duration.toMillis() < 1) {
        throw new IllegalArgumentException("window must be at least 1 ms: " + duration);
      }
      this.windowTime = duration;
      return this;
    }

    /**
     * The time between evaluations of a sliding time window (default: the window, i.e. tumbling);
     * must divide the window.
     *
     * @throws IllegalArgumentException unless at least one millisecond
     */
    public Builder slide(Duration duration) {
      if (duration.toMillis() < 1) {
        throw new IllegalArgumentException("slide must be at least 1 ms: " + duration);
      }
      this.slideTime = duration;
      return this;
    }

    /** The clock for {@link DriftMonitor#update(Features, double)} and {@link DriftMonitor#advance()} with a time window (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * The fewest rows a time window needs to be evaluated (default 1); emptier windows are skipped
     * (no report, no event, the alarm unchanged). A few hundred rows keep the tests meaningful.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder minWindowRows(int rows) {
this.minWindowRows = Check.atLeast("minWindowRows", rows, 1);
      return this;
    }

    /** Target buckets for PSI and Jensen–Shannon on numbers (default 10). @throws IllegalArgumentException if below 2 */
    public Builder psiBins(int bins) {
this.psiBins = Check.atLeast("psiBins", bins, 2);
      return this;
    }

    /** The correction across features (default Benjamini–Hochberg). */
    public Builder correction(Correction correction) {
      this.correction = Objects.requireNonNull(correction);
      return this;
    }

    /** A feature drifts at this PSI or more (default 0.25); {@code +∞} turns it off. @throws IllegalArgumentException if not positive */
    public Builder psiAlarm(double psi) {
this.psiAlarm = Check.positive("psiAlarm", psi);
      return this;
    }

    /** A feature drifts below this adjusted p-value (default 0.05); 0 turns it off. @throws IllegalArgumentException unless in [0, 1] */
    public Builder pValueAlarm(double alpha) {
this.pValueAlarm = Check.inClosed("pValueAlarm", alpha, 0, 1);
      return this;
    }

    /** A feature drifts at this Jensen–Shannon distance or more (default off). @throws IllegalArgumentException unless in (0, 1] */
    public Builder jensenShannonAlarm(double distance) {
this.jsAlarm = Check.inLeftOpen("jensenShannonAlarm", distance, 0, 1);
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
     * @throws IllegalArgumentException if the slide does not divide the window or exceeds it, or
     *     a window in rows is mixed with a slide in time
     */
    public DriftMonitor build() {
      if (windowTime != null || slideTime != null) {
        if (windowTime == null || slide != -1) {
          throw new IllegalArgumentException("a time slide needs a time window (window(Duration)), not a window in rows");
        }
        Duration s = slideTime == null ? windowTime : slideTime;
        slideTime = s;
        long w = windowTime.toMillis();
        long sl = s.toMillis();
        if (sl > w || w % sl != 0) {
          throw new IllegalArgumentException("slide (" + s + ") must divide the window (" + windowTime + ")");
        }
        if (w / sl > 100_000) {
          throw new IllegalArgumentException("window / slide must be at most 100,000 buckets: " + w / sl);
        }
        return new DriftMonitor(this);
      }
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
