package dev.scoring.ml.anomaly;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Watches a binomial rate per segment (conversion per channel, win rate per team) and reports when
 * it changes: which segment, since when, from what rate to what rate, each with a confidence
 * interval, and after how many trials.
 *
 * <p>The test. Each segment first learns its baseline rate from {@link Builder#minTrials(int)}
 * trials. Then, for each design odds ratio {@code r} (default 1.5 and 3), two Bernoulli CUSUMs
 * accumulate the log likelihood ratio of "the odds are multiplied by {@code r}" (and by
 * {@code 1/r}) against the baseline, trial by trial: a CUSUM is the sequential test with the
 * shortest worst-case delay for its alternative (Lorden 1971; Moustakides 1986), and one per ratio
 * keeps small and large changes both detected quickly. A CUSUM that reaches {@code h} is confirmed
 * by a two-sample likelihood ratio between the trials since its onset and the baseline, so that a
 * baseline learnt from few trials does not cause false alarms. Lorden's bound gives each CUSUM an
 * in-control average run length of at least {@code e^h}, so {@code h = ln(m · N)} for {@code m}
 * CUSUMs keeps false alarms to about one per {@code N} in-control trials
 * ({@link Builder#falseAlarmEvery(double)}, default 10,000) or fewer.
 *
 * <p>Since when: the onset is Page's estimate, the trial after the CUSUM last stood at zero; the
 * new rate is the rate since then. A trial joins the baseline once it is older than the onset of
 * every CUSUM past {@code h/2} (or 8,192 trials old), with a memory of {@link Builder#memory(int)}
 * trials, so the baseline follows a stable rate but not a change being tested.
 *
 * <p>Episodes: a change raises one {@link AnomalyEvent.Raised}; the segment then watches the new
 * rate as its baseline. The episode ends ({@link AnomalyEvent.Recovered}) when the rate changes
 * back the other way, or, if it never does, when the new rate has held for
 * {@link Builder#settleAfter(long)} trials and is accepted as the baseline.
 *
 * <p>Thread-safe: {@link #observe} holds the detector's lock briefly (no allocation unless an episode starts or ends);
 * listeners are called after it is released.
 */
public final class RateChangeDetector {

  private static final String KIND = "rate change detector";

  private final String name;
  private final double falseAlarmEvery;
  private final double[] ratios;
  private final int m;
  private final double h;
  private final int minTrials;
  private final double memory;
  private final long settleAfter;
  private final double confidence;
  private final double z;
  private final int maxSegments;
  private final AnomalyListener listener;
  private final String configuration;

  private final SegmentTable<Segment> table;

  private RateChangeDetector(Builder b) {
    this.name = b.name;
    this.falseAlarmEvery = b.falseAlarmEvery;
    this.ratios = b.ratios.clone();
    this.m = 2 * ratios.length;
    this.h = Math.log(m * falseAlarmEvery);
    this.minTrials = b.minTrials;
    this.memory = b.memory;
    this.settleAfter = b.settleAfter;
    this.confidence = b.confidence;
    this.z = Stats.normalQuantile(0.5 + confidence / 2);
    this.maxSegments = b.maxSegments;
    this.listener = b.listener;
    this.table = new SegmentTable<>(KIND, name, maxSegments, listener, key -> new Segment(key, m), new SegmentIo());
    this.configuration = "ratios=" + Arrays.toString(ratios) + ",falseAlarmEvery=" + falseAlarmEvery + ",minTrials="
        + minTrials + ",memory=" + memory + ",settleAfter=" + settleAfter + ",confidence=" + confidence;
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

  /** The CUSUM threshold {@code h = ln(m · N)}. */
  public double threshold() {
    return h;
  }

  /**
   * Judges one trial of a segment, using only what came before it.
   *
   * @param segment the segment, e.g. the channel
   * @param success whether the trial succeeded (converted, won)
   * @param epochMillis when it happened; used for onsets and episodes only, trials are taken in call order
   * @return the largest CUSUM of the segment divided by the threshold: 1 or more means a change is
   *     being signalled (0 while the segment learns its baseline)
   * @throws IllegalStateException if the segment would exceed {@link Builder#maxSegments(int)}
   */
  public double observe(String segment, boolean success, long epochMillis) {
    double score;
    AnomalyEvent[] events;
    synchronized (this) {
      score = step(segment, success, epochMillis);
      events = table.take();
    }
    table.deliver(events);
    return score;
  }

  /** The open episodes, by segment name. */
  public synchronized List<Episode> openEpisodes() {
    return table.openEpisodes();
  }

  /** Each segment's baseline rate with its confidence interval (empty intervals while it learns). */
  public synchronized Map<String, Interval> baselines() {
    Map<String, Interval> map = new LinkedHashMap<>();
    for (Segment s : table.bySegment().values()) {
      map.put(s.name, Stats.wilson(s.baseE, s.baseN, z));
    }
    return map;
  }

  private double step(String key, boolean x, long t) {
    Segment s = table.get(key);
    s.trials++;
    s.regimeTrials++;
    double xe = x ? 1 : 0;
    if (!s.watching) {
      s.baseN += 1;
      s.baseE += xe;
      if (s.baseN >= minTrials) {
        s.watching = true;
        refresh(s);
      }
      return 0;
    }
    int best = 0;
    long suspectFrom = s.trials;
    double half = 0.5 * h;
    double[] c = s.cusum;
    for (int k = 0; k < m; k++) {
      if (c[k] == 0) {
        s.onsetIndex[k] = s.trials;
        s.onsetMillis[k] = t;
        s.onN[k] = 0;
        s.onE[k] = 0;
      }
      double v = c[k] + (x ? s.llrSuccess[k] : s.llrFailure[k]);
      if (v > 0) {
        c[k] = v;
        s.onN[k] += 1;
        s.onE[k] += xe;
        if (v > c[best]) {
          best = k;
        }
        if (v >= half && s.onsetIndex[k] < suspectFrom) {
          suspectFrom = s.onsetIndex[k];
        }
      } else {
        c[k] = 0;
      }
    }
    // a trial joins the baseline once it is older than every suspicious excursion (or the lag is full)
    s.lag.push(x);
    while (s.lag.size() > 0 && (s.trials - s.lag.size() + 1 < suspectFrom || s.lag.size() > Lag.CAPACITY - 1)) {
      double e = s.lag.pop() ? 1 : 0;
      s.baseN += 1;
      s.baseE += e;
      if (s.baseN > memory) {
        double f = memory / s.baseN;
        s.baseN = memory;
        s.baseE *= f;
      }
      if (++s.merged >= 64) {
        refresh(s);
      }
    }
    if (c[best] >= h) {
      Direction d = best % 2 == 0 ? Direction.RISE : Direction.DROP;
      double onRate = s.onE[best] / s.onN[best];
      double baseRate = s.baseE / s.baseN;
      boolean agrees = d == Direction.RISE ? onRate > baseRate : onRate < baseRate;
      if (agrees && Stats.twoSampleLogLikelihoodRatio(s.baseE, s.baseN, s.onE[best], s.onN[best]) >= h) {
        change(s, best, d, t);
      }
    } else if (s.episode != null && s.regimeTrials >= settleAfter) {
      Interval now = Stats.wilson(s.baseE + s.lag.events(), s.baseN + s.lag.size(), z);
      end(s, t, "settled: " + now.percent() + " has held for " + s.regimeTrials + " trials and is the baseline now");
    }
    return c[best] / h;
  }

  private void change(Segment s, int k, Direction d, long t) {
    Interval from = Stats.wilson(s.baseE, s.baseN, z);
    Interval to = Stats.wilson(s.onE[k], s.onN[k], z);
    long delay = (long) s.onN[k];
    if (s.episode == null) {
      String text = "rate in '" + s.name + "' " + (d == Direction.RISE ? "rose" : "dropped") + " from " + from.percent()
          + " to " + to.percent() + " over the last " + delay + " trials";
      Episode e = new Episode(name, s.name, d, s.onsetMillis[k], t, Math.max(1, delay), from, to, s.cusum[k], text);
      table.raise(s, e);
    } else if (d != s.episode.direction()) {
      end(s, t, "rate " + (d == Direction.RISE ? "rose" : "dropped") + " back to " + to.percent() + " since "
          + java.time.Instant.ofEpochMilli(s.onsetMillis[k]));
    }
    // the rate since the onset is the new baseline; a further change the same way stays in this episode
    s.baseN = s.onN[k];
    s.baseE = s.onE[k];
    s.lag.clear();
    s.regimeTrials = (long) s.onN[k];
    Arrays.fill(s.cusum, 0);
    if (s.baseN >= minTrials) {
      refresh(s);
    } else {
      s.watching = false;
    }
  }

  private void end(Segment s, long t, String reason) {
    table.end(s, t, reason);
  }

  /** Sets the CUSUM increments from the baseline rate (with a Jeffreys prior, so a rate of 0 or 1 still works). */
  private void refresh(Segment s) {
    s.merged = 0;
    double p0 = (s.baseE + 0.5) / (s.baseN + 1);
    double odds = p0 / (1 - p0);
    for (int i = 0; i < ratios.length; i++) {
      for (int dir = 0; dir < 2; dir++) {
        double o1 = dir == 0 ? odds * ratios[i] : odds / ratios[i];
        double p1 = o1 / (1 + o1);
        int k = 2 * i + dir;
        s.llrSuccess[k] = Math.log(p1 / p0);
        s.llrFailure[k] = Math.log((1 - p1) / (1 - p0));
      }
    }
  }

  /**
   * Writes every segment's state (baselines, CUSUMs, open episodes).
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

  /** Writes and reads a segment's counts and CUSUMs. */
  private final class SegmentIo implements SegmentTable.Io<Segment> {
    @Override
    public void write(DataOutputStream o, Segment s) throws IOException {
      o.writeLong(s.trials);
      o.writeLong(s.regimeTrials);
      o.writeBoolean(s.watching);
      o.writeDouble(s.baseN);
      o.writeDouble(s.baseE);
      s.lag.write(o);
      o.writeInt(s.merged);
      for (int k = 0; k < m; k++) {
        o.writeDouble(s.cusum[k]);
        o.writeDouble(s.llrSuccess[k]);
        o.writeDouble(s.llrFailure[k]);
        o.writeLong(s.onsetIndex[k]);
        o.writeLong(s.onsetMillis[k]);
        o.writeDouble(s.onN[k]);
        o.writeDouble(s.onE[k]);
      }
    }

    @Override
    public Segment read(DataInputStream i, String name) throws IOException {
      Segment s = new Segment(name, m);
      s.trials = i.readLong();
      s.regimeTrials = i.readLong();
      s.watching = i.readBoolean();
      s.baseN = i.readDouble();
      s.baseE = i.readDouble();
      s.lag.read(i);
      s.merged = i.readInt();
      for (int k = 0; k < m; k++) {
        s.cusum[k] = i.readDouble();
        s.llrSuccess[k] = i.readDouble();
        s.llrFailure[k] = i.readDouble();
        s.onsetIndex[k] = i.readLong();
        s.onsetMillis[k] = i.readLong();
        s.onN[k] = i.readDouble();
        s.onE[k] = i.readDouble();
      }
      if (!(s.baseN >= 0 && s.baseE >= 0 && s.baseE <= s.baseN + 1e-9)) {
        throw new IOException("segment '" + name + "' has impossible counts");
      }
      return s;
    }
  }

  private static final class Segment extends SegmentTable.Segment {
    long trials;
    long regimeTrials;
    boolean watching;
    double baseN;
    double baseE;
    final Lag lag = new Lag();
    int merged;
    final double[] cusum;
    final double[] llrSuccess;
    final double[] llrFailure;
    final long[] onsetIndex;
    final long[] onsetMillis;
    final double[] onN;
    final double[] onE;

    Segment(String name, int m) {
      super(name);
      this.cusum = new double[m];
      this.llrSuccess = new double[m];
      this.llrFailure = new double[m];
      this.onsetIndex = new long[m];
      this.onsetMillis = new long[m];
      this.onN = new double[m];
      this.onE = new double[m];
    }
  }

  /** The latest trials not yet in the baseline, as a ring of bits. */
  static final class Lag {
    static final int CAPACITY = 8192;
    private final long[] bits = new long[CAPACITY / 64];
    private int head;
    private int size;
    private int events;

    int size() {
      return size;
    }

    int events() {
      return events;
    }

    void push(boolean x) {
      int at = (head + size) & (CAPACITY - 1);
      if (x) {
        bits[at >>> 6] |= 1L << at;
        events++;
      } else {
        bits[at >>> 6] &= ~(1L << at);
      }
      size++;
    }

    boolean pop() {
      boolean x = (bits[head >>> 6] & (1L << head)) != 0;
      head = (head + 1) & (CAPACITY - 1);
      size--;
      if (x) {
        events--;
      }
      return x;
    }

    void clear() {
      head = 0;
      size = 0;
      events = 0;
    }

    void write(DataOutputStream o) throws IOException {
      o.writeInt(size);
      for (int i = 0; i < size; i++) {
        int at = (head + i) & (CAPACITY - 1);
        o.writeBoolean((bits[at >>> 6] & (1L << at)) != 0);
      }
    }

    void read(DataInputStream in) throws IOException {
      clear();
      int n = in.readInt();
      if (n < 0 || n >= CAPACITY) {
        throw new IOException("lag of " + n + " trials");
      }
      for (int i = 0; i < n; i++) {
        push(in.readBoolean());
      }
    }
  }

  /** Configures a {@link RateChangeDetector}; not thread-safe. */
  public static final class Builder {
    private String name = "rate";
    private double falseAlarmEvery = 10_000;
    private double[] ratios = {1.5, 3};
    private int minTrials = 200;
    private int memory = 20_000;
    private long settleAfter = 20_000;
    private double confidence = 0.95;
    private int maxSegments = 10_000;
    private AnomalyListener listener = AnomalyListener.none();

    private Builder() {}

    /** The name in episodes (default {@code "rate"}). */
    public Builder name(String name) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /**
     * The false-alarm rate, as the in-control trials per segment between false alarms the test
     * allows at most (default 10,000, i.e. at most about one per 10,000 trials).
     */
    public Builder falseAlarmEvery(double trials) {
      if (!(trials >= 10) || Double.isInfinite(trials)) {
        throw new IllegalArgumentException("falseAlarmEvery must be at least 10 trials: " + trials);
      }
      this.falseAlarmEvery = trials;
      return this;
    }

    /**
     * The odds ratios the CUSUMs are designed for, each watched both ways (default 1.5 and 3): a
     * change near one of them is found fastest, any clearly larger change too.
     */
    public Builder oddsRatios(double... ratios) {
      if (ratios.length == 0) {
        throw new IllegalArgumentException("at least one odds ratio is needed");
      }
      for (double r : ratios) {
        if (!(r > 1) || Double.isInfinite(r)) {
          throw new IllegalArgumentException("odds ratios must be finite and above 1: " + r);
        }
      }
      this.ratios = ratios.clone();
      return this;
    }

    /** The trials a segment learns its baseline from before it is watched (default 200). */
    public Builder minTrials(int trials) {
      if (trials < 10) {
        throw new IllegalArgumentException("minTrials must be at least 10: " + trials);
      }
      this.minTrials = trials;
      return this;
    }

    /** How many stable trials the baseline remembers (default 20,000); older ones fade. */
    public Builder memory(int trials) {
      if (trials < 10) {
        throw new IllegalArgumentException("memory must be at least 10 trials: " + trials);
      }
      this.memory = trials;
      return this;
    }

    /** After how many trials at a new rate an episode ends with the new rate accepted (default 20,000). */
    public Builder settleAfter(long trials) {
      if (trials < 1) {
        throw new IllegalArgumentException("settleAfter must be positive: " + trials);
      }
      this.settleAfter = trials;
      return this;
    }

    /** The confidence of the reported intervals (default 0.95). */
    public Builder confidence(double confidence) {
      if (!(confidence > 0 && confidence < 1)) {
        throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
      }
      this.confidence = confidence;
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
    public RateChangeDetector build() {
      return new RateChangeDetector(this);
    }
  }
}
