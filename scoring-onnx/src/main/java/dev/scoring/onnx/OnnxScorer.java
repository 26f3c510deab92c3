package dev.scoring.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.ShapleyExplainer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A scorer over one shared {@link OrtSession}. Thread-safe: ONNX Runtime's {@code run} is, and
 * each thread fills its own {@link Scratch} buffers. A read lock around each run lets
 * {@link #close()} wait for calls in flight, so a session is never freed under a running call.
 */
final class OnnxScorer implements Scorer {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final OrtSession.SessionOptions options;
  private final FeatureSchema schema;
  private final Provenance provenance;
  private final InputBinding[] inputs;
  private final OutputDecoder decoder;
  private final Set<String> requested;
  /** Rows per run: the model's fixed batch size (runs are padded to it) or the configured chunk. */
  private final int chunk;
  private final boolean fixedBatch;
  private final int maxRows;
  private final Function<OnnxScorer, ShapleyExplainer> explainerFactory;
  private final ThreadLocal<Scratch> scratch;
  /** Whether the first input is a float matrix, whose gather checks each row's schema before reading it. */
  private final boolean gatherChecksSchema;
  private final StampedLock lock = new StampedLock();
  private volatile boolean closed;
  private volatile @Nullable ShapleyExplainer explainer;

  OnnxScorer(OrtEnvironment env, OrtSession session, OrtSession.SessionOptions options, FeatureSchema schema,
      Provenance provenance, InputBinding[] inputs, OutputDecoder decoder, int chunk, boolean fixedBatch, int maxRows,
      Function<OnnxScorer, ShapleyExplainer> explainerFactory) {
    this.env = env;
    this.session = session;
    this.options = options;
    this.schema = schema;
    this.provenance = provenance;
    this.inputs = inputs.clone();
    this.decoder = decoder;
    this.requested = decoder.labelOutput == null ? Set.of(decoder.output) : Set.of(decoder.output, decoder.labelOutput);
    this.chunk = chunk;
    this.fixedBatch = fixedBatch;
    this.maxRows = maxRows;
    this.explainerFactory = explainerFactory;
    int slots = inputs.length;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(slots));
    this.gatherChecksSchema = inputs.length > 0 && inputs[0] instanceof InputBinding.Matrix && inputs[0].elem == Elem.FLOAT;
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return schema;
  }

  /** The model inputs, for the README's and tests' checks. */
  List<InputBinding> inputs() {
    return List.of(inputs);
  }

  /** What the output option or the output's shape says. */
  @Override
  public java.util.Optional<dev.scoring.api.ScoreKind> kind() {
    return java.util.Optional.of(decoder.kind);
  }

  @Override
  public Score score(Features row) {
    row.requireSchema(schema);
    Scratch s = scratch.get();
    try {
      run(s.one.set(row), 0, 1, null, 0, s.score, s);
      return Objects.requireNonNull(s.score[0]);
    } finally {
      s.one.clear0();
      s.score[0] = null;
    }
  }

  @Override
  public double scoreValue(Features row) {
    row.requireSchema(schema);
    Scratch s = scratch.get();
    try {
      run(s.one.set(row), 0, 1, s.value, 0, null, s);
    } finally {
      s.one.clear0();
    }
    return s.value[0];
  }

  @Override
  public List<Score> scoreBatch(List<? extends Features> rows) {
    Score[] out = new Score[rows.size()];
    batch(rows, null, out);
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  @Override
  public void scoreBatch(List<? extends Features> rows, double[] values) {
    if (values.length < rows.size()) {
      throw new IllegalArgumentException(values.length + " slots for " + rows.size() + " rows");
    }
    batch(rows, values, null);
  }

  private void batch(List<? extends Features> rows, double @Nullable [] values, @Nullable Score @Nullable [] scores) {
    int n = rows.size();
    if (n > maxRows) {
      throw new RecordException(RecordException.Problem.TOO_LARGE, null,
          "a batch of " + n + " rows is more than the limit of " + maxRows + " of scorer '" + provenance.scorerId()
              + "' (option " + OnnxOptions.BATCH_MAX_ROWS + ")");
    }
    // every row's schema before any output; for one chunk into a float matrix the gather checks each row before reading it
    if (n > chunk || !gatherChecksSchema) {
      for (int i = 0; i < n; i++) {
        rows.get(i).requireSchema(schema);
      }
    }
    if (n == 0) {
      checkOpen();
      return;
    }
    Scratch s = scratch.get();
    for (int from = 0; from < n; from += chunk) {
      int m = Math.min(chunk, n - from);
      run(rows, from, m, values, from, scores, s);
    }
  }

  /** One ONNX Runtime call for rows {@code [from, from + n)}; every tensor and result is closed on every path. */
  private void run(List<? extends Features> rows, int from, int n, double @Nullable [] values, int vo,
      @Nullable Score @Nullable [] scores, Scratch s) {
    int batch = fixedBatch ? chunk : n;
    long stamp = lock.readLock();
    try {
      checkOpen();
      @Nullable OnnxTensor[] tensors = s.tensors;
      try {
        for (int i = 0; i < inputs.length; i++) {
          OnnxTensor t = inputs[i].tensor(env, rows, from, n, batch, s, i, schema);
          tensors[i] = t;
          s.inputs.put(inputs[i].name, t);
        }
        try (OrtSession.Result result = session.run(s.inputs, requested)) {
          decoder.decode(result, n, batch, provenance, values, vo, scores, vo);
        }
      } catch (OrtException e) {
        throw new RecordException(RecordException.Problem.INVALID, null,
            "ONNX Runtime could not score " + (n == 1 ? "the record" : "a batch of " + n + " records") + " with scorer '"
                + provenance.scorerId() + "': " + e.getMessage(), e);
      } finally {
        for (int i = 0; i < tensors.length; i++) {
          OnnxTensor t = tensors[i];
          if (t != null) {
            t.close();
            tensors[i] = null;
          }
        }
        s.inputs.clear();
      }
    } finally {
      lock.unlockRead(stamp);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("scorer '" + provenance.scorerId() + "' is closed");
    }
  }

  /**
   * Shapley values of the bound features against the configured baseline record; exact for few
   * features, a KernelSHAP estimate otherwise (see {@link ShapleyExplainer} for the cost). The
   * margin explained is the score's value: ONNX models carry no link function the scorer could
   * invert.
   */
  @Override
  public Explanation explain(Features row) {
    row.requireSchema(schema);
    checkOpen();
    ShapleyExplainer e = explainer;
    if (e == null) {
      synchronized (this) {
        e = explainer;
        if (e == null) {
          e = explainerFactory.apply(this);
          explainer = e;
        }
      }
    }
    return e.explain(row);
  }

  /** Closes the session and its options once, after the calls in flight; never the shared environment. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    long stamp = lock.writeLock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException("closing the ONNX session of scorer '" + provenance.scorerId() + "' failed", e);
      } finally {
        options.close();
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public String toString() {
    return "OnnxScorer[" + provenance + "]";
  }
}
