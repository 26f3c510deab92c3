package dev.scoring.ml.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns scored pairs into entities: connected components of the pairs at or above a probability
 * threshold, merged strongest pair first, with two guards against chaining (A~B, B~C, ..., so A
 * and Z end up together though they differ): a merge is refused if the joined cluster would exceed
 * {@code maxClusterSize} records, or if the share of its cross pairs that are matched (at or above
 * the threshold) would be below {@code minCohesion}. Immutable and thread-safe.
 *
 * @param threshold the least probability that links two records
 * @param maxClusterSize the largest entity, at least 2
 * @param minCohesion in [0, 1]: the least share of matched pairs between two clusters being merged (0 turns it off)
 */
public record Clustering(double threshold, int maxClusterSize, double minCohesion) {

  /** Checks the settings. */
  public Clustering {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1]: " + threshold);
    }
    if (maxClusterSize < 2) {
      throw new IllegalArgumentException("maxClusterSize must be at least 2: " + maxClusterSize);
    }
    if (!(minCohesion >= 0 && minCohesion <= 1)) {
      throw new IllegalArgumentException("minCohesion must be in [0, 1]: " + minCohesion);
    }
  }

  /**
   * Clusters {@code records} records given pairs and their probabilities (aligned).
   *
   * @return the entity of each record: the smallest position in its cluster
   */
  public int[] cluster(int records, CandidatePairs pairs, double[] probabilities) {
    if (probabilities.length != pairs.size()) {
      throw new IllegalArgumentException(probabilities.length + " probabilities for " + pairs.size() + " pairs");
    }
    List<Integer> kept = new ArrayList<>();
    for (int k = 0; k < pairs.size(); k++) {
      if (probabilities[k] >= threshold) {
        kept.add(k);
      }
    }
    kept.sort((x, y) -> {
      int c = Double.compare(probabilities[y], probabilities[x]);
      return c != 0 ? c : Integer.compare(x, y);
    });
    // adjacency of matched pairs, for cohesion
    Map<Integer, List<Integer>> adjacency = new HashMap<>();
    if (minCohesion > 0) {
      for (int k : kept) {
        adjacency.computeIfAbsent(pairs.left(k), x -> new ArrayList<>()).add(pairs.right(k));
        adjacency.computeIfAbsent(pairs.right(k), x -> new ArrayList<>()).add(pairs.left(k));
      }
    }
    int[] parent = new int[records];
    int[] size = new int[records];
    List<@org.jspecify.annotations.Nullable List<Integer>> members = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      parent[i] = i;
      size[i] = 1;
      members.add(null);
    }
    for (int k : kept) {
      int a = find(parent, pairs.left(k));
      int b = find(parent, pairs.right(k));
      if (a == b || size[a] + size[b] > maxClusterSize) {
        continue;
      }
      if (minCohesion > 0 && size[a] * size[b] > 1) {
        int small = size[a] <= size[b] ? a : b;
        int other = small == a ? b : a;
        int links = 0;
        for (int i : membersOf(members, small)) {
          for (int j : adjacency.getOrDefault(i, List.of())) {
            if (find(parent, j) == other) {
              links++;
            }
          }
        }
        if (links < minCohesion * size[a] * size[b]) {
          continue;
        }
      }
      int root = Math.min(a, b);
      int child = Math.max(a, b);
      parent[child] = root;
      size[root] += size[child];
      if (minCohesion > 0) {
        List<Integer> m = new ArrayList<>(membersOf(members, root));
        m.addAll(membersOf(members, child));
        members.set(root, m);
        members.set(child, null);
      }
    }
    int[] entity = new int[records];
    for (int i = 0; i < records; i++) {
      entity[i] = find(parent, i);
    }
    return entity;
  }

  private static List<Integer> membersOf(List<@org.jspecify.annotations.Nullable List<Integer>> members, int root) {
    List<Integer> m = members.get(root);
    return m == null ? List.of(root) : m;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** The pairs of records that share an entity (for evaluation against true pairs). */
  public static CandidatePairs pairsOf(int[] entity) {
    List<String> ids = new ArrayList<>(entity.length);
    for (int e : entity) {
      ids.add(Integer.toString(e));
    }
    return CandidatePairs.sameEntity(ids);
  }

  /** The number of distinct entities. */
  public static int entities(int[] entity) {
    return (int) Arrays.stream(entity).distinct().count();
  }
}
