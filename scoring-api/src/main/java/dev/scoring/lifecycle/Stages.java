package dev.scoring.lifecycle;

import dev.scoring.api.Provenance;
import dev.scoring.api.Scorer;
import dev.scoring.decision.RuleStage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The versions of the swappable stages of a {@link LivePipeline} at one moment: named scorers and
 * rule stages. Immutable; a {@link LivePipeline} builds its pipeline from one {@code Stages} and
 * replaces both together on a swap.
 */
public final class Stages {

  private final Map<String, Object> stages;

  private Stages(Map<String, Object> stages) {
    this.stages = Collections.unmodifiableMap(stages);
  }

  /** Starts a set of stages. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The scorer in stage {@code name}.
   *
   * @throws IllegalArgumentException if there is no such stage or it holds rules
   */
  public Scorer scorer(String name) {
    if (get(name) instanceof Scorer s) {
      return s;
    }
    throw new IllegalArgumentException("stage '" + name + "' holds rules, not a scorer");
  }

  /**
   * The rule stage in stage {@code name}.
   *
   * @throws IllegalArgumentException if there is no such stage or it holds a scorer
   */
  public RuleStage rules(String name) {
    if (get(name) instanceof RuleStage r) {
      return r;
    }
    throw new IllegalArgumentException("stage '" + name + "' holds a scorer, not rules");
  }

  /** The stage names, in the order they were added. */
  public java.util.Set<String> names() {
    return stages.keySet();
  }

  /**
   * The version of each stage, by name: a scorer's {@code modelVersion (modelDigest)} from its
   * provenance, a rule stage's {@link RuleStage#rulesVersion()} (or {@code "unversioned"}).
   */
  public Map<String, String> versions() {
    Map<String, String> out = new LinkedHashMap<>();
    stages.forEach((name, stage) -> out.put(name, versionOf(stage)));
    return Collections.unmodifiableMap(out);
  }

  static String versionOf(Object stage) {
    if (stage instanceof Scorer s) {
      Provenance p = s.provenance();
      return p.modelVersion() + " (" + p.modelDigest() + ")";
    }
    return ((RuleStage) stage).rulesVersion().orElse("unversioned");
  }

  Object get(String name) {
    Object stage = stages.get(name);
    if (stage == null) {
      throw new IllegalArgumentException("no stage '" + name + "'; stages: " + stages.keySet());
    }
    return stage;
  }

  Map<String, Object> all() {
    return stages;
  }

  Stages with(String name, Object stage) {
    Object old = get(name);
    if ((old instanceof Scorer) != (stage instanceof Scorer)) {
      throw new IllegalArgumentException("stage '" + name + "' holds "
          + (old instanceof Scorer ? "a scorer" : "rules") + "; it cannot take "
          + (stage instanceof Scorer ? "a scorer" : "rules"));
    }
    Map<String, Object> next = new LinkedHashMap<>(stages);
    next.put(name, stage);
    return new Stages(next);
  }

  @Override
  public String toString() {
    return "Stages" + versions();
  }

  /** Builds {@link Stages}; not thread-safe. */
  public static final class Builder {
    private final Map<String, Object> stages = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a scorer stage. @throws IllegalArgumentException if the name is taken */
    public Builder scorer(String name, Scorer scorer) {
      return add(name, Objects.requireNonNull(scorer, "scorer"));
    }

    /** Adds a rule stage. @throws IllegalArgumentException if the name is taken */
    public Builder rules(String name, RuleStage rules) {
      return add(name, Objects.requireNonNull(rules, "rules"));
    }

    private Builder add(String name, Object stage) {
      Objects.requireNonNull(name, "name");
      if (stages.putIfAbsent(name, stage) != null) {
        throw new IllegalArgumentException("two stages named '" + name + "'");
      }
      return this;
    }

    /** The stages. */
    public Stages build() {
      return new Stages(new LinkedHashMap<>(stages));
    }
  }
}
