package dev.scoring.ml.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory index over a table (accounts) that finds the best matches of one new record in
 * real time. Built once from the table with a {@link Matcher} (whose token weights it fits on the
 * table): every record is normalised once and filed under its blocking keys (name tokens and
 * name prefix, email domain unless free mail, phone digits, postcode, domain, identifiers). A
 * lookup runs in two passes:
 *
 * <ol>
 *   <li>a cheap candidate pass: every record sharing a key with the new one (skipping keys held by
 *       more than {@code maxPosting} records: they do not discriminate) gets a key-overlap score, the
 *       sum over shared keys of the key's rarity {@code ln(1 + n / records holding it)}, each field's
 *       share divided by the square root of the record's own key weight in that field (a cosine per
 *       field, so "Acme Inc." outranks "Acme Bakery Systems" for "Acme");
 *   <li>the full comparison (every field's similarity, levels, weights) on only the
 *       {@code candidates} records with the highest overlap, and the explanation of the best.
 * </ol>
 *
 * With {@code candidates} = {@link #ALL_CANDIDATES} the first pass is skipped and up to 1,000
 * records sharing a key are compared in full (rarest keys first). Immutable and thread-safe: to
 * update, build a new index and swap it in (see {@link AccountMatchStage#swap}).
 */
public final class MatchIndex {

  /** Default: keys held by more records than this are skipped at lookup. */
  public static final int DEFAULT_MAX_POSTING = 200;
  /** Default: records compared in full per lookup, the best by key overlap. */
  public static final int DEFAULT_CANDIDATES = 40;
  /** {@code candidates} value that turns the key-overlap pass off (compare up to 1,000 records in full). */
  public static final int ALL_CANDIDATES = Integer.MAX_VALUE;
  private static final int MAX_FULL = 1000;
  private static final int MAX_GATHERED = 20_000;

  private final Matcher matcher;
  private final List<Prepared> records;
  private final Map<String, int[]> postings;
  private final int maxPosting;
  private final int candidates;
  /** Per field, per record: 1 / sqrt(the record's key weight in the field). */
  private final float[][] inverseNorms;
  private final double size;
  private final ThreadLocal<Scratch> scratch;

  /** Per-thread lookup buffers, reused. */
  private static final class Scratch {
    final int[] marks;
    final float[] overlap;
    int[] touched = new int[256];
    int stamp;
    int[] heapIds = new int[0];
    float[] heapScores = new float[0];

    Scratch(int n) {
      marks = new int[n];
      overlap = new float[n];
    }
  }

  private MatchIndex(Matcher matcher, List<Prepared> records, Map<String, int[]> postings, int maxPosting, int candidates,
      float[][] inverseNorms) {
    this.matcher = matcher;
    this.records = records;
    this.postings = postings;
    this.maxPosting = maxPosting;
    this.candidates = candidates;
    this.inverseNorms = inverseNorms;
    this.size = records.size();
    int n = records.size();
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(n));
  }

  /** Builds an index over {@code table} with {@code matcher}'s model, fitting token weights on the table. */
  public static MatchIndex build(Matcher matcher, List<MatchRecord> table) {
    return build(matcher, table, DEFAULT_MAX_POSTING, DEFAULT_CANDIDATES);
  }

  /** As {@link #build(Matcher, List)}, skipping keys held by more than {@code maxPosting} records at lookup. */
  public static MatchIndex build(Matcher matcher, List<MatchRecord> table, int maxPosting) {
    return build(matcher, table, maxPosting, DEFAULT_CANDIDATES);
  }

  /**
   * As {@link #build(Matcher, List, int)}, comparing in full only the {@code candidates} records with
   * the highest key overlap ({@link #ALL_CANDIDATES}: no overlap pass).
   */
  public static MatchIndex build(Matcher matcher, List<MatchRecord> table, int maxPosting, int candidates) {
    if (maxPosting < 1) {
      throw new IllegalArgumentException("maxPosting must be positive: " + maxPosting);
    }
    if (candidates < 1) {
      throw new IllegalArgumentException("candidates must be positive: " + candidates);
    }
    Matcher m = matcher.withTokenWeights(table);
    List<Prepared> prepared = table.parallelStream().map(m::prepare).toList();
    Map<String, int[]> lists = new HashMap<>();
    Map<String, Integer> sizes = new HashMap<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < prepared.size(); i++) {
      keys.clear();
      keys(m, prepared.get(i), keys);
      for (String k : keys) {
        int[] list = lists.get(k);
        int size = sizes.getOrDefault(k, 0);
        if (list == null) {
          list = new int[2];
        } else if (size == list.length) {
          list = Arrays.copyOf(list, size * 2);
        }
        list[size] = i;
        lists.put(k, list);
        sizes.put(k, size + 1);
      }
    }
    Map<String, int[]> postings = new HashMap<>(lists.size() * 2);
    for (Map.Entry<String, Integer> e : sizes.entrySet()) {
      int[] list = lists.get(e.getKey());
      if (list != null) {
        postings.put(e.getKey(), Arrays.copyOf(list, e.getValue()));
      }
    }
    int n = prepared.size();
    float[][] inverseNorms = new float[m.fieldCount()][n];
    for (Map.Entry<String, int[]> e : postings.entrySet()) {
      int f = field(e.getKey());
      float w = (float) rarity(n, e.getValue().length);
      for (int id : e.getValue()) {
        inverseNorms[f][id] += w * w;
      }
    }
    for (float[] norms : inverseNorms) {
      for (int i = 0; i < n; i++) {
        norms[i] = norms[i] == 0 ? 0 : (float) (1 / Math.sqrt(norms[i]));
      }
    }
    return new MatchIndex(m, prepared, postings, maxPosting, candidates, inverseNorms);
  }

  /** The weight of a key held by {@code holders} of {@code n} records. */
  private static double rarity(double n, int holders) {
    return Math.log(1 + n / holders);
  }

  /** The field index a key starts with ({@code "2:acme"} is field 2). */
  private static int field(String key) {
    int f = 0;
    for (int i = 0; key.charAt(i) != ':'; i++) {
      f = f * 10 + key.charAt(i) - '0';
    }
    return f;
  }

  /** The blocking keys of a prepared record, by field type. */
  private static void keys(Matcher m, Prepared p, List<String> out) {
    for (int f = 0; f < m.fieldCount(); f++) {
      MatchField field = m.comparison(f).field;
      keys(field, f, p.values[f], out);
      if (field.isCross()) {
        keys(field, f, p.others[f], out);
      }
    }
  }

  /** The keys of one value of field {@code f}; a cross field files both its values under the same keys. */
  private static void keys(MatchField field, int f, Value v, List<String> out) {
    if (v.missing()) {
      return;
    }
    String tag = f + ":";
    switch (field.type()) {
      case COMPANY, PERSON, NAME, TEXT, ADDRESS -> {
        for (String t : v.tokens) {
          if (t.length() >= 2 || v.tokens.length == 1) {
            add(out, tag + t);
          }
        }
        if (field.type() != FieldType.TEXT && field.type() != FieldType.ADDRESS) {
          String compact = v.norm.replace(" ", "");
          add(out, tag + "^" + (compact.length() <= 4 ? compact : compact.substring(0, 4)));
        }
        if (field.type() == FieldType.COMPANY && v.partB.length() >= 3) {
          add(out, tag + v.partB);
        }
      }
      case EMAIL -> add(out, tag + (v.flag ? v.norm : "@" + v.partB));
      case PHONE -> add(out, tag + (v.norm.length() <= 7 ? v.norm : v.norm.substring(v.norm.length() - 7)));
      case DOMAIN -> {
        add(out, tag + v.norm);
        add(out, tag + "#" + v.partA);
      }
      case POSTCODE, IDENTIFIER, DATE -> add(out, tag + v.norm);
      default -> { }
    }
  }

  private static void add(List<String> out, String key) {
    if (!out.contains(key)) {
      out.add(key);
    }
  }

  /** The number of indexed records. */
  public int size() {
    return records.size();
  }

  /** The matcher (with the table's token weights). */
  public Matcher matcher() {
    return matcher;
  }

  /** The best match for {@code record}, if any candidate shares a key with it. */
  public Optional<Candidate> best(MatchRecord record) {
    List<Candidate> c = lookup(record, 1);
    return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0));
  }

  /**
   * Up to {@code k} best matches for {@code record}, most probable first, each with its
   * explanation.
   */
  public List<Candidate> lookup(MatchRecord record, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive: " + k);
    }
    Prepared query = matcher.prepare(record);
    Scratch s = scratch.get();
    int gathered = gather(query, s, candidates != ALL_CANDIDATES);
    int[] ids = s.touched;
    int count = gathered;
    if (candidates != ALL_CANDIDATES) {
      count = selectByOverlap(s, gathered, Math.max(candidates, k));
      ids = s.heapIds;
    }
    int[] bestIds = new int[k];
    double[] bestMargins = new double[k];
    Arrays.fill(bestMargins, Double.NEGATIVE_INFINITY);
    Arrays.fill(bestIds, -1);
    for (int c = 0; c < count; c++) {
      int id = ids[c];
      double margin = matcher.margin(query, records.get(id));
      if (margin > bestMargins[k - 1] || (margin == bestMargins[k - 1] && bestIds[k - 1] >= 0 && id < bestIds[k - 1])) {
        int pos = k - 1;
        while (pos > 0 && (margin > bestMargins[pos - 1] || (margin == bestMargins[pos - 1] && id < bestIds[pos - 1]))) {
          bestMargins[pos] = bestMargins[pos - 1];
          bestIds[pos] = bestIds[pos - 1];
          pos--;
        }
        bestMargins[pos] = margin;
        bestIds[pos] = id;
      }
    }
    List<Candidate> out = new ArrayList<>(k);
    for (int i = 0; i < k && bestIds[i] >= 0; i++) {
      Prepared account = records.get(bestIds[i]);
      MatchResult r = matcher.compare(query, account);
      out.add(new Candidate(account.record, r.probability(), r));
    }
    return out;
  }

  /**
   * The ids of the records a lookup of {@code record} compares in full (after the overlap pass,
   * if on), for measuring what the candidate pass loses.
   */
  int[] candidates(MatchRecord record) {
    Scratch s = scratch.get();
    int gathered = gather(matcher.prepare(record), s, candidates != ALL_CANDIDATES);
    if (candidates == ALL_CANDIDATES) {
      return Arrays.copyOf(s.touched, gathered);
    }
    return Arrays.copyOf(s.heapIds, selectByOverlap(s, gathered, candidates));
  }

  /**
   * Collects the records sharing a key with {@code query} into {@code s.touched} (rarest keys
   * first), with their key overlap in {@code s.overlap} when {@code overlap}; returns how many.
   */
  private int gather(Prepared query, Scratch s, boolean overlap) {
    List<String> keys = new ArrayList<>();
    keys(matcher, query, keys);
    if (++s.stamp == Integer.MAX_VALUE) {
      Arrays.fill(s.marks, 0);
      s.stamp = 1;
    }
    int stamp = s.stamp;
    int limit = overlap ? MAX_GATHERED : MAX_FULL;
    int n = 0;
    // the rarest keys first, so a capped lookup still sees the most telling candidates
    keys.sort((x, y) -> Integer.compare(postingSize(x), postingSize(y)));
    for (String key : keys) {
      int[] list = postings.get(key);
      if (list == null || list.length > maxPosting) {
        continue;
      }
      float[] norms = inverseNorms[field(key)];
      float w = (float) rarity(size, list.length);
      for (int id : list) {
        if (s.marks[id] != stamp) {
          if (n == limit) {
            continue;
          }
          s.marks[id] = stamp;
          s.overlap[id] = 0;
          if (n == s.touched.length) {
            s.touched = Arrays.copyOf(s.touched, n * 2);
          }
          s.touched[n++] = id;
        }
        s.overlap[id] += w * norms[id];
      }
      if (n == limit && !overlap) {
        break;
      }
    }
    return n;
  }

  /** Puts the {@code c} touched records with the highest overlap into {@code s.heapIds}; returns how many. */
  private static int selectByOverlap(Scratch s, int touched, int c) {
    if (s.heapIds.length < c) {
      s.heapIds = new int[Math.min(c, Math.max(touched, 16))];
      s.heapScores = new float[s.heapIds.length];
    }
    int[] ids = s.heapIds;
    float[] scores = s.heapScores;
    int size = 0;
    for (int t = 0; t < touched; t++) {
      int id = s.touched[t];
      float v = s.overlap[id];
      if (size < c) {
        if (size == ids.length) {
          s.heapIds = ids = Arrays.copyOf(ids, Math.min(c, size * 2));
          s.heapScores = scores = Arrays.copyOf(scores, ids.length);
        }
        // sift up in a min-heap
        int i = size++;
        while (i > 0) {
          int parent = (i - 1) >>> 1;
          if (scores[parent] <= v) {
            break;
          }
          ids[i] = ids[parent];
          scores[i] = scores[parent];
          i = parent;
        }
        ids[i] = id;
        scores[i] = v;
      } else if (v > scores[0]) {
        // replace the weakest and sift down
        int i = 0;
        while (true) {
          int child = 2 * i + 1;
          if (child >= size) {
            break;
          }
          if (child + 1 < size && scores[child + 1] < scores[child]) {
            child++;
          }
          if (scores[child] >= v) {
            break;
          }
          ids[i] = ids[child];
          scores[i] = scores[child];
          i = child;
        }
        ids[i] = id;
        scores[i] = v;
      }
    }
    return size;
  }

  private int postingSize(String key) {
    int[] l = postings.get(key);
    return l == null ? 0 : l.length;
  }
}
