package dev.scoring.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An interleaved A/B check of {@link OnnxBenchmark}'s variants (tabular MLP) and of
 * {@link TextTriageBenchmark}'s (ticket text models, argument {@code text}) for a machine shared
 * with other work, where JMH's one-benchmark-after-another figures drift with the load: every round
 * runs each variant for a short block, in rotating order, and records the thread's CPU time and the
 * wall time per call; the report gives each variant's median and the median of the per-round
 * ratios to {@code ours}. With one intra-op thread ONNX Runtime runs on the calling thread, so its
 * CPU time is in the measure. Complements the JMH figures; it is not a replacement (no forks, no
 * blackhole: the results are summed into a printed checksum).
 *
 * <p>Run: {@code java -cp scoring-benchmarks/target/benchmarks.jar dev.scoring.benchmarks.OnnxOverhead [rounds] [blockMillis]}
 * for the MLP, {@code ... OnnxOverhead [rounds] [blockMillis] text [model.onnx ...]} for the ticket models (default: both).
 */
public final class OnnxOverhead {

  private OnnxOverhead() {}

  /** One benchmark method, called repeatedly in a block. */
  @FunctionalInterface
  interface Call {
    double call() throws Exception;
  }

  private static final List<String> VARIANTS = List.of("ours", "ort", "ortRecords", "ortFlat");

  /** Runs the comparison for one row and a batch of 1,000 and prints a Markdown table. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    long blockNanos = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
    if (args.length > 2 && args[2].equals("text")) {
      text(rounds, blockNanos, args.length > 3 ? Arrays.copyOfRange(args, 3, args.length)
          : new String[] {"tickets-mlp.onnx", "tickets-tfidf-lr.onnx"});
      return;
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    String only = System.getProperty("onnx.only");
    if (only != null) { // one variant for a while, batch 1,000: for a profiler
      OnnxBenchmark b = new OnnxBenchmark();
      b.batch = Integer.getInteger("onnx.batch", 1000);
      b.intraOpThreads = 1;
      b.optimization = "all";
      b.setUp();
      double sum = 0;
      for (int i = 0; i < rounds; i++) {
        sum += block(tabular(b).get(VARIANTS.indexOf(only)), blockNanos, mx, new double[2]);
      }
      b.tearDown();
      System.out.println("checksum " + sum);
      return;
    }
    header("batch");
    double checksum = 0;
    for (int batch : new int[] {1, 1000}) {
      OnnxBenchmark b = new OnnxBenchmark();
      b.batch = batch;
      b.intraOpThreads = 1;
      b.optimization = "all";
      b.setUp();
      try {
        checksum += compare(Integer.toString(batch), VARIANTS, tabular(b), rounds, blockNanos);
      } finally {
        b.tearDown();
      }
    }
    System.out.println("checksum " + checksum);
  }

  private static List<Call> tabular(OnnxBenchmark b) {
    return List.of(b::ours, b::ort, b::ortRecords, b::ortFlat);
  }

  /** The ticket text models: {@code ours} and {@code ort} of {@link TextTriageBenchmark}, both models, 1 and 1,000 tickets. */
  private static void text(int rounds, long blockNanos, String[] models) throws Exception {
    header("model, batch");
    double checksum = 0;
    for (String model : models) {
      for (int batch : new int[] {1, 1000}) {
        TextTriageBenchmark b = new TextTriageBenchmark();
        b.batch = batch;
        b.model = model;
        b.setUp();
        try {
          checksum += compare(model.replace(".onnx", "") + ", " + batch, List.of("ours", "ort"),
              List.of(() -> b.ours()[0], () -> b.ort()[0]), rounds, blockNanos);
        } finally {
          b.tearDown();
        }
      }
    }
    System.out.println("checksum " + checksum);
  }

  private static void header(String what) {
    System.out.println("| " + what + " | variant | CPU ns/call (median) | wall ns/call (median) | ratio to ours, CPU (median, IQR) | ratio to ours, wall (median) |");
    System.out.println("|---|---|---:|---:|---:|---:|");
  }

  /** Interleaves the calls (the first is {@code ours}) and prints one table row per call; returns a checksum. */
  private static double compare(String label, List<String> names, List<Call> calls, int rounds, long blockNanos)
      throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int v = calls.size();
    double checksum = 0;
    double[][] cpu = new double[v][rounds];
    double[][] wall = new double[v][rounds];
    // warm-up: every variant, several blocks
    for (int w = 0; w < 10; w++) {
      for (int k = 0; k < v; k++) {
        checksum += block(calls.get(k), blockNanos, mx, new double[2]);
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < v; i++) {
        int k = (i + r) % v; // rotate the order so no variant always follows another
        double[] out = new double[2];
        checksum += block(calls.get(k), blockNanos, mx, out);
        cpu[k][r] = out[0];
        wall[k][r] = out[1];
      }
    }
    for (int k = 0; k < v; k++) {
      double[] cr = new double[rounds];
      double[] wr = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        cr[r] = cpu[k][r] / cpu[0][r];
        wr[r] = wall[k][r] / wall[0][r];
      }
      System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.3f (%.3f-%.3f) | %.3f |%n", label, names.get(k),
          median(cpu[k]), median(wall[k]), median(cr), quantile(cr, 0.25), quantile(cr, 0.75), median(wr));
    }
    return checksum;
  }

  /** Calls {@code c} for about {@code nanos}; puts CPU and wall ns per call into {@code out}. */
  private static double block(Call c, long nanos, ThreadMXBean mx, double[] out) throws Exception {
    double sum = 0;
    long calls = 0;
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long t;
    do {
      for (int i = 0; i < 8; i++) {
        sum += c.call();
      }
      calls += 8;
      t = System.nanoTime();
    } while (t - t0 < nanos);
    long c1 = mx.getCurrentThreadCpuTime();
    out[0] = (double) (c1 - c0) / calls;
    out[1] = (double) (t - t0) / calls;
    return sum;
  }

  private static double median(double[] x) {
    return quantile(x, 0.5);
  }

  private static double quantile(double[] x, double q) {
    double[] s = x.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(s.length - 1, lo + 1);
    return s[lo] + (pos - lo) * (s[hi] - s[lo]);
  }
}
