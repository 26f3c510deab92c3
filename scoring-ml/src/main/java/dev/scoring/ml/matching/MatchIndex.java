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
 * lookup gathers the records sharing a key with the new one, skipping keys held by more than
 * {@code maxPosting} records (they do not discriminate), scores them, and explains the best.
 * Immutable and thread-safe: to update, build a new index and swap it in (see {@link AccountMatchStage#swap}).
 */
public final class MatchIndex {

  /** Default: keys held by more records than this are skipped at lookup. */
  public static final int DEFAULT_MAX_POSTING = 200;
  private static final int MAX_CANDIDATES = 1000;

  private final Matcher matcher;
  private final List<Prepared> records;
  private final Map<String, int[]> postings;
  private final int maxPosting;
  private final ThreadLocal<int[]> seen;
  private final ThreadLocal<int[]> epoch = ThreadLocal.withInitial(() -> new int[1]);

  private MatchIndex(Matcher matcher, List<Prepared> records, Map<String, int[]> postings, int maxPosting) {
    this.matcher = matcher;
    this.records = records;
    this.postings = postings;
    this.maxPosting = maxPosting;
    int n = records.size();
    this.seen = ThreadLocal.withInitial(() -> new int[n]);
  }

  /** Builds an index over {@code table} with {@code matcher}'s model, fitting token weights on the table. */
  public static MatchIndex build(Matcher matcher, List<MatchRecord> table) {
    return build(matcher, table, DEFAULT_MAX_POSTING);
  }

  /** As {@link #build(Matcher, List)}, skipping keys held by more than {@code maxPosting} records at lookup. */
  public static MatchIndex build(Matcher matcher, List<MatchRecord> table, int maxPosting) {
    if (maxPosting < 1) {
      throw new IllegalArgumentException("maxPosting must be positive: " + maxPosting);
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
    return new MatchIndex(m, prepared, postings, maxPosting);
  }

  /** The blocking keys of a prepared record, by field type. */
  private static void keys(Matcher m, Prepared p, List<String> out) {
    for (int f = 0; f < m.fieldCount(); f++) {
      Value v = p.values[f];
      if (v.missing()) {
        continue;
      }
      MatchField field = m.comparison(f).field;
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
    List<String> keys = new ArrayList<>();
    keys(matcher, query, keys);
    int[] marks = seen.get();
    int[] ep = epoch.get();
    int stamp = ++ep[0];
    if (stamp == Integer.MAX_VALUE) {
      Arrays.fill(marks, 0);
      ep[0] = stamp = 1;
    }
    int[] bestIds = new int[k];
    double[] bestMargins = new double[k];
    Arrays.fill(bestMargins, Double.NEGATIVE_INFINITY);
    Arrays.fill(bestIds, -1);
    int scored = 0;
    // the rarest keys first, so a capped lookup still sees the most telling candidates
    keys.sort((x, y) -> Integer.compare(postingSize(x), postingSize(y)));
    outer:
    for (String key : keys) {
      int[] list = postings.get(key);
      if (list == null || list.length > maxPosting) {
        continue;
      }
      for (int id : list) {
        if (marks[id] == stamp) {
          continue;
        }
        marks[id] = stamp;
        double margin = matcher.margin(query, records.get(id));
        if (margin > bestMargins[k - 1]) {
          int pos = k - 1;
          while (pos > 0 && margin > bestMargins[pos - 1]) {
            bestMargins[pos] = bestMargins[pos - 1];
            bestIds[pos] = bestIds[pos - 1];
            pos--;
          }
          bestMargins[pos] = margin;
          bestIds[pos] = id;
        }
        if (++scored >= MAX_CANDIDATES) {
          break outer;
        }
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

  private int postingSize(String key) {
    int[] l = postings.get(key);
    return l == null ? 0 : l.length;
  }
}
