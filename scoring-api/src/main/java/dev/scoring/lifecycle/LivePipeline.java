package dev.scoring.lifecycle;

import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.RuleStage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DecisionPipeline} whose scorers and rule stages can be replaced while it decides.
 *
 * <p>The host names its swappable stages ({@link Stages}) and gives a template that builds the
 * pipeline from them. A swap builds a new pipeline from the new versions and publishes it
 * atomically; each decision takes the pipeline current when it starts and uses it to the end, so it
 * sees one consistent set of versions, and each score in it names its model version in its
 * provenance (hence in the audit record), and a rule stage that decides names its rule-set version.
 * A swap never fails or blocks a call: decisions read one reference and never wait.
 *
 * <pre>{@code
 * LivePipeline live = LivePipeline.builder(
 *         Stages.builder().rules("routing", routing).scorer("lead-score", champion).build(),
 *         s -> DecisionPipeline.builder(schema).rules(s.rules("routing")).scorer(s.scorer("lead-score"))
 *             .policy(policy).audit(auditSink))
 *     .smokeCheck("lead-score", SmokeCheck.probabilities(referenceRows))
 *     .build();
 * Decision d = live.decide(row);
 * live.swapScorer("lead-score", () -> loader.load("lead-score", "lead-score", 4)); // refused if it fails its smoke check
 * live.rollback("lead-score");                                                    // back to the previous version
 * }</pre>
 *
 * <p><b>Refusals.</b> A new version that fails to load, fails the stage's {@link SmokeCheck}, or
 * makes the template fail (a score kind the bands cannot read, say) is refused with a
 * {@link ModelRefusedException}; the version in use stays, and the refused one is closed.
 *
 * <p><b>Resources.</b> Each stage keeps its previous version for {@link #rollback(String)}. A
 * version that is neither current nor previous any more is {@linkplain AutoCloseable#close() closed}
 * once the last decision that started with it has ended (by the thread that ends it, or by the swap
 * if none is in flight), so an ONNX session is never closed under a running decision.
 *
 * <p>Thread-safe; swaps are serialised among themselves. The template runs once per swap and must
 * give the same pipeline for the same stages (the same policy, audit sink and review queue).
 */
public final class LivePipeline {

  private static final System.Logger LOG = System.getLogger(LivePipeline.class.getName());

  private final Function<Stages, DecisionPipeline.Builder> template;
  private final Map<String, SmokeCheck> checks;
  private final AtomicReference<Snapshot> current;
  /** Guarded by this: the previous version of each stage that has one. */
  private final Map<String, Object> previous = new HashMap<>();
  /** Guarded by this: how many undrained snapshots use each stage object. */
  private final Map<Object, Integer> users = new IdentityHashMap<>();
  private final AtomicInteger swaps = new AtomicInteger();

  private LivePipeline(Builder b) {
    this.template = b.template;
    this.checks = Map.copyOf(b.checks);
    Snapshot first = new Snapshot(b.initial, build(b.initial, null));
    this.current = new AtomicReference<>(first);
    synchronized (this) {
      use(first, +1);
    }
  }

  /**
   * Starts a live pipeline.
   *
   * @param initial the first versions of the swappable stages
   * @param template builds the pipeline (without calling {@code build()}) from a set of stage versions
   */
  public static Builder builder(Stages initial, Function<Stages, DecisionPipeline.Builder> template) {
    return new Builder(initial, template);
  }

  /** Decides one record with the pipeline current when the call starts (see {@link DecisionPipeline#decide(Features)}). */
  public Decision decide(Features row) {
    Snapshot s = acquire();
    try {
      return s.pipeline.decide(row);
    } finally {
      release(s);
    }
  }

  /** Decides one record given as a map (see {@link DecisionPipeline#decide(Map)}). */
  public Decision decide(Map<String, ?> record) {
    Snapshot s = acquire();
    try {
      return s.pipeline.decide(record);
    } finally {
      release(s);
    }
  }

  /** The pipeline in use now (for {@code explain}, the schema, the counters of this version). */
  public DecisionPipeline pipeline() {
    return now().pipeline;
  }

  /** The stage versions in use now. */
  public Stages stages() {
    return now().stages;
  }

  /** How many swaps and rollbacks took effect since the pipeline started. */
  public int swaps() {
    return swaps.get();
  }

  /**
   * Replaces the scorer of stage {@code name} with the one {@code loader} gives, after its smoke check.
   *
   * @return the stage versions now in use
   * @throws ModelRefusedException if loading fails, the smoke check fails or the pipeline cannot use it;
   *     the current version stays
   * @throws IllegalArgumentException if there is no such stage or it holds rules
   */
  public Stages swapScorer(String name, Supplier<? extends Scorer> loader) {
    stages().scorer(name);
    Scorer next;
    try {
      next = Objects.requireNonNull(loader.get(), "the loader returned no scorer");
    } catch (RuntimeException e) {
      throw new ModelRefusedException(name, "it failed to load: " + e.getMessage(), e);
    }
    return swap(name, next);
  }

  /** Replaces the scorer of stage {@code name} with {@code next}; see {@link #swapScorer(String, Supplier)}. */
  public Stages swap(String name, Scorer next) {
    stages().scorer(name);
    return install(name, next, () -> check(name).ifPresent(c -> c.check(name, next)));
  }

  /**
   * Replaces the rules of stage {@code name} with {@code next}, after the stage's smoke check (the
   * sample must evaluate without failing).
   *
   * @throws ModelRefusedException if the smoke check fails or the pipeline cannot use them
   * @throws IllegalArgumentException if there is no such stage or it holds a scorer
   */
  public Stages swap(String name, RuleStage next) {
    stages().rules(name);
    return install(name, next, () -> check(name).ifPresent(c -> c.check(name, next)));
  }

  /**
   * Puts the previous version of stage {@code name} back in one step; the version it replaces is
   * closed once no decision uses it.
   *
   * @return the stage versions now in use
   * @throws IllegalStateException if the stage has no previous version (never swapped, or already rolled back)
   */
  public synchronized Stages rollback(String name) {
    Snapshot now = now();
    now.stages.get(name);
    Object back = previous.remove(name);
    if (back == null) {
      throw new IllegalStateException("stage '" + name + "' has no previous version to roll back to");
    }
    Stages stages = now.stages.with(name, back);
    DecisionPipeline pipeline;
    try {
      pipeline = build(stages, name);
    } catch (ModelRefusedException e) {
      previous.put(name, back);
      throw e;
    }
    publish(new Snapshot(stages, pipeline));
    return stages;
  }

  private java.util.Optional<SmokeCheck> check(String name) {
    return java.util.Optional.ofNullable(checks.get(name));
  }

  private Stages install(String name, Object next, Runnable smokeCheck) {
    try {
      smokeCheck.run();
    } catch (RuntimeException e) {
      closeQuietly(next);
      throw e;
    }
    synchronized (this) {
      Snapshot now = now();
      if (now.stages.get(name) == next) {
        return now.stages;
      }
      Stages stages = now.stages.with(name, next);
      DecisionPipeline pipeline;
      try {
        pipeline = build(stages, name);
      } catch (ModelRefusedException e) {
        if (!users.containsKey(next) && !previous.containsValue(next)) {
          closeQuietly(next);
        }
        throw e;
      }
      Object dropped = previous.put(name, now.stages.get(name));
      publish(new Snapshot(stages, pipeline));
      if (dropped != null) {
        closeIfUnused(dropped);
      }
      return stages;
    }
  }

  private DecisionPipeline build(Stages stages, @Nullable String swapped) {
    try {
      return Objects.requireNonNull(template.apply(stages), "the template returned no builder").build();
    } catch (RuntimeException e) {
      if (swapped == null) {
        throw e;
      }
      throw new ModelRefusedException(swapped, "the pipeline cannot use it: " + e.getMessage(), e);
    }
  }

  /** Guarded by this. */
  private void publish(Snapshot next) {
    use(next, +1);
    Snapshot old = Objects.requireNonNull(current.getAndSet(next));
    swaps.incrementAndGet();
    old.retired = true;
    if (old.inFlight.get() == 0) {
      drain(old);
    }
  }

  private Snapshot now() {
    return Objects.requireNonNull(current.get());
  }

  private Snapshot acquire() {
    while (true) {
      Snapshot s = now();
      s.inFlight.incrementAndGet();
      if (current.get() == s) {
        return s;
      }
      release(s);
    }
  }

  private void release(Snapshot s) {
    if (s.inFlight.decrementAndGet() == 0 && s.retired) {
      drain(s);
    }
  }

  /** The last decision with a retired snapshot ended: its stage objects lose one user. */
  private void drain(Snapshot s) {
    if (!s.drained.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      use(s, -1);
      for (Object stage : s.stages.all().values()) {
        closeIfUnused(stage);
      }
    }
  }

  /** Guarded by this. */
  private void use(Snapshot s, int delta) {
    for (Object stage : s.stages.all().values()) {
      users.merge(stage, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  /** Guarded by this: closes a stage object no snapshot uses and no rollback can bring back. */
  private void closeIfUnused(Object stage) {
    if (!users.containsKey(stage) && !previous.containsValue(stage)) {
      closeQuietly(stage);
    }
  }

  private static void closeQuietly(Object stage) {
    if (stage instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception | LinkageError e) {
        LOG.log(System.Logger.Level.WARNING, "closing a replaced stage failed: " + stage, e);
      }
    }
  }

  @Override
  public String toString() {
    return "LivePipeline" + stages().versions();
  }

  /** One published set of stage versions and the pipeline built from it. */
  private static final class Snapshot {
    final Stages stages;
    final DecisionPipeline pipeline;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicBoolean drained = new AtomicBoolean();
    volatile boolean retired;

    Snapshot(Stages stages, DecisionPipeline pipeline) {
      this.stages = stages;
      this.pipeline = pipeline;
    }
  }

  /** Builds a {@link LivePipeline}; not thread-safe. */
  public static final class Builder {
    private final Stages initial;
    private final Function<Stages, DecisionPipeline.Builder> template;
    private final Map<String, SmokeCheck> checks = new LinkedHashMap<>();

    private Builder(Stages initial, Function<Stages, DecisionPipeline.Builder> template) {
      this.initial = Objects.requireNonNull(initial, "initial");
      this.template = Objects.requireNonNull(template, "template");
    }

    /**
     * The check every new version of stage {@code name} must pass before it is swapped in.
     *
     * @throws IllegalArgumentException if there is no such stage
     */
    public Builder smokeCheck(String name, SmokeCheck check) {
      initial.get(name);
      checks.put(name, Objects.requireNonNull(check, "check"));
      return this;
    }

    /**
     * Builds the first pipeline from the initial stages.
     *
     * @throws IllegalStateException if the template's pipeline cannot be built
     */
    public LivePipeline build() {
      return new LivePipeline(this);
    }
  }
}
