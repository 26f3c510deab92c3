package dev.scoring.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The scorer providers found on a class loader, by type; immutable and thread-safe.
 *
 * <p>Discovery uses {@link ServiceLoader} with the class loader you give (or the thread's context
 * class loader). Two providers that claim the same type make discovery fail, naming both classes.
 * A provider that cannot be loaded or instantiated does not hide: it is kept in {@link #problems()},
 * logged as a warning, and named in the error for an unknown type.
 */
public final class ScorerRegistry {

  private static final System.Logger LOG = System.getLogger(ScorerRegistry.class.getName());

  private final Map<String, ScorerProvider> providers;
  private final List<String> problems;

  private ScorerRegistry(Map<String, ScorerProvider> providers, List<String> problems) {
    this.providers = Map.copyOf(providers);
    this.problems = List.copyOf(problems);
  }

  /** The providers visible from the thread's context class loader (or this library's loader). */
  public static ScorerRegistry discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return discover(loader != null ? loader : ScorerRegistry.class.getClassLoader());
  }

  /**
   * The providers visible from {@code loader}.
   *
   * @throws ModelException if two providers claim the same type
   */
  public static ScorerRegistry discover(ClassLoader loader) {
    Map<String, ScorerProvider> found = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    Iterator<ScorerProvider> it = ServiceLoader.load(ScorerProvider.class, loader).iterator();
    while (true) {
      ScorerProvider provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError e) {
        String problem = "a scorer provider failed to load: " + e.getMessage()
            + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
        LOG.log(System.Logger.Level.WARNING, problem);
        problems.add(problem);
        continue;
      } catch (NoSuchElementException e) {
        break;
      }
      add(found, provider);
    }
    return new ScorerRegistry(found, problems);
  }

  /**
   * A registry of exactly these providers, without discovery (for tests and hosts that wire
   * providers by hand).
   *
   * @throws ModelException if two providers claim the same type
   */
  public static ScorerRegistry of(ScorerProvider... providers) {
    Map<String, ScorerProvider> found = new TreeMap<>();
    for (ScorerProvider p : providers) {
      add(found, p);
    }
    return new ScorerRegistry(found, List.of());
  }

  private static void add(Map<String, ScorerProvider> found, ScorerProvider provider) {
    String type = provider.type();
    ScorerProvider earlier = found.putIfAbsent(type, provider);
    if (earlier != null) {
      throw new ModelException(
          "two scorer providers claim type '" + type + "': " + earlier.getClass().getName()
              + " and " + provider.getClass().getName() + "; remove one from the class path");
    }
  }

  /** The types available, sorted. */
  public List<String> types() {
    return List.copyOf(new TreeMap<>(providers).keySet());
  }

  /** Providers that failed to load, as messages; empty when all loaded. */
  public List<String> problems() {
    return problems;
  }

  /**
   * The provider for {@code type}.
   *
   * @throws ModelException if there is none; the message lists the available types and any
   *     providers that failed to load
   */
  public ScorerProvider provider(String type) {
    ScorerProvider p = providers.get(type);
    if (p == null) {
      StringBuilder msg = new StringBuilder("no scorer provider for type '").append(type)
          .append("'; available: ").append(types());
      if (!problems.isEmpty()) {
        msg.append("; providers that failed to load: ").append(problems);
      }
      throw new ModelException(msg.toString());
    }
    return p;
  }

  /**
   * Builds a scorer with the provider for the spec's type.
   *
   * @throws ModelException if the type is unknown or the provider rejects the spec
   */
  public Scorer load(ScorerSpec spec) {
    ScorerProvider provider = provider(spec.type());
    Scorer scorer;
    try {
      scorer = provider.create(spec);
    } catch (ModelException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelException(
          "provider " + provider.getClass().getName() + " failed to build scorer '" + spec.id() + "' from "
              + spec.source().name() + ": " + e,
          e);
    }
    if (!scorer.schema().equals(spec.schema())) {
      scorer.close();
      throw new ModelException("provider " + provider.getClass().getName() + " bound scorer '" + spec.id()
          + "' to another schema than the spec's");
    }
    return scorer;
  }

  /**
   * What the spec's model declares, read without binding it (empty if its provider cannot say).
   *
   * @throws ModelException if the type is unknown or the model cannot be read
   */
  public java.util.Optional<ModelDescription> describe(ScorerSpec spec) {
    ScorerProvider provider = provider(spec.type());
    try {
      return provider.describe(spec);
    } catch (ModelException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelException("provider " + provider.getClass().getName() + " failed to read " + spec.source().name() + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "ScorerRegistry" + types();
  }
}
