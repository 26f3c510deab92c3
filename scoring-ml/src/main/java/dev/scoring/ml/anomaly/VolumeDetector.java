package dev.scoring.ml.anomaly;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Watches a count (or any value) per interval per segment, e.g. inbound leads per hour by source,
 * against a robust seasonal baseline, and reports spikes, drops and level shifts with the expected
 * value and the band it left.
 *
 * <p>The baseline. Values arrive one per interval, in order and without gaps
 * ({@link EventCounter} makes them from events, zeros included). The expected value is the median
 * of the values at the same position in the last {@link Builder#history(int)} seasonal cycles of
 * {@link Builder#period(int)} intervals: 24 for hourly values with a daily cycle, 168 for hourly
 * values with a weekly (and daily) cycle, 7 for daily values. A median ignores a missing day or a
 * past spike, and follows a lasting change of level within half the history.
 *
 * <p>The score. Counts are compared on the square-root scale, where a Poisson count has variance
 * about 1/4 whatever its mean (Anscombe 1948): {@code z = 2(√(x + 3/8) − √(μ + 3/8)) / σ}, with
 * {@code σ ≥ 1} the robust over-dispersion (quasi-Poisson), so a quiet night and a busy afternoon
 * are judged alike; other values use {@code z = (x − μ) / σ}. {@code σ} comes from a decaying fit of
 * the squared residuals (winsorised at 6σ, started from the MAD of the first ones), growing with the
 * expected count as a negative binomial's does.
 *
 * <p>Alarms, at a false-alarm budget of one per {@link Builder#falseAlarmEvery(double)} normal
 * intervals (default 10,000), half to a point test and half to four CUSUMs. The point test on counts
 * uses the exact tail of a negative binomial whose median is the baseline and whose shape {@code k}
 * follows from the fitted scale ({@code σ² ≈ 1 + μ/k} on the square-root scale, widened by the
 * baseline median's sampling variance {@code π/2n}), since over-dispersed counts have heavier tails
 * than a normal on that scale; other values use the normal quantile. Sustained shifts too small
 * for the point test are found by a long pair of CUSUMs of {@code z} (reference ½, increments
 * clipped at 2.5), shifts of a few intervals by a short pair (reference 1.5); thresholds by
 * Siegmund's approximation of the average run length. Spikes are found at once (delay 1); a shift
 * by a CUSUM reports its Page onset.
 *
 * <p>Episodes: one {@link AnomalyEvent.Raised} per episode; it ends with
 * {@link AnomalyEvent.Recovered} after {@link Builder#recoverAfter(int)} normal intervals in a row.
 * Thread-safe; listeners are called after the lock is released.
 */
public final class VolumeDetector {

  private static final String KIND = "volume detector";
  private static final int INIT = 16;
  /**
   * The CUSUMs, as {reference, clip} pairs, each run upwards and downwards: a long one for sustained
   * shifts of about one noise unit (reference ½, increments clipped at 2.5 so one outlier does not
   * make a shift), and a short one for shifts of 2-4 units lasting a few intervals (reference 1.5).
   */
  private static final double[][] CUSUMS = {{0.5, 2.5}, {1.5, 4}};
  private static final int BANK = 2 * CUSUMS.length;
  /** Squared residuals enter the scale fit winsorised at this many variances (6σ). */
  private static final double WINSOR = 36;
  /** How far below the point threshold an approximate count score still gets the exact tail. */
  private static final double PRESCREEN = 1.5;

  private final String name;
  private final int period;
  private final int history;
  private final int minHistory;
  private final double falseAlarmEvery;
  private final boolean counts;
  private final int recoverAfter;
  private final int scaleMemory;
  private final int maxSegments;
  private final double zPoint;
  private final double pointAlpha;
  private final double minMean;
  private final double medianSpread;
  private final double[] hShift;
  private final AnomalyListener listener;
  private final String configuration;
  private final double[] scratch;

  private final SegmentTable<Segment> table;

  private VolumeDetector(Builder b) {
    this.name = b.name;
    this.period = b.period;
    this.history = b.history > 0 ? b.history : (b.period == 1 ? 32 : 8);
    this.minHistory = Math.min(b.minHistory, history);
    this.falseAlarmEvery = b.falseAlarmEvery;
    this.counts = b.counts;
    this.recoverAfter = b.recoverAfter;
    this.scaleMemory = Math.max(2000, 8 * period);
    this.maxSegments = b.maxSegments;
    this.listener = b.listener;
    // half the budget to the two-sided point test, the other half shared by the CUSUMs
    this.pointAlpha = 1 / (4 * falseAlarmEvery);
    this.zPoint = Stats.normalQuantile(1 - pointAlpha);
    // a position whose past values are all 0 still has a mean: ½ / history, the posterior mean under Jeffreys' prior
    this.minMean = 0.5 / history;
    // the count law's variance widened by the baseline median's own sampling variance, π/2n of it
    this.medianSpread = 1 + Math.PI / (2 * history);
    this.hShift = new double[CUSUMS.length];
    for (int c = 0; c < CUSUMS.length; c++) {
      hShift[c] = cusumThreshold(CUSUMS[c][0], 2 * BANK * falseAlarmEvery);
    }
    this.scratch = new double[Math.max(history, INIT)];
    this.table = new SegmentTable<>(KIND, name, maxSegments, listener, key -> new Segment(key, period, history), new SegmentIo());
    this.configuration = "period=" + period + ",history=" + history + ",minHistory=" + minHistory + ",falseAlarmEvery="
        + falseAlarmEvery + ",counts=" + counts + ",recoverAfter=" + recoverAfter;
  }

  /**
   * The one-sided CUSUM threshold whose in-control average run length is {@code arl} for standard
   * normal increments and reference {@code k}: Siegmund's approximation
   * {@code ARL ≈ (e^{2kb} − 2kb − 1) / 2k²} with {@code b = h + 1.166}, solved by bisection.
   */
  static double cusumThreshold(double k, double arl) {
    double lo = 0;
    double hi = 100;
    for (int i = 0; i < 100; i++) {
      double mid = 0.5 * (lo + hi);
      double b = mid + 1.166;
      double a = (Math.exp(2 * k * b) - 2 * k * b - 1) / (2 * k * k);
      if (a < arl) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** Starts a detector. */
  public static Builder builder() {
    return new Builder();
  }

  /** The detector's name, used in episodes. */
  public String name() {
    return name;
  }

  /** Whether any segment has an open episode now (a volatile read). */
  public boolean raised() {
    return table.raised();
  }

  /** The point test's threshold on {@code |z|}. */
  public double pointThreshold() {
    return zPoint;
  }

  /** The threshold of the long (reference ½) level-shift CUSUMs. */
  public double shiftThreshold() {
    return hShift[0];
  }

  /**
   * Judges one interval's value of a segment, using only the values before it.
   *
   * @param segment the segment, e.g. the lead source
   * @param epochMillis the interval's start, for episodes
   * @param value the count or value, finite (a count must not be negative)
   * @return the robust score {@code z} (positive above the expected value), or 0 while the
   *     segment's position in the cycle has too little history
   * @throws IllegalArgumentException if the value is not finite, or is a negative count
   * @throws IllegalStateException if the segment would exceed {@link Builder#maxSegments(int)}
   */
  public double observe(String segment, long epochMillis, double value) {
    if (!Double.isFinite(value) || (counts && value < 0)) {
      throw new IllegalArgumentException(
          "volume detector '" + name + "', segment '" + segment + "': value " + value + " is not " + (counts ? "a count" : "finite"));
    }
    double score;
    AnomalyEvent[] events;
    synchronized (this) {
      score = step(segment, epochMillis, value);
      events = table.take();
    }
    table.deliver(events);
    return score;
  }

  /** The open episodes, by segment name. */
  public synchronized List<Episode> openEpisodes() {
    return table.openEpisodes();
  }

  private double step(String key, long t, double x) {
    Segment s = table.get(key);
    int slot = (int) (s.index % period);
    s.index++;
    int base = slot * history;
    int n = s.filled[slot];
    if (n < minHistory) {
      push(s, slot, x);
      return 0;
    }
    System.arraycopy(s.values, base, scratch, 0, n);
    double mu = Stats.median(scratch, n, scratch);
    double r = residual(x, mu);
    push(s, slot, x);
    if (s.residuals < INIT) {
      s.initMu[s.residuals] = mu;
      s.init[s.residuals++] = r;
      if (s.residuals == INIT) {
        double[] abs = new double[INIT];
        double med = Stats.median(s.init, INIT, abs);
        for (int i = 0; i < INIT; i++) {
          abs[i] = Math.abs(s.init[i] - med);
        }
        double mad = 1.4826 * Stats.median(abs, INIT, abs);
        double cap = 16 * Math.max(mad * mad, counts ? 1 : 0);
        for (int i = 0; i < INIT; i++) {
          learnScale(s, s.initMu[i], Math.min(s.init[i] * s.init[i], cap));
        }
      }
      return 0;
    }
    double sigma = sigma(s, mu);
    s.residuals++;
    learnScale(s, mu, Math.min(r * r, WINSOR * sigma * sigma));
    double z = r / sigma;
    double stat = z;
    boolean point;
    if (counts) {
      point = false;
      if (Math.abs(z) >= zPoint - PRESCREEN) {
        // the point test on the count's law: negative binomial around the baseline, with the shape
        // the fitted over-dispersion implies (on the square-root scale σ² ≈ 1 + μ/k)
        double m = mean(mu, sigma);
        double shape = shape(sigma, m);
        double exact = CountTail.tailScore(z > 0 ? CountTail.upper(x, m, shape) : CountTail.lower(x, m, shape));
        point = exact >= zPoint;
        stat = z > 0 ? exact : -exact;
      }
    } else {
      point = Math.abs(z) >= zPoint;
    }

    Direction d = null;
    int fired = -1;
    if (point) {
      d = stat > 0 ? Direction.RISE : Direction.DROP;
    }
    for (int c = 0; c < BANK; c++) {
      // c even: upwards, odd: downwards
      double[] ref = CUSUMS[c >> 1];
      double h = hShift[c >> 1];
      double zc = Math.max(-ref[1], Math.min(ref[1], (c & 1) == 0 ? z : -z));
      if (s.cusum[c] == 0) {
        s.onset[c] = s.index - 1;
        s.onsetMillis[c] = t;
      }
      s.cusum[c] = Math.min(1.5 * h, Math.max(0, s.cusum[c] + zc - ref[0]));
      if (d == null && s.cusum[c] >= h) {
        d = (c & 1) == 0 ? Direction.RISE : Direction.DROP;
        fired = c;
      }
    }
    if (d != null) {
      Interval band = band(mu, sigma);
      s.normalRun = 0;
      if (s.episode != null && s.episode.direction() != d) {
        end(s, t, "turned into a " + (d == Direction.RISE ? "spike" : "drop"));
      }
      if (s.episode == null) {
        raise(s, t, x, stat, d, fired, band);
      }
    } else if (s.episode != null && ++s.normalRun >= recoverAfter) {
      end(s, t, "back within the expected band " + band(mu, sigma) + " for " + s.normalRun + " intervals");
    }
    return z;
  }

  private void raise(Segment s, long t, double x, double z, Direction d, int fired, Interval band) {
    boolean point = fired < 0;
    long onset = point ? t : s.onsetMillis[fired];
    long delay = point ? 1 : s.index - s.onset[fired];
    double stat = point ? z : (d == Direction.RISE ? s.cusum[fired] : -s.cusum[fired]);
    String what = point ? (d == Direction.RISE ? "spike" : "drop")
        : (fired < 2 ? "level shift " : "short shift ") + (d == Direction.RISE ? "up" : "down");
    String text = what + " in '" + s.name + "': " + Interval.round(x) + " against an expected " + band
        + (point ? "" : " (shift since " + delay + " intervals)");
    Episode e = new Episode(name, s.name, d, onset, t, Math.max(1, delay), band, Interval.exact(x), stat, text);
    table.raise(s, e);
  }

  private void end(Segment s, long t, String reason) {
    s.normalRun = 0;
    table.end(s, t, reason);
  }

  private double residual(double x, double mu) {
    return counts ? 2 * (Math.sqrt(x + 0.375) - Math.sqrt(mu + 0.375)) : x - mu;
  }

  /**
   * The noise scale at expected value {@code mu}: a decaying least-squares fit of the winsorised
   * squared residuals, {@code σ² = a + b·μ} for counts (on the square-root scale a negative binomial's
   * variance grows with its mean: about {@code 1 + μ/k}), a constant for other values.
   */
  private double sigma(Segment s, double mu) {
    double mean = s.sy / s.sw;
    if (!counts) {
      return Math.max(Math.sqrt(mean), 1e-9 * Math.max(1, Math.abs(mu)));
    }
    double mm = s.sm / s.sw;
    double var = s.smm / s.sw - mm * mm;
    double b = var > 1e-9 * Math.max(1, mm * mm) ? Math.max(0, (s.smy / s.sw - mm * mean) / var) : 0;
    double a = mean - b * mm;
    return Math.sqrt(Math.max(1, a + b * mu));
  }

  private void learnScale(Segment s, double mu, double y) {
    double keep = 1 - 1.0 / scaleMemory;
    s.sw = s.sw * keep + 1;
    s.sm = s.sm * keep + mu;
    s.smm = s.smm * keep + mu * mu;
    s.sy = s.sy * keep + y;
    s.smy = s.smy * keep + mu * y;
  }

  /**
   * The mean of the count's law whose median is the baseline {@code mu}: a negative binomial's
   * median is about its mean less a third of its variance-to-mean ratio (as a gamma's is), and that
   * ratio is {@code σ²}; at least {@link #minMean}.
   */
  private double mean(double mu, double sigma) {
    return Math.max(minMean, mu + sigma * sigma / 3);
  }

  /** The shape {@code k} of the negative binomial with mean {@code m} whose square-root-scale variance is {@code σ²}. */
  private double shape(double sigma, double m) {
    double excess = sigma * sigma * medianSpread - 1;
    return excess > 1e-9 ? m / excess : Double.POSITIVE_INFINITY;
  }

  /** The values that would pass the point test: the band an alarm reports (built only for events). */
  private Interval band(double mu, double sigma) {
    if (!counts) {
      return new Interval(mu, mu - zPoint * sigma, mu + zPoint * sigma);
    }
    double m = mean(mu, sigma);
    double shape = shape(sigma, m);
    double lo = CountTail.lowestUsual(m, shape, pointAlpha) + 1;
    double hi = CountTail.highestUsual(m, shape, pointAlpha) - 1;
    return new Interval(mu, Math.min(lo, mu), Math.max(hi, mu));
  }

  private void push(Segment s, int slot, double x) {
    int base = slot * history;
    int at = s.next[slot];
    s.values[base + at] = x;
    s.next[slot] = (at + 1) % history;
    if (s.filled[slot] < history) {
      s.filled[slot]++;
    }
  }

  /**
   * Writes every segment's state.
   *
   * @throws java.io.UncheckedIOException if writing fails
   */
  public synchronized void save(OutputStream out) {
    table.save(out, configuration);
  }

  /**
   * Replaces this detector's state with a saved one; open episodes stay open without a new event.
   * On failure the state is unchanged.
   *
   * @throws dev.scoring.api.ModelException if the state is corrupt, truncated, or was saved by a
   *     detector with another configuration
   */
  public void restore(InputStream in) {
    Map<String, Segment> restored = table.read(in, configuration);
    synchronized (this) {
      table.install(restored);
    }
  }

  /** Writes and reads a segment's history, scale fit and CUSUMs. */
  private final class SegmentIo implements SegmentTable.Io<Segment> {
    @Override
    public void write(DataOutputStream o, Segment s) throws IOException {
      o.writeLong(s.index);
      for (double v : s.values) {
        o.writeDouble(v);
      }
      for (int i = 0; i < period; i++) {
        o.writeInt(s.filled[i]);
        o.writeInt(s.next[i]);
      }
      o.writeInt(s.residuals);
      for (int k = 0; k < INIT; k++) {
        o.writeDouble(s.init[k]);
        o.writeDouble(s.initMu[k]);
      }
      for (double v : new double[] {s.sw, s.sm, s.smm, s.sy, s.smy}) {
        o.writeDouble(v);
      }
      for (int c = 0; c < BANK; c++) {
        o.writeDouble(s.cusum[c]);
        o.writeLong(s.onset[c]);
        o.writeLong(s.onsetMillis[c]);
      }
      o.writeInt(s.normalRun);
    }

    @Override
    public Segment read(DataInputStream i, String name) throws IOException {
      Segment s = new Segment(name, period, history);
      s.index = i.readLong();
      for (int k = 0; k < s.values.length; k++) {
        s.values[k] = i.readDouble();
      }
      for (int k = 0; k < period; k++) {
        s.filled[k] = i.readInt();
        s.next[k] = i.readInt();
        if (s.filled[k] < 0 || s.filled[k] > history || s.next[k] < 0 || s.next[k] >= history) {
          throw new IOException("segment '" + name + "' has an impossible history position");
        }
      }
      s.residuals = i.readInt();
      for (int k = 0; k < INIT; k++) {
        s.init[k] = i.readDouble();
        s.initMu[k] = i.readDouble();
      }
      s.sw = i.readDouble();
      s.sm = i.readDouble();
      s.smm = i.readDouble();
      s.sy = i.readDouble();
      s.smy = i.readDouble();
      for (int c = 0; c < BANK; c++) {
        s.cusum[c] = i.readDouble();
        s.onset[c] = i.readLong();
        s.onsetMillis[c] = i.readLong();
      }
      s.normalRun = i.readInt();
      return s;
    }
  }

  private static final class Segment extends SegmentTable.Segment {
    long index;
    final double[] values;
    final int[] filled;
    final int[] next;
    int residuals;
    final double[] init = new double[INIT];
    final double[] initMu = new double[INIT];
    double sw;
    double sm;
    double smm;
    double sy;
    double smy;
    /** The CUSUMs (long up, long down, short up, short down), and where each began to rise from 0. */
    final double[] cusum = new double[BANK];
    final long[] onset = new long[BANK];
    final long[] onsetMillis = new long[BANK];
    int normalRun;

    Segment(String name, int period, int history) {
      super(name);
      this.values = new double[period * history];
      this.filled = new int[period];
      this.next = new int[period];
    }
  }

  /** Configures a {@link VolumeDetector}; not thread-safe. */
  public static final class Builder {
    private String name = "volume";
    private int period = 1;
    private int history;
    private int minHistory = 3;
    private double falseAlarmEvery = 10_000;
    private boolean counts = true;
    private int recoverAfter = 3;
    private int maxSegments = 10_000;
    private AnomalyListener listener = AnomalyListener.none();

    private Builder() {}

    /** The name in episodes (default {@code "volume"}). */
    public Builder name(String name) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /** The seasonal cycle in intervals (default 1: no cycle), e.g. 24 or 168 for hourly values. */
    public Builder period(int intervals) {
      if (intervals < 1 || intervals > 10_080) {
        throw new IllegalArgumentException("period must be 1 to 10,080 intervals: " + intervals);
      }
      this.period = intervals;
      return this;
    }

    /** How many past cycles the median takes (default 8, or 32 values without a cycle). */
    public Builder history(int cycles) {
      if (cycles < 3 || cycles > 256) {
        throw new IllegalArgumentException("history must be 3 to 256 cycles: " + cycles);
      }
      this.history = cycles;
      return this;
    }

    /** How many past cycles a position needs before it is judged (default 3). */
    public Builder minHistory(int cycles) {
      if (cycles < 1) {
        throw new IllegalArgumentException("minHistory must be positive: " + cycles);
      }
      this.minHistory = cycles;
      return this;
    }

    /** The false-alarm budget: at most about one alarm per this many normal intervals (default 10,000). */
    public Builder falseAlarmEvery(double intervals) {
      if (!(intervals >= 10) || Double.isInfinite(intervals)) {
        throw new IllegalArgumentException("falseAlarmEvery must be at least 10 intervals: " + intervals);
      }
      this.falseAlarmEvery = intervals;
      return this;
    }

    /** Whether values are counts (default true: quasi-Poisson scale); false for any real value. */
    public Builder counts(boolean counts) {
      this.counts = counts;
      return this;
    }

    /** How many normal intervals in a row end an episode (default 3). */
    public Builder recoverAfter(int intervals) {
      if (intervals < 1) {
        throw new IllegalArgumentException("recoverAfter must be positive: " + intervals);
      }
      this.recoverAfter = intervals;
      return this;
    }

    /** The most segments watched (default 10,000); a new segment beyond it is refused. */
    public Builder maxSegments(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxSegments must be positive: " + max);
      }
      this.maxSegments = max;
      return this;
    }

    /** Receives the episodes (default: none). */
    public Builder listener(AnomalyListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The detector, with no segment yet. */
    public VolumeDetector build() {
      return new VolumeDetector(this);
    }
  }
}
