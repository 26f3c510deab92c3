package dev.scoring.ml.matching;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Inverse document frequencies of tokens over a table (one document per record value), for
 * TF-IDF weighted comparisons: {@code idf(t) = ln((N + 1) / (df(t) + 1)) + 1}, so a token seen in
 * no record weighs most and one in every record still weighs a little. Immutable and thread-safe.
 */
public final class TokenWeights {

  private final Map<String, Double> idf;
  private final int documents;
  private final double unseen;

  private TokenWeights(Map<String, Double> idf, int documents) {
    this.idf = Map.copyOf(idf);
    this.documents = documents;
    this.unseen = Math.log(documents + 1.0) + 1.0;
  }

  /** Counts document frequencies over {@code documents}, each a token list (duplicates count once). */
  public static TokenWeights fit(Collection<? extends List<String>> documents) {
    Map<String, Integer> df = new HashMap<>();
    for (List<String> doc : documents) {
      for (String t : new LinkedHashSet<>(doc)) {
        df.merge(t, 1, Integer::sum);
      }
    }
    int n = documents.size();
    Map<String, Double> idf = new HashMap<>(df.size() * 2);
    for (Map.Entry<String, Integer> e : df.entrySet()) {
      idf.put(e.getKey(), Math.log((n + 1.0) / (e.getValue() + 1.0)) + 1.0);
    }
    return new TokenWeights(idf, n);
  }

  /** Weights from a stored table (as {@link #table()} gives it). */
  static TokenWeights of(Map<String, Double> idf, int documents) {
    return new TokenWeights(idf, documents);
  }

  /** The table: token to inverse document frequency. */
  Map<String, Double> table() {
    return idf;
  }

  /** Weights where every token counts the same (no table seen). */
  public static TokenWeights uniform() {
    return new TokenWeights(Map.of(), 0);
  }

  /** The number of documents fitted. */
  public int documents() {
    return documents;
  }

  /** The inverse document frequency of {@code token}; tokens never seen get the largest. */
  public double idf(String token) {
    Double w = idf.get(token);
    return w == null ? unseen : w;
  }

  /** The number of documents holding {@code token}, estimated back from its weight (0 if unseen). */
  int documentFrequency(String token) {
    Double w = idf.get(token);
    return w == null ? 0 : (int) Math.round((documents + 1.0) / Math.exp(w - 1.0) - 1.0);
  }

  /** The unit-length IDF vector of distinct tokens. */
  double[] vector(String[] tokens) {
    double[] w = new double[tokens.length];
    double norm = 0;
    for (int i = 0; i < tokens.length; i++) {
      w[i] = idf(tokens[i]);
      norm += w[i] * w[i];
    }
    norm = Math.sqrt(norm);
    if (norm > 0) {
      for (int i = 0; i < w.length; i++) {
        w[i] /= norm;
      }
    }
    return w;
  }

  /** The distinct tokens in first-seen order. */
  static String[] distinct(List<String> tokens) {
    return new LinkedHashSet<>(tokens).toArray(new String[0]);
  }
}
